import type { Atlas, EventFeature, Incident, LayerDef, Problem, Relation, Route, Source } from './schema';
import { checkDistances } from './distances';
import { validateIncidents, validateRoutes, validateLayerFile, validateLayerList, validateRelations, validateSources, validateStory } from './validate';

/** Reads one file of `geodata/` by name; the app fetches, the CLI and tests read from disk. */
export type ReadFile = (name: string) => Promise<string>;

export interface LoadResult {
  atlas: Atlas;
  problems: Problem[];
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
 * Loads the layer list, the source catalog and every layer file, validating each at the
 * edge. A broken file is reported and skipped; everything else still loads.
 */
export async function loadAtlas(read: ReadFile): Promise<LoadResult> {
  const problems: Problem[] = [];
  const [layerJson, sourceJson] = await Promise.all([
    readJson(read, 'layers.json', problems),
    readJson(read, 'sources.json', problems),
  ]);
  const layerList = layerJson === undefined ? { layers: [], problems: [] } : validateLayerList('layers.json', layerJson);
  const catalog = sourceJson === undefined ? { sources: [], originators: new Map(), problems: [] } : validateSources('sources.json', sourceJson);
  append(problems, layerList.problems);
  append(problems, catalog.problems);

  const sources = new Map<string, Source>(catalog.sources.map((s) => [s.id, s]));
  const known = new Set(sources.keys());
  const seenIds = new Set<string>();
  const texts = await Promise.all(layerList.layers.map((l) => readJson(read, l.file, problems)));
  const features: EventFeature[] = [];
  const layers: LayerDef[] = [];
  layerList.layers.forEach((layer, i) => {
    if (texts[i] === undefined) return;
    const result = validateLayerFile(layer.file, texts[i], layer, known, seenIds);
    append(problems, result.problems);
    append(features, result.features);
    layers.push(layer);
  });
  const relationJson = await readJson(read, 'relations.json', problems);
  const relations =
    relationJson === undefined ? [] : collect(validateRelations('relations.json', relationJson, new Set(features.map((f) => f.id)), known), problems).relations;
  append(problems, checkDistances(features, (id) => layers.find((l) => l.id === id)?.file ?? id));
  const storyJson = await readJson(read, 'story.json', problems);
  const featureIds = new Set(features.map((f) => f.id));
  const relationIds = new Set(relations.map((r) => r.id));
  const story = storyJson === undefined ? [] : collect(validateStory('story.json', storyJson, featureIds, relationIds, known), problems).steps;
  const incidentJson = await readOptionalJson(read, 'incidents.json', problems);
  const incidents: Incident[] = incidentJson === undefined ? [] : collect(validateIncidents('incidents.json', incidentJson, featureIds, known), problems).incidents;
  const routeJson = await readOptionalJson(read, 'routes.json', problems);
  const routes: Route[] = routeJson === undefined ? [] : collect(validateRoutes('routes.json', routeJson, featureIds, known), problems).routes;
  return { atlas: { layers, features, relations, incidents, routes, story, sources, originators: catalog.originators }, problems };
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

/** Appends in a loop: `push(...list)` overflows the call stack on a file with 100,000 items. */
export function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** Finds a feature by id, or undefined. */
export function findFeature(atlas: Atlas, id: string | null | undefined): EventFeature | undefined {
  return id ? atlas.features.find((f) => f.id === id) : undefined;
}

/** The incidents a feature belongs to (the attack both Kerman explosions are part of). */
export function incidentsOf(atlas: Atlas, featureId: string): Incident[] {
  return atlas.incidents.filter((i) => i.features.includes(featureId));
}

/** The routes that pass through a feature. */
export function routesThrough(atlas: Atlas, featureId: string): Route[] {
  return atlas.routes.filter((r) => r.via.includes(featureId));
}

/** Finds a relation by id, or undefined. */
export function findRelation(atlas: Atlas, id: string | null | undefined): Relation | undefined {
  return id ? atlas.relations.find((r) => r.id === id) : undefined;
}

/** Every source id the atlas cites, from times, positions, claims and relations. */
export function citedSourceIds(atlas: Atlas): Set<string> {
  const ids = new Set<string>();
  for (const f of atlas.features) {
    const p = f.properties;
    for (const id of [...(p.time?.sources ?? []), ...p.location.sources, ...p.claims.flatMap((c) => c.sources)]) ids.add(id);
  }
  for (const r of atlas.relations) for (const id of r.sources) ids.add(id);
  for (const inc of atlas.incidents) for (const c of inc.claims) for (const id of c.sources) ids.add(id);
  for (const route of atlas.routes) for (const id of route.sources) ids.add(id);
  for (const step of atlas.story) for (const id of step.sources) ids.add(id);
  return ids;
}
