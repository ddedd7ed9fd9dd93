import {
  CLAIM_STATUSES,
  FIGURE_QUALIFIERS,
  LOCATION_BASES,
  MAX_ID_LENGTH,
  RELATION_TYPES,
  SOURCE_TYPES,
  TIME_PRECISIONS,
  type EventFeature,
  type Incident,
  type LayerDef,
  type Originator,
  type Problem,
  type Relation,
  type Route,
  type Source,
  type StoryStep,
} from './schema';
import { ZONE_OFFSETS, zoneOffset } from './time';

type Json = Record<string, unknown>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;
/** An id a link can carry: the id rule, and short enough for a URL. */
const isLinkId = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_ID_LENGTH && ID.test(v);
const ID_RULE = `must be a string of lowercase letters, digits and hyphens, at most ${MAX_ID_LENGTH} long`;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when `s` parses as an absolute http or https URL. */
export function isHttpUrl(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Longest id or value quoted in a problem, so a hostile 1 MB string cannot flood the page. */
const QUOTE_MAX = 80;

/** A value for a message: JSON text, cut to a readable length. */
export function quote(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = Object.prototype.toString.call(v);
  }
  return short(s);
}

/** Text cut to a readable length for a message. */
export function short(s: string): string {
  return s.length > QUOTE_MAX ? `${s.slice(0, QUOTE_MAX)}…` : s;
}

/** How a problem names an item: its id when it has a string one (cut short), else its place in the list. */
export function labelOf(raw: unknown, fallback: string): string {
  return isObject(raw) && typeof raw.id === 'string' ? short(raw.id) : fallback;
}

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

function isRealDate(s: string): boolean {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

/** Collects problems for one file, so each check reads as one line. */
class Checker {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}

  error(message: string, feature?: string, field?: string): void {
    this.problems.push({ file: this.file, feature, field, message, severity: 'error' });
  }

  warn(message: string, feature?: string, field?: string): void {
    this.problems.push({ file: this.file, feature, field, message, severity: 'warning' });
  }

  string(obj: Json, key: string, feature?: string, prefix = '', optional = false): obj is Json {
    const v = obj[key];
    if (v === undefined && optional) return true;
    if (typeof v !== 'string' || v.trim() === '') {
      this.error(`must be a non-empty string`, feature, prefix + key);
      return false;
    }
    return true;
  }

  oneOf(obj: Json, key: string, allowed: readonly string[], feature?: string, prefix = ''): void {
    if (!allowed.includes(obj[key] as string)) {
      this.error(`must be one of ${allowed.join(', ')} (got ${quote(obj[key])})`, feature, prefix + key);
    }
  }

  date(obj: Json, key: string, feature?: string, prefix = '', optional = false): void {
    const v = obj[key];
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || !DATE.test(v) || !isRealDate(v)) {
      this.error(`must be a date as YYYY-MM-DD (got ${quote(v)})`, feature, prefix + key);
    }
  }

  citations(obj: Json, key: string, known: ReadonlySet<string>, feature: string, prefix: string, min = 1): void {
    const v = obj[key];
    if (!Array.isArray(v) || v.length < min || !v.every((s) => typeof s === 'string')) {
      this.error(`must be a list of at least ${min} source id(s)`, feature, prefix + key);
      return;
    }
    for (const id of v as string[]) {
      if (!known.has(id)) this.error(`cites unknown source ${quote(id)}`, feature, prefix + key);
    }
  }
}

/** Checks the catalogue's originators (agencies whose stories others republish). */
function checkOriginators(c: Checker, raw: unknown): Map<string, Originator> {
  const originators = new Map<string, Originator>();
  if (raw === undefined) return originators;
  if (!Array.isArray(raw)) {
    c.error('must be a list of originators', undefined, 'originators');
    return originators;
  }
  raw.forEach((o: unknown, i: number) => {
    const label = isObject(o) && typeof o.id === 'string' ? o.id : `originators[${i}]`;
    if (!isObject(o)) return c.error('must be an object', label);
    const before = c.problems.length;
    if (c.string(o, 'id', label) && !ID.test(o.id as string)) c.error('must be lowercase letters, digits and hyphens', label, 'id');
    if (originators.has(o.id as string)) c.error('duplicate originator id', label, 'id');
    c.string(o, 'name', label);
    c.oneOf(o, 'type', SOURCE_TYPES, label);
    if (c.problems.length === before) originators.set(o.id as string, o as unknown as Originator);
  });
  return originators;
}

/** Checks the source catalog: fields, types, http(s) URLs, unique ids and known originators. */
export function validateSources(file: string, json: unknown): { sources: Source[]; originators: Map<string, Originator>; problems: Problem[] } {
  const c = new Checker(file);
  if (!isObject(json) || !Array.isArray(json.sources)) {
    c.error('must be an object with a "sources" array');
    return { sources: [], originators: new Map(), problems: c.problems };
  }
  const originators = checkOriginators(c, json.originators);
  const seen = new Set<string>();
  const sources: Source[] = [];
  json.sources.forEach((raw: unknown, i: number) => {
    const label = labelOf(raw, `sources[${i}]`);
    if (!isObject(raw)) return c.error('must be an object', label);
    const before = c.problems.length;
    if (c.string(raw, 'id', label) && !ID.test(raw.id as string)) c.error('must be lowercase letters, digits and hyphens', label, 'id');
    if (seen.has(raw.id as string)) c.error('duplicate source id', label, 'id');
    seen.add(raw.id as string);
    c.string(raw, 'publisher', label);
    c.string(raw, 'title', label);
    c.date(raw, 'published', label, '', true);
    // An imported data file (or a source known only through one) may have no web address.
    if (!isHttpUrl(raw.url) && !(raw.type === 'dataset' && raw.url === '')) c.error('must be an http(s) URL', label, 'url');
    if (raw.archiveUrl !== undefined && !isHttpUrl(raw.archiveUrl)) c.error('must be an http(s) URL', label, 'archiveUrl');
    if (raw.archivedAt !== undefined && (typeof raw.archivedAt !== 'string' || Number.isNaN(Date.parse(raw.archivedAt)))) c.error('must be an ISO 8601 date-time', label, 'archivedAt');
    if (raw.archiveSha256 !== undefined && (typeof raw.archiveSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(raw.archiveSha256))) c.error('must be 64 lowercase hex digits', label, 'archiveSha256');
    c.string(raw, 'language', label);
    c.oneOf(raw, 'type', SOURCE_TYPES, label);
    if (raw.originator !== undefined && !originators.has(raw.originator as string)) {
      c.error(`names originator ${JSON.stringify(raw.originator)}, which is not in the catalogue's "originators"`, label, 'originator');
    }
    if (raw.syndicated !== undefined && typeof raw.syndicated !== 'boolean') c.error('must be true or false', label, 'syndicated');
    if (c.problems.length === before) sources.push(raw as unknown as Source);
  });
  return { sources, originators, problems: c.problems };
}

/** Checks the layer list: fields, unique ids and files. */
export function validateLayerList(file: string, json: unknown): { layers: LayerDef[]; problems: Problem[] } {
  const c = new Checker(file);
  if (!isObject(json) || !Array.isArray(json.layers)) {
    c.error('must be an object with a "layers" array');
    return { layers: [], problems: c.problems };
  }
  const seen = new Set<string>();
  const layers: LayerDef[] = [];
  json.layers.forEach((raw: unknown, i: number) => {
    const label = labelOf(raw, `layers[${i}]`);
    if (!isObject(raw)) return c.error('must be an object', label);
    const before = c.problems.length;
    for (const key of ['id', 'title', 'description', 'file', 'color']) c.string(raw, key, label);
    // Layer ids become map source and layer ids; the id rule keeps them from colliding with the map's own.
    if (typeof raw.id === 'string' && !ID.test(raw.id)) c.error('must be lowercase letters, digits and hyphens', label, 'id');
    if (seen.has(raw.id as string)) c.error('duplicate layer id', label, 'id');
    seen.add(raw.id as string);
    if (typeof raw.file === 'string' && !/^[a-z0-9-]+\.geojson$/.test(raw.file)) c.error('must be a .geojson file name in geodata/', label, 'file');
    if (c.problems.length === before) layers.push(raw as unknown as LayerDef);
  });
  return { layers, problems: c.problems };
}

function checkPosition(c: Checker, geometry: unknown, label: string): void {
  if (!isObject(geometry) || geometry.type !== 'Point') return c.error('must be a GeoJSON Point', label, 'geometry');
  const pos = geometry.coordinates;
  if (!Array.isArray(pos) || pos.length !== 2 || !pos.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return c.error('coordinates must be [longitude, latitude] numbers', label, 'geometry.coordinates');
  }
  const [lon, lat] = pos as number[];
  if (lon < -180 || lon > 180) c.error(`longitude ${lon} is outside -180..180`, label, 'geometry.coordinates');
  if (lat < -90 || lat > 90) c.error(`latitude ${lat} is outside -90..90`, label, 'geometry.coordinates');
}

/** Milliseconds for a date or date-time, for ordering a window's ends. */
function sortable(s: string): number {
  return new Date(DATE.test(s) ? `${s}T00:00:00Z` : s).getTime();
}

function checkTime(c: Checker, time: unknown, known: ReadonlySet<string>, label: string): void {
  if (time === undefined) return;
  if (!isObject(time)) return c.error('must be an object', label, 'time');
  const local = time.local;
  const isDay = typeof local === 'string' && DATE.test(local);
  const isMoment = typeof local === 'string' && DATE_TIME_WITH_OFFSET.test(local);
  if (!isDay && !isMoment) c.error(`must be YYYY-MM-DD or an ISO 8601 date-time with its UTC offset (got ${quote(local)})`, label, 'time.local');
  else if (!isRealDate(local as string)) c.error(`is not a real calendar date`, label, 'time.local');
  else if (isMoment && !isRealMoment(local as string)) c.error(`is not a real time of day with a real UTC offset (got ${quote(local)})`, label, 'time.local');
  if (time.end !== undefined) {
    const end = time.end;
    const sameShape = typeof end === 'string' && (isDay ? DATE.test(end) : DATE_TIME_WITH_OFFSET.test(end));
    if (!sameShape) c.error('must have the same form as time.local', label, 'time.end');
    else if (!isRealDate(end) || (!isDay && !isRealMoment(end))) c.error(`is not a real date and time (got ${quote(end)})`, label, 'time.end');
    else if (sortable(end) <= sortable(local as string)) c.error('must come after time.local', label, 'time.end');
  }
  c.oneOf(time, 'precision', TIME_PRECISIONS, label, 'time.');
  if (isDay && time.precision !== 'day') c.error('a date without a time must have precision "day"', label, 'time.precision');
  if (isMoment && time.precision === 'day') c.error('a date-time must not have precision "day"; give only the date', label, 'time.precision');
  if (typeof time.approximate !== 'boolean') c.error('must be true or false', label, 'time.approximate');
  if (c.string(time, 'zone', label, 'time.') && isDay && zoneOffset(time.zone) === undefined) {
    c.error(`a day-only time needs a zone the app knows (${Object.keys(ZONE_OFFSETS).join(', ')}) to place the day in UTC`, label, 'time.zone');
  }
  c.string(time, 'note', label, 'time.', true);
  c.citations(time, 'sources', known, label, 'time.');
}

function checkLocation(c: Checker, loc: unknown, known: ReadonlySet<string>, label: string): void {
  if (!isObject(loc)) return c.error('must be an object', label, 'location');
  c.oneOf(loc, 'basis', LOCATION_BASES, label, 'location.');
  const r = loc.radiusM;
  if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0) c.error('must be a positive number of metres', label, 'location.radiusM');
  c.string(loc, 'note', label, 'location.');
  c.citations(loc, 'sources', known, label, 'location.');
}

function checkClaims(c: Checker, claims: unknown, known: ReadonlySet<string>, claimIds: Set<string>, label: string): void {
  if (!Array.isArray(claims) || claims.length === 0) return c.error('must be a non-empty list: every feature states at least one sourced fact', label, 'claims');
  claims.forEach((raw: unknown, i: number) => {
    const at = `claims[${i}].`;
    if (!isObject(raw)) return c.error('must be an object', label, `claims[${i}]`);
    if (c.string(raw, 'id', label, at)) {
      if (claimIds.has(raw.id as string)) c.error(`duplicate claim id ${quote(raw.id)}`, label, `${at}id`);
      claimIds.add(raw.id as string);
    }
    c.string(raw, 'topic', label, at);
    c.string(raw, 'statement', label, at);
    c.string(raw, 'by', label, at);
    c.date(raw, 'date', label, at);
    c.oneOf(raw, 'status', CLAIM_STATUSES, label, at);
    for (const key of ['value', 'valueMax']) {
      if (raw[key] !== undefined && (typeof raw[key] !== 'number' || !Number.isFinite(raw[key]))) c.error('must be a number', label, at + key);
    }
    if (raw.valueMax !== undefined && raw.value === undefined) c.error('a range needs "value" as its lower end', label, `${at}valueMax`);
    if (typeof raw.value === 'number' && typeof raw.valueMax === 'number' && raw.valueMax < raw.value) c.error('must not be below "value"', label, `${at}valueMax`);
    if (raw.value !== undefined) c.string(raw, 'unit', label, at);
    if (raw.qualifier !== undefined) {
      if (raw.value === undefined) c.error('qualifies a figure, so the claim needs "value"', label, `${at}qualifier`);
      c.oneOf(raw, 'qualifier', FIGURE_QUALIFIERS, label, at);
    }
    if (raw.official !== undefined && typeof raw.official !== 'boolean') c.error('must be true or false', label, `${at}official`);
    if (raw.from !== undefined && (typeof raw.from !== 'string' || (raw.unit !== 'm' && raw.unit !== 'minutes'))) c.error('must be a feature id, on a distance in metres (unit "m") or a time gap in minutes (unit "minutes")', label, `${at}from`);
    c.citations(raw, 'sources', known, label, at);
  });
}

export interface LayerFileResult {
  features: EventFeature[];
  problems: Problem[];
}

/**
 * Checks one layer file against the schema and the source catalog. Returns the features
 * that passed, so one bad feature does not hide the others.
 */
export function validateLayerFile(
  file: string,
  json: unknown,
  layer: LayerDef,
  knownSources: ReadonlySet<string>,
  seenIds: Set<string> = new Set(),
): LayerFileResult {
  const c = new Checker(file);
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    c.error('must be a GeoJSON FeatureCollection with a "features" array');
    return { features: [], problems: c.problems };
  }
  if ('crs' in json) c.error('RFC 7946 removed the "crs" member; coordinates are always WGS84', undefined, 'crs');
  const claimIds = new Set<string>();
  const features: EventFeature[] = [];
  json.features.forEach((raw: unknown, i: number) => {
    const label = labelOf(raw, `features[${i}]`);
    if (!isObject(raw) || raw.type !== 'Feature') return c.error('must be a GeoJSON Feature', label);
    const before = c.problems.length;
    if (!isLinkId(raw.id)) c.error(ID_RULE, label, 'id');
    else if (seenIds.has(raw.id)) c.error('duplicate feature id', label, 'id');
    else seenIds.add(raw.id);
    checkPosition(c, raw.geometry, label);
    const p = raw.properties;
    if (!isObject(p)) return c.error('must be an object', label, 'properties');
    c.string(p, 'title', label);
    c.string(p, 'titleFa', label, '', true);
    if (p.layer !== layer.id) c.error(`must be "${layer.id}", the layer of ${file}`, label, 'layer');
    c.string(p, 'country', label);
    c.string(p, 'place', label);
    checkTime(c, p.time, knownSources, label);
    checkLocation(c, p.location, knownSources, label);
    if (!Array.isArray(p.actors) || !p.actors.every((a) => typeof a === 'string')) c.error('must be a list of names', label, 'actors');
    checkClaims(c, p.claims, knownSources, claimIds, label);
    if (c.problems.length === before) features.push(raw as unknown as EventFeature);
  });
  return { features, problems: c.problems };
}

/** Checks the relation list: fields, both ends exist, sources exist, ids unique among features too. */
export function validateRelations(
  file: string,
  json: unknown,
  featureIds: ReadonlySet<string>,
  knownSources: ReadonlySet<string>,
): { relations: Relation[]; problems: Problem[] } {
  const c = new Checker(file);
  if (!isObject(json) || !Array.isArray(json.relations)) {
    c.error('must be an object with a "relations" array');
    return { relations: [], problems: c.problems };
  }
  const seen = new Set<string>();
  const relations: Relation[] = [];
  json.relations.forEach((raw: unknown, i: number) => {
    const label = labelOf(raw, `relations[${i}]`);
    if (!isObject(raw)) return c.error('must be an object', label);
    const before = c.problems.length;
    if (!isLinkId(raw.id)) c.error(ID_RULE, label, 'id');
    else if (seen.has(raw.id) || featureIds.has(raw.id)) c.error('duplicate id (relation and feature ids share one namespace)', label, 'id');
    seen.add(raw.id as string);
    for (const end of ['from', 'to']) {
      if (!featureIds.has(raw[end] as string)) c.error(`names unknown feature ${quote(raw[end])}`, label, end);
    }
    if (raw.from === raw.to) c.error('must link two different features', label, 'to');
    c.oneOf(raw, 'type', RELATION_TYPES, label);
    c.string(raw, 'statement', label);
    c.string(raw, 'by', label);
    c.date(raw, 'date', label);
    c.oneOf(raw, 'status', CLAIM_STATUSES, label);
    c.citations(raw, 'sources', knownSources, label, '');
    if (c.problems.length === before) relations.push(raw as unknown as Relation);
  });
  return { relations, problems: c.problems };
}

/** Checks the guided story: every step names existing features, relation and sources. */
export function validateStory(
  file: string,
  json: unknown,
  featureIds: ReadonlySet<string>,
  relationIds: ReadonlySet<string>,
  knownSources: ReadonlySet<string>,
): { steps: StoryStep[]; problems: Problem[] } {
  const c = new Checker(file);
  if (!isObject(json) || !Array.isArray(json.steps)) {
    c.error('must be an object with a "steps" array');
    return { steps: [], problems: c.problems };
  }
  const seen = new Set<string>();
  const steps: StoryStep[] = [];
  json.steps.forEach((raw: unknown, i: number) => {
    const label = labelOf(raw, `steps[${i}]`);
    if (!isObject(raw)) return c.error('must be an object', label);
    const before = c.problems.length;
    if (!isLinkId(raw.id) || seen.has(raw.id)) c.error(`${ID_RULE}, and unique`, label, 'id');
    seen.add(raw.id as string);
    c.string(raw, 'title', label);
    c.string(raw, 'text', label);
    c.oneOf(raw, 'view', ['close', 'region'], label);
    if (!Array.isArray(raw.features) || raw.features.length === 0) c.error('must list at least one feature id', label, 'features');
    else for (const id of raw.features) if (!featureIds.has(id)) c.error(`names unknown feature ${quote(id)}`, label, 'features');
    if (raw.relation !== undefined && !relationIds.has(raw.relation as string)) c.error(`names unknown relation ${quote(raw.relation)}`, label, 'relation');
    c.citations(raw, 'sources', knownSources, label, '');
    if (c.problems.length === before) steps.push(raw as unknown as StoryStep);
  });
  return { steps, problems: c.problems };
}

/** Checks the incidents: each names existing features and carries sourced claims. */
export function validateIncidents(
  file: string,
  json: unknown,
  featureIds: ReadonlySet<string>,
  knownSources: ReadonlySet<string>,
): { incidents: Incident[]; problems: Problem[] } {
  const c = new Checker(file);
  if (!isObject(json) || !Array.isArray(json.incidents)) {
    c.error('must be an object with an "incidents" array');
    return { incidents: [], problems: c.problems };
  }
  const seen = new Set<string>();
  const claimIds = new Set<string>();
  const incidents: Incident[] = [];
  json.incidents.forEach((raw: unknown, i: number) => {
    const label = isObject(raw) && typeof raw.id === 'string' ? raw.id : `incidents[${i}]`;
    if (!isObject(raw)) return c.error('must be an object', label);
    const before = c.problems.length;
    if (typeof raw.id !== 'string' || !ID.test(raw.id) || seen.has(raw.id) || featureIds.has(raw.id)) c.error('must be a unique id of lowercase letters, digits and hyphens', label, 'id');
    seen.add(raw.id as string);
    c.string(raw, 'title', label);
    if (!Array.isArray(raw.features) || raw.features.length === 0) c.error('must list at least one feature id', label, 'features');
    else for (const id of raw.features) if (!featureIds.has(id)) c.error(`names unknown feature ${JSON.stringify(id)}`, label, 'features');
    checkClaims(c, raw.claims, knownSources, claimIds, label);
    if (c.problems.length === before) incidents.push(raw as unknown as Incident);
  });
  return { incidents, problems: c.problems };
}

/** Checks the routes: each passes through at least two existing features, in order, with sources. */
export function validateRoutes(
  file: string,
  json: unknown,
  featureIds: ReadonlySet<string>,
  knownSources: ReadonlySet<string>,
): { routes: Route[]; problems: Problem[] } {
  const c = new Checker(file);
  if (!isObject(json) || !Array.isArray(json.routes)) {
    c.error('must be an object with a "routes" array');
    return { routes: [], problems: c.problems };
  }
  const seen = new Set<string>();
  const routes: Route[] = [];
  json.routes.forEach((raw: unknown, i: number) => {
    const label = isObject(raw) && typeof raw.id === 'string' ? raw.id : `routes[${i}]`;
    if (!isObject(raw)) return c.error('must be an object', label);
    const before = c.problems.length;
    if (typeof raw.id !== 'string' || !ID.test(raw.id) || seen.has(raw.id) || featureIds.has(raw.id)) c.error('must be a unique id of lowercase letters, digits and hyphens', label, 'id');
    seen.add(raw.id as string);
    c.string(raw, 'title', label);
    c.string(raw, 'note', label);
    if (!Array.isArray(raw.via) || raw.via.length < 2) c.error('must list at least two feature ids, in order along the route', label, 'via');
    else for (const id of raw.via) if (!featureIds.has(id)) c.error(`names unknown feature ${JSON.stringify(id)}`, label, 'via');
    c.citations(raw, 'sources', knownSources, label, '');
    if (c.problems.length === before) routes.push(raw as unknown as Route);
  });
  return { routes, problems: c.problems };
}

/** One line per problem: `file › feature › field: message`. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.feature, p.field].filter(Boolean).join(' › ');
  return `${p.severity === 'error' ? 'error' : 'warning'}: ${where}: ${p.message}`;
}
