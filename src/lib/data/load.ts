import type { Atlas, EventFeature, Incident, LayerDef, Problem, Relation, Route, Source } from './schema';
import { checkDistances } from './distances';
import { validateIncidents, validateRoutes, validateLayerFile, validateLayerList, validateRelations, validateSources, validateStory } from './validate';
import { legacyManifest, MANIFEST_FILE, relationTypesOf, type Manifest } from './manifest';
import { parseManifest } from './manifest-parse';
import { declareZones } from './time';
import { append } from './atlas-queries';
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

const EMPTY_ATLAS: Atlas = { layers: [], features: [], relations: [], incidents: [], routes: [], story: [], sources: new Map(), originators: new Map() };

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

/**
 * Loads an atlas: its manifest, then the source catalog and every file the manifest names,
 * validating each at the edge. A broken file is reported and skipped; everything else still
 * loads. A missing or invalid manifest gives an empty atlas and the problems that say why.
 */
export async function loadAtlas(read: ReadFile, onProgress?: (phase: 'reading' | 'checking', done: number, total: number) => void): Promise<LoadResult> {
  const problems: Problem[] = [];
  const { manifest, legacy } = await readManifest(read, problems);
  if (!manifest) return { atlas: EMPTY_ATLAS, problems };
  for (const abbr of declareZones(manifest.zones)) {
    problems.push({ file: MANIFEST_FILE, field: `zones.${abbr}`, severity: 'warning', message: 'is declared by another loaded atlas with another zone; that one is used' });
  }
  // Files a manifest names must be there; in an older folder only the catalogue, relations and story had to be.
  const readNamed = (name: string | undefined, optional = false) =>
    name === undefined ? Promise.resolve(undefined) : optional && legacy ? readOptionalJson(read, name, problems) : readJson(read, name, problems);
  const sourceJson = await readJson(read, manifest.sources, problems);
  const catalog = sourceJson === undefined ? { sources: [], originators: new Map(), problems: [] } : validateSources(manifest.sources, sourceJson);
  append(problems, catalog.problems);

  const sources = new Map<string, Source>(catalog.sources.map((s) => [s.id, s]));
  const known = new Set(sources.keys());
  const seenIds = new Set<string>();
  const count = manifest.layers.length;
  let readSoFar = 0;
  onProgress?.('reading', 0, count);
  const texts = await Promise.all(
    manifest.layers.map(async (l) => {
      const json = await readJson(read, l.file, problems);
      onProgress?.('reading', ++readSoFar, count);
      return json;
    }),
  );
  const features: EventFeature[] = [];
  const layers: LayerDef[] = [];
  manifest.layers.forEach((layer, i) => {
    onProgress?.('checking', i, count);
    if (texts[i] === undefined) return;
    const result = validateLayerFile(layer.file, texts[i], layer, known, seenIds);
    append(problems, result.problems);
    append(features, result.features);
    layers.push(layer);
  });
  const featureIds = new Set(features.map((f) => f.id));
  const relationJson = await readNamed(manifest.relations);
  const types = Object.keys(relationTypesOf(manifest));
  const relations = relationJson === undefined ? [] : collect(validateRelations(manifest.relations!, relationJson, featureIds, known, types), problems).relations;
  append(problems, checkDistances(features, (id) => layers.find((l) => l.id === id)?.file ?? id));
  const storyJson = await readNamed(manifest.story);
  const relationIds = new Set(relations.map((r) => r.id));
  const story = storyJson === undefined ? [] : collect(validateStory(manifest.story!, storyJson, featureIds, relationIds, known), problems).steps;
  const incidentJson = await readNamed(manifest.incidents, true);
  const incidents: Incident[] = incidentJson === undefined ? [] : collect(validateIncidents(manifest.incidents!, incidentJson, featureIds, known), problems).incidents;
  const routeJson = await readNamed(manifest.routes, true);
  const routes: Route[] = routeJson === undefined ? [] : collect(validateRoutes(manifest.routes!, routeJson, featureIds, known), problems).routes;
  const places = await readNamed(manifest.places, true);
  return { atlas: { layers, features, relations, incidents, routes, story, sources, originators: catalog.originators }, manifest, places, problems };
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
