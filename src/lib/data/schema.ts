/**
 * The data model, declared once. Every file in `geodata/` (and every imported file) is
 * checked against these valibot schemas; the TypeScript types below are inferred from them,
 * and `npm run schema` writes them out as JSON Schema in `docs/schema/`. Checks that need
 * more than one file (a citation names a catalogued source, ids are unique across files)
 * live in `validate.ts`, after the schema pass.
 */
import * as v from 'valibot';
import { GeometrySchema } from './schema-geometry';
import { zoneOffset } from './time';
import { withQuickAnswer } from './schema-quick';
import type { RelationTypeDef } from './manifest';

export * from './schema-constants';
import { CLAIM_STATUSES, FIGURE_QUALIFIERS, LOCATION_BASES, MAX_ID_LENGTH, SOURCE_TYPES, TIME_PRECISIONS, isHttpUrl, isRealDate, quote } from './schema-constants';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/;
const DAY_OR_MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))?$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * True when a date-time with offset names a real instant: hour 25, second 60 or offset
 * +99:99 match the pattern but are no time at all (and would show as "Invalid Date").
 */
function isRealMoment(s: string): boolean {
  const m = /T(\d{2}):(\d{2})(?::(\d{2}))?(?:([+-])(\d{2}):(\d{2})|Z)$/.exec(s);
  if (!m) return false;
  const [, h, min, sec = '0', , oh = '0', om = '0'] = m;
  if (+h > 23 || +min > 59 || +sec > 59 || +oh > 14 || +om > 59) return false;
  return Number.isFinite(Date.parse(s));
}

/** Milliseconds for a date or date-time, for ordering a window's ends. */
function sortable(s: string): number {
  return new Date(DATE.test(s) ? `${s}T00:00:00Z` : s).getTime();
}

/** What a check on one member of an object reports: the member's name and the message. */
type Finding = [key: string, message: string];

/**
 * A check across members of one object (a range's two ends, a time and its precision),
 * reported on the member that has to change. It runs even when other members failed, and
 * looks only at members of the right type, so every problem is still reported.
 */
function across<T extends object>(check: (o: Partial<T> & Record<string, unknown>) => Finding[]) {
  const action = v.rawCheck<T>(({ dataset, addIssue }) => {
    const o = dataset.value;
    if (typeof o !== 'object' || o === null) return;
    for (const [key, message] of check(o as Partial<T> & Record<string, unknown>)) {
      addIssue({ message, path: [{ type: 'object', origin: 'value', input: o as Record<string, unknown>, key, value: (o as Record<string, unknown>)[key] }] });
    }
  });
  // The quick pass asks only on an object its schema typed.
  return withQuickAnswer(action, (o) => check(o as Partial<T> & Record<string, unknown>).length === 0);
}

/** The message a member's own schema gives for `undefined`: a missing title says what a title must be. */
function missingMessage(schema: v.GenericSchema): string {
  return v.safeParse(schema, undefined).issues?.[0].message ?? 'is required';
}

/**
 * An object schema whose "missing member" problems carry that member's own message, so a
 * missing and a malformed field read alike ("title: must be a non-empty string").
 */
function record<E extends v.ObjectEntries>(entries: E, message = 'must be an object') {
  const missing = new Map(Object.entries(entries).map(([k, s]) => [k, missingMessage(s)]));
  return v.object(entries, (issue) => {
    const key = issue.path?.[0]?.key;
    return typeof key === 'string' && issue.path?.[0]?.origin === 'key' ? (missing.get(key) ?? message) : message;
  });
}

const TEXT = 'must be a non-empty string with a visible character';
/** A string with at least one visible character: not only spaces, nor only zero-width or direction marks (a title of those showed as nothing). */
const Text = v.pipe(v.string(TEXT), v.regex(/[^\p{White_Space}\p{Cf}\p{Cc}]/u, TEXT));

/** One of a fixed list of words, saying which were allowed and what was found. */
const oneOf = <const T extends readonly string[]>(allowed: T) =>
  v.picklist(allowed, (issue) => `must be one of ${allowed.join(', ')} (got ${quote(issue.input)})`);

const dateMessage = (issue: { input: unknown }) => `must be a date as YYYY-MM-DD (got ${quote(issue.input)})`;
/** A calendar day, YYYY-MM-DD. */
const Day = v.pipe(v.string(dateMessage), v.regex(DATE, dateMessage), v.check(isRealDate, dateMessage));

const ID_RULE = `must be a string of lowercase letters, digits and hyphens, at most ${MAX_ID_LENGTH} long`;
/** An id a link can carry: lowercase letters, digits and hyphens, short enough for a URL. */
const LinkId = v.pipe(v.string(ID_RULE), v.maxLength(MAX_ID_LENGTH, ID_RULE), v.regex(ID, ID_RULE));
const SLUG = 'must be lowercase letters, digits and hyphens';
/** A catalogue id (sources, originators, layers): the id rule without the link's length limit. */
const Slug = v.pipe(v.string(SLUG), v.regex(ID, SLUG));

const URL_RULE = 'must be an http(s) URL';
const HttpUrl = v.pipe(v.string(URL_RULE), v.regex(/^https?:\/\//i, URL_RULE), v.check((s: string) => isHttpUrl(s), URL_RULE));
const BOOLEAN = 'must be true or false';

/** Source ids a fact rests on; whether each is in the catalogue is checked across files. */
const citations = (min = 1) => {
  const message = `must be a list of at least ${min} source id(s)`;
  return v.pipe(v.array(v.string(message), message), v.minLength(min, message));
};

/** An agency or outlet that originates stories others republish. */
export const OriginatorSchema = record({ id: Slug, name: Text, type: oneOf(SOURCE_TYPES) });
export type Originator = v.InferOutput<typeof OriginatorSchema>;

/** One entry of the source catalog (`geodata/sources.json`). */
export const SourceSchema = v.pipe(
  record({
  id: Slug,
  publisher: Text,
  title: Text,
  /** Publication date, YYYY-MM-DD; absent for undated reference pages. */
  published: v.optional(Day),
  /** The page; an imported data file (type `dataset`) may have none (an empty string). */
  url: v.union([HttpUrl, v.literal('')], URL_RULE),
  /** A snapshot of the page in a web archive. */
  archiveUrl: v.optional(HttpUrl),
  /** When the snapshot was taken (ISO 8601 in UTC), as recorded by `npm run archive`. */
  archivedAt: v.optional(v.pipe(v.string('must be an ISO 8601 date-time'), v.check((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time'))),
  /** SHA-256 (hex) of the bytes the archive served for the snapshot, so a later copy can be compared. */
  archiveSha256: v.optional(v.pipe(v.string('must be 64 lowercase hex digits'), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'))),
  /** BCP 47 language tag of the source's text. */
  language: Text,
  type: oneOf(SOURCE_TYPES),
  /**
   * Id of the agency (in the catalogue's `originators`) whose story this is, on its own
   * site or republished. Independence is counted by originator, not by URL.
   */
  originator: v.optional(v.string('must be the id of an originator in the catalogue')),
  /** A republished story whose originating agency is not known (listed by `npm run validate`). */
  syndicated: v.optional(v.boolean(BOOLEAN)),
  }),
  across((s): Finding[] => (s.url === '' && s.type !== 'dataset' ? [['url', URL_RULE]] : [])),
);
export type Source = v.InferOutput<typeof SourceSchema>;

/** The source catalogue file: the originators, then the sources. */
export const SourceCatalogSchema = v.object({ originators: v.optional(v.array(OriginatorSchema)), sources: v.array(SourceSchema) });
export type SourceCatalog = v.InferOutput<typeof SourceCatalogSchema>;

const NUMBER = 'must be a number';
const FiniteNumber = v.pipe(v.number(NUMBER), v.finite(NUMBER));

/** A statement someone made, when, and who reported it. Figures carry a value and unit. */
export const ClaimSchema = v.pipe(
  record({
    id: Text,
    /** Claims about the same quantity share a topic, so they are shown side by side. */
    topic: Text,
    statement: Text,
    value: v.optional(FiniteNumber),
    /** Upper end when the claim is a range (e.g. 94–95). */
    valueMax: v.optional(FiniteNumber),
    /** How the source bounds the figure: "more than 300" is not "300". */
    qualifier: v.optional(oneOf(FIGURE_QUALIFIERS)),
    unit: v.optional(Text),
    /** Who made the claim (a person, body or outlet). */
    by: Text,
    /** When the claim was made or first reported, YYYY-MM-DD. */
    date: Day,
    status: oneOf(CLAIM_STATUSES),
    /** Made by a government or military body. */
    official: v.optional(v.boolean(BOOLEAN)),
    /** For a distance or time gap: the id of the feature it is measured from, so it can be checked against the map. */
    from: v.optional(v.string('must be a feature id')),
    sources: citations(),
  }),
  across((c) => {
    const found: Finding[] = [];
    if (c.valueMax !== undefined && c.value === undefined) found.push(['valueMax', 'a range needs "value" as its lower end']);
    if (typeof c.value === 'number' && typeof c.valueMax === 'number' && c.valueMax < c.value) found.push(['valueMax', 'must not be below "value"']);
    if (c.value !== undefined && c.unit === undefined) found.push(['unit', TEXT]);
    if (c.qualifier !== undefined && c.value === undefined) found.push(['qualifier', 'qualifies a figure, so the claim needs "value"']);
    if (c.from !== undefined && c.unit !== 'm' && c.unit !== 'minutes') {
      found.push(['from', 'must be a feature id, on a distance in metres (unit "m") or a time gap in minutes (unit "minutes")']);
    }
    return found;
  }),
);
export type Claim = v.InferOutput<typeof ClaimSchema>;

const LOCAL_FORM = (issue: { input: unknown }) => `must be YYYY-MM-DD or an ISO 8601 date-time with its UTC offset (got ${quote(issue.input)})`;

/** When an event happened, as reported, in local time. */
export const EventTimeSchema = v.pipe(
  record({
    /** ISO 8601: a date (YYYY-MM-DD) when only the day is known, else a date-time with its UTC offset. */
    local: v.pipe(v.string(LOCAL_FORM), v.regex(DAY_OR_MOMENT, LOCAL_FORM)),
    /** End of the window when the event is only known to lie between `local` and `end` (same form). */
    end: v.optional(v.pipe(v.string('must have the same form as time.local'), v.regex(DAY_OR_MOMENT, 'must have the same form as time.local'))),
    precision: oneOf(TIME_PRECISIONS),
    approximate: v.boolean(BOOLEAN),
    /** Abbreviation of the local zone, e.g. IRST. */
    zone: Text,
    note: v.optional(Text),
    sources: citations(),
  }),
  across((t) => {
    const found: Finding[] = [];
    const local = typeof t.local === 'string' ? t.local : undefined;
    const isDay = local !== undefined && DATE.test(local);
    const isMoment = local !== undefined && DATE_TIME_WITH_OFFSET.test(local);
    if (isDay || isMoment) {
      if (!isRealDate(local!)) found.push(['local', 'is not a real calendar date']);
      else if (isMoment && !isRealMoment(local!)) found.push(['local', `is not a real time of day with a real UTC offset (got ${quote(local)})`]);
    }
    if (typeof t.end === 'string' && DAY_OR_MOMENT.test(t.end)) {
      const end = t.end;
      if (isDay ? !DATE.test(end) : !DATE_TIME_WITH_OFFSET.test(end)) found.push(['end', 'must have the same form as time.local']);
      else if (!isRealDate(end) || (!isDay && !isRealMoment(end))) found.push(['end', `is not a real date and time (got ${quote(end)})`]);
      else if ((isDay || isMoment) && sortable(end) <= sortable(local!)) found.push(['end', 'must come after time.local']);
    }
    if (isDay && t.precision !== 'day') found.push(['precision', 'a date without a time must have precision "day"']);
    if (isMoment && t.precision === 'day') found.push(['precision', 'a date-time must not have precision "day"; give only the date']);
    if (isDay && typeof t.zone === 'string' && /\S/.test(t.zone) && zoneOffset(t.zone, local!) === undefined) {
      found.push(['zone', `a day-only time needs an IANA zone ("Europe/Paris"), a fixed offset ("UTC+05:00") or an abbreviation the atlas manifest declares in "zones" to place the day in UTC (got ${quote(t.zone)})`]);
    }
    return found;
  }),
);
export type EventTime = v.InferOutput<typeof EventTimeSchema>;

const RADIUS = 'must be a positive number of metres';
/** Where a coordinate comes from and how far the true position may lie from it. */
export const LocationInfoSchema = record({
  basis: oneOf(LOCATION_BASES),
  /** The true position may lie this far away. */
  radiusM: v.pipe(v.number(RADIUS), v.finite(RADIUS), v.gtValue(0, RADIUS)),
  note: Text,
  sources: citations(),
});
export type LocationInfo = v.InferOutput<typeof LocationInfoSchema>;

const CLAIMS = 'must be a non-empty list: every feature states at least one sourced fact';
/** A feature's or incident's claims: at least one. */
const Claims = v.pipe(v.array(ClaimSchema, CLAIMS), v.minLength(1, CLAIMS));

const TITLES = 'must be an object of titles by language tag, e.g. {"de": "…"}';

/** Properties of one event or reference place in a `geodata/` layer file. */
export const EventPropertiesSchema = record({
  title: Text,
  /** The title in other languages, by BCP 47 tag (`{"fa": "…"}`), e.g. the local name of a place. */
  titles: v.optional(v.record(v.string(), Text, TITLES)),
  /** The layer id; it must match the layer file the feature sits in. */
  layer: Text,
  /** Natural Earth name of the country the position lies in. */
  country: Text,
  place: Text,
  time: v.optional(EventTimeSchema),
  location: LocationInfoSchema,
  actors: v.array(v.string('must be a list of names'), 'must be a list of names'),
  claims: Claims,
});
export type EventProperties = v.InferOutput<typeof EventPropertiesSchema>;

/** One event or reference place: an RFC 7946 Feature of any simple geometry, with an id. */
export const EventFeatureSchema = record(
  {
    type: v.literal('Feature', 'must be a GeoJSON Feature'),
    /** Stable and unique across all files; used in links. */
    id: LinkId,
    geometry: GeometrySchema,
    properties: EventPropertiesSchema,
  },
  'must be a GeoJSON Feature',
);
export type EventFeature = v.InferOutput<typeof EventFeatureSchema>;

/** A layer file: an RFC 7946 FeatureCollection (WGS84, no `crs`). */
export const LayerFileSchema = v.object({ type: v.literal('FeatureCollection'), features: v.array(EventFeatureSchema) });
export type EventCollection = v.InferOutput<typeof LayerFileSchema>;

/** One map layer, as listed in `geodata/layers.json`; the list order is the draw order. */
export const LayerDefSchema = record({
  id: Slug,
  title: Text,
  description: Text,
  /** File name inside the atlas folder (`geodata/` for the built-in one). */
  file: v.pipe(Text, v.regex(/^[a-z0-9-]+\.geojson$/, 'must be a .geojson file name in the atlas folder (lowercase letters, digits and hyphens; no folders)')),
  /** Drawn into the map's style and the page's swatches: a colour as #rrggbb, nothing else. */
  color: v.pipe(Text, v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb')),
});
export type LayerDef = v.InferOutput<typeof LayerDefSchema>;

export const LayerListSchema = v.object({ layers: v.array(LayerDefSchema) });
export type LayerList = v.InferOutput<typeof LayerListSchema>;

const FEATURE_ID = 'must be a feature id';

/** A sourced link between two features (`geodata/relations.json`), drawn as a great-circle arc. */
export const RelationSchema = v.pipe(
  record({
    id: LinkId,
    from: v.string(FEATURE_ID),
    to: v.string(FEATURE_ID),
    /** A built-in type or one the atlas manifest declares; which are allowed is checked against the manifest. */
    type: Slug,
    statement: Text,
    by: Text,
    date: Day,
    status: oneOf(CLAIM_STATUSES),
    sources: citations(),
  }),
  across((r): Finding[] => (r.from !== undefined && r.from === r.to ? [['to', 'must link two different features']] : [])),
);
export type Relation = v.InferOutput<typeof RelationSchema>;

export const RelationListSchema = v.object({ relations: v.array(RelationSchema) });
export type RelationList = v.InferOutput<typeof RelationListSchema>;

const featureList = (min: number, message: string) => v.pipe(v.array(v.string(message), message), v.minLength(min, message));

/** One step of the guided story (`geodata/story.json`). */
export const StoryStepSchema = record({
  id: LinkId,
  title: Text,
  text: Text,
  /** Features the camera fits; the first one's panel opens. */
  features: featureList(1, 'must list at least one feature id'),
  relation: v.optional(v.string('must be a relation id')),
  /** `close` fits the features tightly, `region` with wide margins. */
  view: oneOf(['close', 'region'] as const),
  sources: citations(),
});
export type StoryStep = v.InferOutput<typeof StoryStepSchema>;

export const StorySchema = v.object({ steps: v.array(StoryStepSchema) });
export type Story = v.InferOutput<typeof StorySchema>;

/**
 * One event made of several features (the Kerman attack: two explosions). Figures about the
 * event as a whole (its death toll, the claim of responsibility) are its claims, not one
 * feature's (`geodata/incidents.json`).
 */
export const IncidentSchema = record({
  id: Slug,
  title: Text,
  /** The features that make up the event; their panels show the incident's claims too. */
  features: featureList(1, 'must list at least one feature id'),
  claims: Claims,
});
export type Incident = v.InferOutput<typeof IncidentSchema>;

export const IncidentListSchema = v.object({ incidents: v.array(IncidentSchema) });
export type IncidentList = v.InferOutput<typeof IncidentListSchema>;

/**
 * A road or path drawn through sourced points in order (`geodata/routes.json`): a schematic
 * line of straight segments between features whose positions are sourced, never a traced street.
 */
export const RouteSchema = record({
  id: Slug,
  title: Text,
  /** Feature ids in order along the route. */
  via: featureList(2, 'must list at least two feature ids, in order along the route'),
  /** What the route rests on and why it is drawn this way. */
  note: Text,
  sources: citations(),
});
export type Route = v.InferOutput<typeof RouteSchema>;

export const RouteListSchema = v.object({ routes: v.array(RouteSchema) });
export type RouteList = v.InferOutput<typeof RouteListSchema>;

/** A problem found in the data, precise enough to fix: which file, which feature, which field. */
export interface Problem {
  file: string;
  feature?: string;
  field?: string;
  message: string;
  severity: 'error' | 'warning';
  /**
   * The id of the feature a warning is about, where an import added one: a feature found
   * already on the map is not added, and what the file said of its copy is not reported.
   */
  featureId?: string;
}

/** Everything the app shows, after loading and validation. */
export interface Atlas {
  layers: LayerDef[];
  features: EventFeature[];
  relations: Relation[];
  incidents: Incident[];
  routes: Route[];
  story: StoryStep[];
  sources: Map<string, Source>;
  originators: Map<string, Originator>;
  /**
   * Relation types and calendars that files added to the map define (an export of another
   * atlas, its `relationTypes` and `calendars`), so that their links keep their words and
   * their dates the calendars they were shown in; the loaded atlas's own are its manifest's.
   */
  relationTypes?: Record<string, RelationTypeDef>;
  calendars?: string[];
}
