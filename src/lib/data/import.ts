import type { Atlas, EventFeature, LayerDef, Problem, Source } from './schema';
import { validateLayerFile, validateRelations, validateSources } from './validate';

type Json = Record<string, unknown>;

/** Features validated per call: large enough to be cheap, small enough to report progress. */
const CHUNK = 5000;

/** Called now and then while a large file is checked: features done, features in all. */
export type OnProgress = (done: number, total: number) => void;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Turns a citation list into ids, in place. Files written by earlier versions carry the
 * whole source record at every citation; those records go into `cited`.
 */
function toIds(holder: unknown, cited: Map<string, Source>): void {
  if (!isObject(holder) || !Array.isArray(holder.sources)) return;
  holder.sources = holder.sources.map((s: unknown) => {
    if (isObject(s) && typeof s.id === 'string') {
      if (!cited.has(s.id)) cited.set(s.id, s as unknown as Source);
      return s.id;
    }
    return s;
  });
}

/**
 * Reads a file written by Export GeoJSON back into an atlas, validating it with the same
 * rules as `geodata/`. Reads both forms: the current one, with a `sources` catalogue and
 * citations by id, and the earlier one with full source records at every citation. The
 * parsed JSON is changed in place (it is the caller's own copy), so nothing is copied per feature.
 */
export function importExport(file: string, json: unknown, onProgress?: OnProgress): { atlas: Atlas; problems: Problem[] } {
  const empty: Atlas = { layers: [], features: [], relations: [], story: [], sources: new Map() };
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    return { atlas: empty, problems: [{ file, severity: 'error', message: 'must be a GeoJSON FeatureCollection written by Export GeoJSON' }] };
  }
  const raws = json.features as unknown[];
  const rawRelations = Array.isArray(json.relations) ? (json.relations as unknown[]) : [];
  const problems: Problem[] = [];
  const cited = new Map<string, Source>();
  if (Array.isArray(json.sources)) for (const s of json.sources) if (isObject(s) && typeof s.id === 'string') cited.set(s.id, s as unknown as Source);

  // Group by layer, taking each layer's title, and turn every citation into an id.
  const layers = new Map<string, LayerDef>();
  const byLayer = new Map<string, unknown[]>();
  for (const f of raws) {
    const p = isObject(f) ? f.properties : undefined;
    const layerId = isObject(p) && typeof p.layer === 'string' ? p.layer : 'unknown';
    if (!layers.has(layerId)) {
      const title = isObject(p) && typeof p.layerTitle === 'string' ? p.layerTitle : layerId;
      layers.set(layerId, { id: layerId, title, description: '', file, color: '#666666' });
      byLayer.set(layerId, []);
    }
    byLayer.get(layerId)!.push(f);
    if (!isObject(p)) continue;
    delete p.layerTitle;
    toIds(p.time, cited);
    toIds(p.location, cited);
    if (Array.isArray(p.claims)) for (const c of p.claims) toIds(c, cited);
  }
  for (const r of rawRelations) toIds(r, cited);

  const catalog = validateSources(file, { sources: [...cited.values()] });
  problems.push(...catalog.problems.filter((p) => p.severity === 'error'));
  const known = new Set(catalog.sources.map((s) => s.id));

  const features: EventFeature[] = [];
  const seen = new Set<string>();
  let done = 0;
  for (const [layerId, list] of byLayer) {
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      const result = validateLayerFile(file, { type: 'FeatureCollection', features: chunk }, layers.get(layerId)!, known, seen);
      problems.push(...result.problems);
      for (const f of result.features) features.push(f);
      done += chunk.length;
      onProgress?.(done, raws.length);
    }
  }
  const rel = validateRelations(file, { relations: rawRelations }, new Set(features.map((f) => f.id)), known);
  problems.push(...rel.problems);
  return { atlas: { layers: [...layers.values()], features, relations: rel.relations, story: [], sources: new Map(catalog.sources.map((s) => [s.id, s])) }, problems };
}
