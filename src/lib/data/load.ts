import type { Atlas, EventFeature, Incident, LayerDef, Originator, Problem, Route, Source } from './schema';
import { checkDistances } from './distances';
// Loading checks distances between features, lines and areas among them, wherever it runs (the workers, the scripts).
import './shape-kit.ts';
import { isObject, keptOf, unreadFrom, validateIncidents, validateRoutes, validateLayerFile, validateLayerList, validateRelations, validateSources, validateStory } from './validate';
import { legacyManifest, MANIFEST_FILE, relationTypesOf, type Manifest } from './manifest';
import { parseManifest } from './manifest-parse';
import { declareZones } from './time';
import { append } from './atlas-queries';
import { EMPTY_ATLAS } from './schema-constants';
import type { PreparedColumns } from '../state/prepared';

/** Reads one file of an atlas folder by name; the app fetches, the CLI and tests read from disk. */
export type ReadFile = (name: string) => Promise<string>;

export interface LoadResult {
  atlas: Atlas;
  /** The atlas's manifest; undefined when it could not be read or is invalid (then the atlas is empty). */
  manifest?: Manifest;
  /** The offline basemap's city labels the atlas ships (`places` in the manifest), as parsed JSON. */
  places?: unknown;
  problems: Problem[];
  /** Each feature's search text and time span, when the loader worked them out (the atlas worker does). */
  prepared?: PreparedColumns;
}


async function readJson(read: ReadFile, name: string, problems: Problem[]): Promise<unknown> {
  let text: string;
  try {
    text = await read(name);
  } catch (err) {
    problems.push({ file: name, severity: 'error', message: `could not be read: ${(err as Error).message}` });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push({ file: name, severity: 'error', message: `is not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

/**
 * Reads the manifest (`atlas.json`); a folder that has only the older `layers.json` is read
 * with default file names, with a warning.
 */
async function readManifest(read: ReadFile, problems: Problem[]): Promise<{ manifest?: Manifest; legacy: boolean }> {
  let text: unknown;
  let failure: unknown;
  try {
    text = await read(MANIFEST_FILE);
  } catch (err) {
    failure = err;
  }
  if (typeof text !== 'string') {
    const legacy = await readOptionalJson(read, 'layers.json', problems);
    if (legacy !== undefined) {
      const list = validateLayerList('layers.json', legacy);
      append(problems, list.problems);
      problems.push({ file: 'layers.json', severity: 'warning', message: `is the older layer list; write an ${MANIFEST_FILE} manifest instead (see the README)` });
      return { manifest: legacyManifest(list.layers), legacy: true };
    }
    problems.push({ file: MANIFEST_FILE, severity: 'error', message: `could not be read: ${(failure as Error | undefined)?.message ?? 'no such file'}` });
    return { legacy: false };
  }
  let json: unknown;
  try {
    json = JSON.parse(text as string);
  } catch (err) {
    problems.push({ file: MANIFEST_FILE, severity: 'error', message: `is not valid JSON: ${(err as Error).message}` });
    return { legacy: false };
  }
  const parsed = parseManifest(MANIFEST_FILE, json);
  append(problems, parsed.problems);
  return { manifest: parsed.manifest, legacy: false };
}

/** An atlas's manifest and source catalogue, read and checked: what every part of a load starts from. */
export interface AtlasHead {
  manifest: Manifest;
  /** Only the older `layers.json` was there: the files other than the catalogue may be missing. */
  legacy: boolean;
  sources: Map<string, Source>;
  /** The catalogue's source ids left out for a problem of their own (see `keptOf`). */
  leftOutSources: string[];
  /** The catalogue's file name when it could not be read or parsed: every citation then follows from that one problem. */
  unreadCatalogue?: string;
  originators: Map<string, Originator>;
}

/** The source ids an atlas's files may cite, marked with those left out (see `keptOf`), or with the catalogue's name when it could not be read (see `unreadFrom`). */
export function knownSources(ids: Iterable<string>, head: Pick<AtlasHead, 'leftOutSources' | 'unreadCatalogue'>): Set<string> {
  const known = new Set(ids);
  return head.unreadCatalogue !== undefined ? unreadFrom(known, head.unreadCatalogue) : keptOf(known, () => head.leftOutSources);
}

/** The string ids of a list's objects, as they are in the file. */
function rawIds(list: unknown): unknown[] {
  return Array.isArray(list) ? list.map((item) => (isObject(item) ? item.id : undefined)) : [];
}

/** How far a load got: reading or checking its layer files, so many of so many. */
export type LoadProgress = (phase: 'reading' | 'checking', done: number, total: number) => void;

/** Reads the manifest and the source catalogue, and declares the manifest's zones; undefined (with the problems that say why) without a valid manifest. */
export async function readHead(read: ReadFile, problems: Problem[]): Promise<AtlasHead | undefined> {
  const { manifest, legacy } = await readManifest(read, problems);
  if (!manifest) return undefined;
  for (const abbr of declareZones(manifest.zones)) {
    problems.push({ file: MANIFEST_FILE, field: `zones.${abbr}`, severity: 'warning', message: 'is declared by another loaded atlas with another zone; that one is used' });
  }
  const sourceJson = await readJson(read, manifest.sources, problems);
  const catalog = sourceJson === undefined ? { sources: [], originators: new Map<string, Originator>(), problems: [] } : validateSources(manifest.sources, sourceJson);
  append(problems, catalog.problems);
  const sources = new Map(catalog.sources.map((s) => [s.id, s]));
  const leftOutSources = rawIds(isObject(sourceJson) ? sourceJson.sources : undefined).filter((id): id is string => typeof id === 'string' && !sources.has(id));
  return { manifest, legacy, sources, leftOutSources, ...(sourceJson === undefined ? { unreadCatalogue: manifest.sources } : {}), originators: catalog.originators };
}

/**
 * Reads and parses layer files side by side; one that cannot be read or parsed is reported
 * and gives undefined. The problems come in the files' order, whichever read ends first, so
 * that an atlas gives the same report however its server answers.
 */
export async function readLayerFiles(read: ReadFile, layers: readonly LayerDef[], problems: Problem[], onProgress?: LoadProgress): Promise<unknown[]> {
  let readSoFar = 0;
  onProgress?.('reading', 0, layers.length);
  const held = layers.map((): Problem[] => []);
  const texts = await Promise.all(
    layers.map(async (l, i) => {
      const json = await readJson(read, l.file, held[i]);
      onProgress?.('reading', ++readSoFar, layers.length);
      return json;
    }),
  );
  for (const list of held) append(problems, list);
  return texts;
}

/** The ids that checking these parsed layer files marks as seen (see `validateLayerFile`): every object feature's string id, in order. */
export function seenIdsOf(texts: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const json of texts) {
    if (!isFeatureList(json)) continue;
    for (const f of json.features) if (isObject(f) && typeof f.id === 'string') ids.push(f.id);
  }
  return ids;
}

/** The feature ids that distance claims in these parsed layer files name (`from`), valid or not. */
export function namedFromIdsOf(texts: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const json of texts) {
    if (!isFeatureList(json)) continue;
    for (const f of json.features) {
      const claims = isObject(f) && isObject(f.properties) ? f.properties.claims : undefined;
      if (Array.isArray(claims)) for (const c of claims) if (isObject(c) && typeof c.from === 'string') ids.push(c.from);
    }
  }
  return ids;
}

/** Checks parsed layer files in order; `seenIds` holds the ids of the layers before them, and gains theirs. */
export function checkLayerFiles(
  layers: readonly LayerDef[],
  texts: readonly unknown[],
  known: ReadonlySet<string>,
  seenIds: Set<string>,
  problems: Problem[],
  onProgress?: LoadProgress,
): { features: EventFeature[]; layers: LayerDef[] } {
  const features: EventFeature[] = [];
  const kept: LayerDef[] = [];
  layers.forEach((layer, i) => {
    onProgress?.('checking', i, layers.length);
    if (texts[i] === undefined) return;
    const result = validateLayerFile(layer.file, texts[i], layer, known, seenIds);
    append(problems, result.problems);
    append(features, result.features);
    kept.push(layer);
  });
  return { features, layers: kept };
}

/**
 * The features a distance check reads: those with a claim that names another feature
 * (`from`), and those that such a claim names (`named`). The others give no finding.
 */
export function distanceFeatures(features: readonly EventFeature[], named: ReadonlySet<string>): EventFeature[] {
  return features.filter((f) => named.has(f.id) || f.properties.claims.some((c) => c.from !== undefined));
}

/**
 * The checks after the layers, and the files they need: links, distances, story, incidents,
 * routes and the basemap's places. `featureIds` are every feature kept; `forDistances` the
 * features the distance check reads, in the atlas's order (all of them, or those
 * `distanceFeatures` picks).
 */
export async function finishAtlas(
  read: ReadFile,
  head: AtlasHead,
  layers: readonly LayerDef[],
  featureIds: ReadonlySet<string>,
  forDistances: readonly EventFeature[],
  problems: Problem[],
): Promise<Omit<Atlas, 'features'> & { places: unknown }> {
  const { manifest, legacy, sources, originators } = head;
  const known = knownSources(sources.keys(), head);
  // Files a manifest names must be there; in an older folder only the catalogue, relations and story had to be.
  const readNamed = (name: string | undefined, optional = false) =>
    name === undefined ? Promise.resolve(undefined) : optional && legacy ? readOptionalJson(read, name, problems) : readJson(read, name, problems);
  const relationJson = await readNamed(manifest.relations);
  const types = Object.keys(relationTypesOf(manifest));
  const relations = relationJson === undefined ? [] : collect(validateRelations(manifest.relations!, relationJson, featureIds, known, types), problems).relations;
  append(problems, checkDistances(forDistances, (id) => layers.find((l) => l.id === id)?.file ?? id, featureIds));
  const storyJson = await readNamed(manifest.story);
  const relationIds = keptOf(new Set(relations.map((r) => r.id)), () => rawIds(isObject(relationJson) ? relationJson.relations : undefined));
  const story = storyJson === undefined ? [] : collect(validateStory(manifest.story!, storyJson, featureIds, relationIds, known), problems).steps;
  const incidentJson = await readNamed(manifest.incidents, true);
  const incidents: Incident[] = incidentJson === undefined ? [] : collect(validateIncidents(manifest.incidents!, incidentJson, featureIds, known), problems).incidents;
  const routeJson = await readNamed(manifest.routes, true);
  const routes: Route[] = routeJson === undefined ? [] : collect(validateRoutes(manifest.routes!, routeJson, featureIds, known), problems).routes;
  const places = await readNamed(manifest.places, true);
  return { layers: [...layers], relations, incidents, routes, story, sources, originators, places };
}

/**
 * Loads an atlas: its manifest, then the source catalog and every file the manifest names,
 * validating each at the edge. A broken file is reported and skipped; everything else still
 * loads. A missing or invalid manifest gives an empty atlas and the problems that say why.
 */
export async function loadAtlas(read: ReadFile, onProgress?: LoadProgress): Promise<LoadResult> {
  const problems: Problem[] = [];
  const head = await readHead(read, problems);
  return head ? loadFromHead(read, head, problems, onProgress) : { atlas: EMPTY_ATLAS, problems };
}

/** The rest of `loadAtlas`, once the manifest and the catalogue are read: every layer file, then the checks across the atlas. */
export async function loadFromHead(read: ReadFile, head: AtlasHead, problems: Problem[], onProgress?: LoadProgress): Promise<LoadResult> {
  const layers = head.manifest.layers;
  const texts = await readLayerFiles(read, layers, problems, onProgress);
  const checked = checkLayerFiles(layers, texts, knownSources(head.sources.keys(), head), new Set(), problems, onProgress);
  const features = checked.features;
  const featureIds = keptOf(new Set(features.map((f) => f.id)), () => seenIdsOf(texts));
  const { places, ...rest } = await finishAtlas(read, head, checked.layers, featureIds, features, problems);
  return { atlas: { ...rest, features }, manifest: head.manifest, places, problems };
}

/** A GeoJSON FeatureCollection's shape, as far as the layer check needs it before it runs. */
function isFeatureList(json: unknown): json is { features: unknown[] } {
  return isObject(json) && json.type === 'FeatureCollection' && Array.isArray(json.features);
}

/** Reads a file an atlas may leave out (`incidents.json`, `routes.json`): absent is fine, broken is reported. */
async function readOptionalJson(read: ReadFile, name: string, problems: Problem[]): Promise<unknown> {
  let text: unknown;
  try {
    text = await read(name);
  } catch {
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push({ file: name, severity: 'error', message: `is not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

function collect<T extends { problems: Problem[] }>(result: T, into: Problem[]): T {
  append(into, result.problems);
  return result;
}

export { append, citedSourceIds, findFeature, findRelation, incidentsOf, routesThrough } from './atlas-queries';
