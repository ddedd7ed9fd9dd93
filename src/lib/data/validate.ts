/**
 * Validation of every data file: first each item against its schema in `schema.ts` (every
 * problem, not only the first), then the checks that need other files or other items
 * (citations name catalogued sources, ids are unique, relations name existing features).
 * Each problem names the file, the item and the field, so an editor can fix it.
 */
import * as v from 'valibot';
import {
  EventFeatureSchema,
  IncidentSchema,
  LayerDefSchema,
  OriginatorSchema,
  RELATION_TYPES,
  RelationSchema,
  RouteSchema,
  SourceSchema,
  StoryStepSchema,
  quote,
  short,
  shortId,
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
import { quickTest } from './schema-quick';
import { LEFT_OUT, UNREAD } from './follow-on';

export { isHttpUrl, quote, short } from './schema';

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a problem names an item: its id when it has a string one (cut short), else its place in the list. */
export function labelOf(raw: unknown, fallback: string): string {
  return isObject(raw) && typeof raw.id === 'string' ? shortId(raw.id) : fallback;
}

/**
 * The field an issue points at, as an editor reads it: `claims[2].sources`. A feature's
 * `properties.` is left out, since every field but `id` and `geometry` lives there.
 */
function fieldOf(issue: v.BaseIssue<unknown>, inProperties: boolean): string | undefined {
  let field = '';
  const path = issue.path ?? [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i].key;
    if (i === 0 && inProperties && key === 'properties' && path.length > 1) continue;
    if (typeof key === 'number') field += `[${key}]`;
    else field += field ? `.${String(key)}` : String(key);
  }
  return field || undefined;
}

/** Every issue of an item, not only the first. */
const ALL_ISSUES: v.Config<v.BaseIssue<unknown>> = { abortEarly: false, abortPipeEarly: false };

/** For a set of kept ids, how to find the ids left out beside them (see `keptOf`). */
const leftOutFinders = new WeakMap<ReadonlySet<string>, () => ReadonlySet<string>>();

/**
 * `kept`, marked with the ids of `all` it does not hold: those left out for a problem of
 * their own. A reference to one is still an error (what refers to it is left out too), but
 * says why, where "unknown" would send an editor looking for a typo. `all` is read only
 * when a reference misses, so a clean load of 100,000 features pays nothing for it.
 */
export function keptOf<S extends ReadonlySet<string>>(kept: S, all: () => Iterable<unknown>): S {
  let leftOut: Set<string> | undefined;
  leftOutFinders.set(kept, () => {
    if (!leftOut) {
      leftOut = new Set();
      for (const id of all()) if (typeof id === 'string' && !kept.has(id)) leftOut.add(id);
    }
    return leftOut;
  });
  return kept;
}

/** For a set of ids from a file that could not be read, that file's name (see `unreadFrom`). */
const unreadFiles = new WeakMap<ReadonlySet<string>, string>();

/**
 * `kept` (empty), marked as the ids of `file`, which could not be read: a reference to any id
 * is still an error, but one that follows from the file's, so a missing source catalogue
 * is one problem and not, besides it, one "unknown source" for every citation of the atlas.
 */
export function unreadFrom<S extends ReadonlySet<string>>(kept: S, file: string): S {
  unreadFiles.set(kept, file);
  return kept;
}

/** The ids `keptOf` marked as left out beside `kept` (none when it marked none). */
export function leftOutOf(kept: ReadonlySet<string>): ReadonlySet<string> {
  return leftOutFinders.get(kept)?.() ?? new Set();
}

/** Why `id`, which an item `verb`s (cites, names), is missing from `known`: left out for a problem of its own, in a file that could not be read, or never there. */
export function missing(verb: string, kind: string, id: string, known: ReadonlySet<string>): string {
  const unread = unreadFiles.get(known);
  if (unread !== undefined) return `${verb} ${kind} ${quote(id)}, to be found in ${unread}${UNREAD}`;
  return leftOutOf(known).has(id) ? `${verb} ${kind} ${quote(id)}${LEFT_OUT}` : `${verb} unknown ${kind} ${quote(id)}`;
}

/** Collects the problems of one file, so each check reads as one line. */
class Checker {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}

  error(message: string, feature?: string, field?: string): void {
    this.problems.push({ file: this.file, feature, field, message, severity: 'error' });
  }

  /** Every issue of a schema pass, once each (two checks of one field can say the same thing). */
  issues(issues: readonly v.BaseIssue<unknown>[], label: string, inProperties = false): void {
    const said = new Set<string>();
    for (const issue of issues) {
      const field = fieldOf(issue, inProperties);
      const key = `${field}\n${issue.message}`;
      if (said.has(key)) continue;
      said.add(key);
      this.error(issue.message, label, field);
    }
  }

  /** Each cited source id that is not in the catalogue. */
  citations(ids: unknown, known: ReadonlySet<string>, label: string, field: string): void {
    if (!Array.isArray(ids)) return;
    for (const id of ids) if (typeof id === 'string' && !known.has(id)) this.error(missing('cites', 'source', id, known), label, field);
  }

  /** Each listed feature id that is not on the map. */
  features(ids: unknown, featureIds: ReadonlySet<string>, label: string, field: string): void {
    if (!Array.isArray(ids)) return;
    for (const id of ids) if (typeof id === 'string' && !featureIds.has(id)) this.error(missing('names', 'feature', id, featureIds), label, field);
  }

  /**
   * Checks each item of a list against its schema, then runs the cross-reference checks on
   * it, and keeps the items with no problem: one bad item never hides the others. An item
   * without an id is named by its place in the list, or by `at(i)` when the list is a
   * selection from a larger one (a file's features grouped by layer).
   */
  items<T>(list: unknown[], name: string, schema: v.GenericSchema, cross?: (raw: Json, label: string) => void, inProperties = false, at?: (i: number) => number): T[] {
    const kept: T[] = [];
    const passes = quickTest(schema);
    list.forEach((raw, i) => {
      const label = isObject(raw) && typeof raw.id === 'string' ? shortId(raw.id) : `${name}[${at ? at(i) : i}]`;
      const before = this.problems.length;
      // valibot runs only on an item the quick pass does not let through, to say what is wrong.
      // The schema's own entry point: `safeParse` would build a config and a result per item.
      const issues = passes(raw) ? undefined : schema['~run']({ value: raw }, ALL_ISSUES).issues;
      if (issues) this.issues(issues, label, inProperties);
      if (cross && isObject(raw)) cross(raw, label);
      if (this.problems.length === before) kept.push(raw as T);
    });
    return kept;
  }
}

/** Remembers ids and says whether one was seen before. */
export function unique(): (id: unknown) => boolean {
  const seen = new Set<string>();
  return (id) => {
    if (typeof id !== 'string') return false;
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  };
}

/** Checks the source catalog: fields, types, http(s) URLs, unique ids and known originators. */
export function validateSources(file: string, json: unknown): { sources: Source[]; originators: Map<string, Originator>; problems: Problem[] } {
  const c = new Checker(file);
  if (!isObject(json) || !Array.isArray(json.sources)) {
    c.error('must be an object with a "sources" array');
    return { sources: [], originators: new Map(), problems: c.problems };
  }
  const originators = new Map<string, Originator>();
  if (json.originators !== undefined && !Array.isArray(json.originators)) c.error('must be a list of originators', undefined, 'originators');
  else if (json.originators) {
    const seen = unique();
    const kept = c.items<Originator>(json.originators, 'originators', OriginatorSchema, (o, label) => {
      if (seen(o.id)) c.error('duplicate originator id', label, 'id');
    });
    for (const o of kept) originators.set(o.id, o);
  }
  const seen = unique();
  const sources = c.items<Source>(json.sources, 'sources', SourceSchema, (s, label) => {
    if (seen(s.id)) c.error('duplicate source id', label, 'id');
    if (typeof s.originator === 'string' && !originators.has(s.originator)) {
      c.error(`names originator ${quote(s.originator)}, which is not in the catalogue's "originators"`, label, 'originator');
    }
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
  const seen = unique();
  const layers = c.items<LayerDef>(json.layers, 'layers', LayerDefSchema, (l, label) => {
    if (seen(l.id)) c.error('duplicate layer id', label, 'id');
  });
  return { layers, problems: c.problems };
}

/** The claims of a feature or incident: catalogued sources, ids unique within the file. */
function claimReferences(c: Checker, claims: unknown, known: ReadonlySet<string>, claimIds: (id: unknown) => boolean, label: string): void {
  if (!Array.isArray(claims)) return;
  claims.forEach((claim: unknown, i) => {
    if (!isObject(claim)) return;
    if (claimIds(claim.id)) c.error(`duplicate claim id ${quote(claim.id)}`, label, `claims[${i}].id`);
    c.citations(claim.sources, known, label, `claims[${i}].sources`);
  });
}

export interface LayerFileResult {
  features: EventFeature[];
  problems: Problem[];
}

/**
 * Checks one layer file against the schema and the source catalog. Returns the features
 * that passed, so one bad feature does not hide the others. A layer checked in several
 * calls passes the same `seenIds` (feature ids, across layers too) and `claimIds` (claim
 * ids, unique within a layer) to each, and `at`, the features' places in the file, when
 * they are a selection of it. A converted file may sort its features into several layers
 * (`layer` a list): each feature's must be one of them.
 */
export function validateLayerFile(
  file: string,
  json: unknown,
  layer: LayerDef | readonly LayerDef[],
  knownSources: ReadonlySet<string>,
  seenIds: Set<string> = new Set(),
  claimIds: (id: unknown) => boolean = unique(),
  at?: (i: number) => number,
): LayerFileResult {
  const c = new Checker(file);
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    c.error('must be a GeoJSON FeatureCollection with a "features" array');
    return { features: [], problems: c.problems };
  }
  const layers = Array.isArray(layer) ? (layer as readonly LayerDef[]) : [layer as LayerDef];
  const layerIds = layers.map((l) => l.id);
  if ('crs' in json) c.error('RFC 7946 removed the "crs" member; coordinates are always WGS84', undefined, 'crs');
  const features = c.items<EventFeature>(
    json.features,
    'features',
    EventFeatureSchema,
    (f, label) => {
      if (typeof f.id === 'string') {
        if (seenIds.has(f.id)) c.error('duplicate feature id', label, 'id');
        else seenIds.add(f.id);
      }
      const p = f.properties;
      if (!isObject(p)) return;
      if (typeof p.layer === 'string' && !layerIds.includes(p.layer)) c.error(`must be ${layerIds.map((id) => `"${id}"`).join(' or ')}, the layer of ${file}`, label, 'layer');
      if (isObject(p.time)) c.citations(p.time.sources, knownSources, label, 'time.sources');
      if (isObject(p.location)) c.citations(p.location.sources, knownSources, label, 'location.sources');
      claimReferences(c, p.claims, knownSources, claimIds, label);
    },
    true,
    at,
  );
  return { features, problems: c.problems };
}

/** Checks the relation list: fields, both ends exist, sources exist, ids unique among features too. */
export function validateRelations(
  file: string,
  json: unknown,
  featureIds: ReadonlySet<string>,
  knownSources: ReadonlySet<string>,
  /** The relation types the atlas declares; null accepts any id-shaped type (a file from another atlas). */
  types: readonly string[] | null = RELATION_TYPES,
): { relations: Relation[]; problems: Problem[] } {
  const c = new Checker(file);
  if (!isObject(json) || !Array.isArray(json.relations)) {
    c.error('must be an object with a "relations" array');
    return { relations: [], problems: c.problems };
  }
  const seen = unique();
  const relations = c.items<Relation>(json.relations, 'relations', RelationSchema, (r, label) => {
    if (seen(r.id) || (typeof r.id === 'string' && featureIds.has(r.id))) c.error('duplicate id (relation and feature ids share one namespace)', label, 'id');
    c.features([r.from], featureIds, label, 'from');
    c.features([r.to], featureIds, label, 'to');
    if (types && typeof r.type === 'string' && !types.includes(r.type)) c.error(`must be one of ${types.join(', ')} (got ${quote(r.type)})`, label, 'type');
    c.citations(r.sources, knownSources, label, 'sources');
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
  const seen = unique();
  const steps = c.items<StoryStep>(json.steps, 'steps', StoryStepSchema, (s, label) => {
    if (seen(s.id)) c.error('duplicate step id', label, 'id');
    c.features(s.features, featureIds, label, 'features');
    if (typeof s.relation === 'string' && !relationIds.has(s.relation)) c.error(missing('names', 'relation', s.relation, relationIds), label, 'relation');
    c.citations(s.sources, knownSources, label, 'sources');
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
  const seen = unique();
  const claimIds = unique();
  const incidents = c.items<Incident>(json.incidents, 'incidents', IncidentSchema, (inc, label) => {
    if (seen(inc.id) || (typeof inc.id === 'string' && featureIds.has(inc.id))) c.error('duplicate id (incident and feature ids share one namespace)', label, 'id');
    c.features(inc.features, featureIds, label, 'features');
    claimReferences(c, inc.claims, knownSources, claimIds, label);
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
  const seen = unique();
  const routes = c.items<Route>(json.routes, 'routes', RouteSchema, (r, label) => {
    if (seen(r.id) || (typeof r.id === 'string' && featureIds.has(r.id))) c.error('duplicate id (route and feature ids share one namespace)', label, 'id');
    c.features(r.via, featureIds, label, 'via');
    c.citations(r.sources, knownSources, label, 'sources');
  });
  return { routes, problems: c.problems };
}

export { formatProblem } from './problems';
export { followsFromAnother } from './follow-on';
