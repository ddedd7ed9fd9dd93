import type { Atlas, LayerDef } from './schema';

/** Colours for layers that arrive in an imported file, picked in turn. */
const IMPORT_COLOURS = ['#8a3ffc', '#007d79', '#b28600', '#9f1853', '#198038'];

export interface MergeResult {
  atlas: Atlas;
  added: number;
  /** Ids already on the map; the loaded version is kept. */
  skipped: string[];
}

/**
 * Adds an imported atlas to the loaded one without changing anything already loaded:
 * features, relations, layers and sources whose ids exist keep their loaded version.
 */
export function mergeAtlas(base: Atlas, extra: Atlas): MergeResult {
  const ids = new Set(base.features.map((f) => f.id));
  const newFeatures = extra.features.filter((f) => !ids.has(f.id));
  const skipped = extra.features.filter((f) => ids.has(f.id)).map((f) => f.id);
  const layerIds = new Set(base.layers.map((l) => l.id));
  const newLayers: LayerDef[] = extra.layers
    .filter((l) => !layerIds.has(l.id) && newFeatures.some((f) => f.properties.layer === l.id))
    .map((l, i) => ({ ...l, color: IMPORT_COLOURS[(base.layers.length + i) % IMPORT_COLOURS.length], description: `Imported from ${l.file}.` }));
  const sources = new Map(base.sources);
  for (const [id, s] of extra.sources) if (!sources.has(id)) sources.set(id, s);
  const allIds = new Set([...ids, ...newFeatures.map((f) => f.id)]);
  const relationIds = new Set(base.relations.map((r) => r.id));
  const newRelations = extra.relations.filter((r) => !relationIds.has(r.id) && allIds.has(r.from) && allIds.has(r.to));
  const originators = new Map(extra.originators);
  for (const [id, o] of base.originators) originators.set(id, o);
  const incidentIds = new Set(base.incidents.map((i) => i.id));
  const newIncidents = extra.incidents.filter((i) => !incidentIds.has(i.id) && i.features.every((id) => allIds.has(id)));
  return {
    atlas: {
      ...base,
      layers: [...base.layers, ...newLayers],
      features: [...base.features, ...newFeatures],
      relations: [...base.relations, ...newRelations],
      incidents: [...base.incidents, ...newIncidents],
      sources,
      originators,
    },
    added: newFeatures.length,
    skipped,
  };
}
