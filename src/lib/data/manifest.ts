import * as v from 'valibot';
import type { LayerDef, Problem } from './schema';
import { validateLayerList } from './validate';

/** The manifest's file name inside an atlas folder. */
export const MANIFEST_FILE = 'atlas.json';
/** The manifest format this app reads. */
export const MANIFEST_VERSION = 1;

/** How an arc of a relation type is drawn. */
export const LINE_STYLES = ['solid', 'dashed', 'dotted'] as const;
export type LineStyle = (typeof LINE_STYLES)[number];

/**
 * A kind of link between two features: its name in the panel, the words on each end
 * ("Followed by" / "Follows"), a note that may name the party (`{by}`), and its line.
 */
export interface RelationTypeDef {
  label: string;
  outgoing: string;
  incoming: string;
  note: string;
  line: LineStyle;
  color?: string;
}

/** Text in several languages, keyed by BCP 47 language tag. */
export type Texts = Record<string, string>;

/** An atlas manifest (`atlas.json`), after validation. */
export interface Manifest {
  schemaVersion: number;
  /** Lowercase slug; export file names derive from it. */
  id: string;
  title: Texts;
  /** A short line under the title (dates, scope). */
  subtitle?: Texts;
  description: Texts;
  defaultLanguage: string;
  /** The atlas's home zone, an IANA name such as `Asia/Tehran`. */
  timeZone: string;
  /** Zone abbreviations the data's times use, each with its IANA zone (`{"IRST": "Asia/Tehran"}`). */
  zones: Record<string, string>;
  layers: LayerDef[];
  sources: string;
  story?: string;
  relations?: string;
  incidents?: string;
  routes?: string;
  /** City labels for the offline basemap. */
  places?: string;
  relationTypes: Record<string, RelationTypeDef>;
  /** Calendars besides the Gregorian one that the panel shows dates in (Intl calendar ids). */
  calendars: string[];
}

/** The relation types every atlas has; a manifest may add more or reword these. */
export const DEFAULT_RELATION_TYPES: Readonly<Record<string, RelationTypeDef>> = {
  retaliation: { label: 'Presented as retaliation', outgoing: 'Followed by', incoming: 'Follows', note: 'presented as retaliation by {by}', line: 'solid' },
  context: { label: 'Linked in reporting', outgoing: 'Followed by', incoming: 'Follows', note: 'linked in reporting, not claimed as retaliation', line: 'dashed' },
};

const ID = /^[a-z0-9][a-z0-9-]*$/;
/** A file of the atlas folder: a plain name, so a manifest can never point outside its folder. */
const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(geo)?json$/;

/** True when Intl knows the IANA zone name (a link to a zone, such as `Asia/Calcutta`, counts). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function isLanguage(tag: string): boolean {
  try {
    return new Intl.Locale(tag).language.length > 0;
  } catch {
    return false;
  }
}

function isCalendar(id: string): boolean {
  try {
    return new Intl.DateTimeFormat(`en-u-ca-${id}`).resolvedOptions().calendar === id;
  } catch {
    return false;
  }
}

const text = v.pipe(v.string('must be a string'), v.trim(), v.nonEmpty('must not be empty'), v.maxLength(2000, 'must be at most 2000 characters'));
const texts = v.pipe(
  v.record(v.pipe(v.string(), v.check(isLanguage, 'must be a language tag such as "en" or "fa"')), text, 'must be an object of texts by language, e.g. {"en": "…"}'),
  v.check((r) => Object.keys(r).length > 0, 'must give the text in at least one language'),
);
const file = v.pipe(v.string('must be a file name'), v.regex(FILE, 'must be a .json or .geojson file name in the atlas folder (no folders, no URL)'));
const id = v.pipe(v.string('must be a string'), v.regex(ID, 'must be lowercase letters, digits and hyphens'), v.maxLength(60, 'must be at most 60 characters'));
const zone = v.pipe(v.string('must be a string'), v.check(isTimeZone, 'must be an IANA time zone name such as "Europe/Paris"'));
const relationType = v.object({
  label: text,
  outgoing: text,
  incoming: text,
  note: text,
  line: v.picklist(LINE_STYLES, `must be one of ${LINE_STYLES.join(', ')}`),
  color: v.optional(v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb'))),
});

/** Every field but `layers`, whose entries are checked by the same rules as before manifests. */
export const ManifestSchema = v.object({
  schemaVersion: v.literal(MANIFEST_VERSION, `must be ${MANIFEST_VERSION}`),
  id,
  title: texts,
  subtitle: v.optional(texts),
  description: texts,
  defaultLanguage: v.pipe(v.string('must be a string'), v.check(isLanguage, 'must be a language tag such as "en"')),
  timeZone: zone,
  zones: v.optional(v.record(v.pipe(v.string(), v.regex(/^[A-Z][A-Za-z0-9+-]{1,9}$/, 'must be a zone abbreviation such as "CET"')), zone), {}),
  layers: v.array(v.unknown(), 'must be a list of layers'),
  sources: file,
  story: v.optional(file),
  relations: v.optional(file),
  incidents: v.optional(file),
  routes: v.optional(file),
  places: v.optional(file),
  relationTypes: v.optional(v.record(id, relationType, 'must be an object of relation types by id'), {}),
  calendars: v.optional(v.array(v.pipe(v.string(), v.check(isCalendar, 'must be a calendar Intl knows, such as "persian" or "islamic"'))), []),
});

/** Where a valibot issue lies, as `title.fa` or `relationTypes.launch.line`. */
function pathOf(issue: v.BaseIssue<unknown>): string | undefined {
  const keys = issue.path?.map((p) => String(p.key));
  return keys && keys.length > 0 ? keys.join('.') : undefined;
}

/**
 * Checks a manifest at the edge and reports every problem at once (each naming its field),
 * so an author fixes them in one pass. The layers are checked with the layer-list rules.
 */
export function parseManifest(fileName: string, json: unknown): { manifest?: Manifest; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (message: string, field?: string) => problems.push({ file: fileName, field, severity: 'error', message });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problem('must be a JSON object (the atlas manifest)');
    return { problems };
  }
  const result = v.safeParse(ManifestSchema, json, { abortEarly: false, abortPipeEarly: true });
  if (!result.success) for (const issue of result.issues) problem(issue.message, pathOf(issue));
  const layers = validateLayerList(fileName, { layers: Array.isArray((json as { layers?: unknown }).layers) ? (json as { layers: unknown[] }).layers : [] });
  for (const p of layers.problems) problems.push({ ...p, field: p.field ? `layers › ${p.field}` : 'layers' });
  if (result.success) {
    const m = result.output;
    if (!Object.hasOwn(m.title, m.defaultLanguage)) problem(`must have a title in the default language "${m.defaultLanguage}"`, 'title');
    if (!Object.hasOwn(m.description, m.defaultLanguage)) problem(`must have a description in the default language "${m.defaultLanguage}"`, 'description');
    const files = [m.sources, m.story, m.relations, m.incidents, m.routes, m.places, ...layers.layers.map((l) => l.file)].filter(Boolean);
    const twice = files.filter((f, i) => files.indexOf(f) !== i);
    if (twice.length > 0) problem(`names the same file for two purposes: ${[...new Set(twice)].join(', ')}`);
    if (files.includes(MANIFEST_FILE)) problem(`names ${MANIFEST_FILE}, the manifest itself, as a data file`);
  }
  if (problems.length > 0 || !result.success) return { problems };
  return { manifest: { ...result.output, layers: layers.layers } as Manifest, problems };
}

/** A manifest for a folder that has only the older `layers.json`: its layers and the default file names. */
export function legacyManifest(layers: LayerDef[]): Manifest {
  return {
    schemaVersion: MANIFEST_VERSION,
    id: 'atlas',
    title: { en: 'Atlas' },
    description: { en: '' },
    defaultLanguage: 'en',
    timeZone: 'UTC',
    zones: {},
    layers,
    sources: 'sources.json',
    story: 'story.json',
    relations: 'relations.json',
    incidents: 'incidents.json',
    routes: 'routes.json',
    places: 'basemap-places.geojson',
    relationTypes: {},
    calendars: [],
  };
}

/** A text in the language asked for, else the manifest's default language, else any. */
export function textIn(texts: Texts, manifest: Pick<Manifest, 'defaultLanguage'>, lang = manifest.defaultLanguage): string {
  return texts[lang] ?? texts[manifest.defaultLanguage] ?? Object.values(texts)[0] ?? '';
}

/** Every relation type of an atlas: the built-in ones, reworded or extended by the manifest. */
export function relationTypesOf(manifest: Pick<Manifest, 'relationTypes'> | undefined): Record<string, RelationTypeDef> {
  return { ...DEFAULT_RELATION_TYPES, ...(manifest?.relationTypes ?? {}) };
}

/** How a relation of an unknown type (from an imported file) is described and drawn. */
export function relationTypeOf(types: Readonly<Record<string, RelationTypeDef>>, type: string): RelationTypeDef {
  return Object.hasOwn(types, type) ? types[type] : { label: type, outgoing: 'Linked to', incoming: 'Linked from', note: `${type}, according to {by}`, line: 'dashed' };
}

/** The note of a relation type with the party filled in (plain text, never markup). */
export function relationNote(def: RelationTypeDef, by: string): string {
  return def.note.replaceAll('{by}', by);
}
