import type { ExportedCollection, ExportedSource } from './export';
import type { Atlas, EventFeature, LayerDef, Problem, Relation, Source } from './schema';
import { validateIncidents, validateLayerFile, validateRelations, validateSources } from './validate';

type WithSources = { sources: ExportedSource[] };
const ids = (x: WithSources) => x.sources.map((s) => s.id);

function withoutLayerTitle<T extends { layerTitle?: string }>(p: T): Omit<T, 'layerTitle'> {
  const { layerTitle: _, ...rest } = p;
  return rest;
}

/**
 * Reads a file written by Export GeoJSON back into an atlas, validating it with the same
 * rules as `geodata/`: the citations embedded in it become the source catalog.
 */
export function importExport(file: string, json: unknown): { atlas: Atlas; problems: Problem[] } {
  const empty: Atlas = { layers: [], features: [], relations: [], incidents: [], routes: [], story: [], sources: new Map(), originators: new Map() };
  const fc = json as Partial<ExportedCollection>;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return { atlas: empty, problems: [{ file, severity: 'error', message: 'must be a GeoJSON FeatureCollection written by Export GeoJSON' }] };
  }
  const problems: Problem[] = [];
  const cited = new Map<string, Source>();
  const cite = (list: unknown) => {
    if (Array.isArray(list)) for (const s of list as Source[]) if (s && typeof s.id === 'string') cited.set(s.id, s);
  };
  for (const f of fc.features) {
    const p = f?.properties;
    cite(p?.time?.sources);
    cite(p?.location?.sources);
    for (const c of p?.claims ?? []) cite(c?.sources);
  }
  for (const r of fc.relations ?? []) cite(r?.sources);
  for (const inc of fc.incidents ?? []) for (const c of inc?.claims ?? []) cite(c?.sources);
  const originatorList = [...new Set([...cited.values()].flatMap((s) => (typeof s.originator === 'string' ? [s.originator] : [])))].map((id) => ({ id, name: id, type: 'wire' }));
  const catalog = validateSources(file, { originators: originatorList, sources: [...cited.values()] });
  problems.push(...catalog.problems.filter((p) => p.severity === 'error'));
  const known = new Set(catalog.sources.map((s) => s.id));

  const layers = new Map<string, LayerDef>();
  const features: EventFeature[] = [];
  const seen = new Set<string>();
  for (const f of fc.features) {
    const p = f?.properties;
    const layerId = typeof p?.layer === 'string' ? p.layer : 'unknown';
    const layer = layers.get(layerId) ?? { id: layerId, title: p?.layerTitle ?? layerId, description: '', file, color: '#666666' };
    layers.set(layerId, layer);
    const plain = p && {
      ...f,
      properties: {
        ...withoutLayerTitle(p),
        ...(p.time ? { time: { ...p.time, sources: ids(p.time) } } : {}),
        location: p.location && { ...p.location, sources: ids(p.location) },
        claims: Array.isArray(p.claims) ? p.claims.map((c) => ({ ...c, sources: ids(c) })) : p.claims,
      },
    };
    const result = validateLayerFile(file, { type: 'FeatureCollection', features: [plain ?? f] }, layer, known, seen);
    problems.push(...result.problems);
    features.push(...result.features);
  }
  const relationList = (fc.relations ?? []).map((r) => ({ ...r, sources: ids(r) })) as Relation[];
  const rel = validateRelations(file, { relations: relationList }, new Set(features.map((f) => f.id)), known);
  problems.push(...rel.problems);
  const incidentList = (fc.incidents ?? []).map((inc) => ({ ...inc, claims: Array.isArray(inc?.claims) ? inc.claims.map((c) => ({ ...c, sources: ids(c) })) : inc?.claims }));
  const inc = validateIncidents(file, { incidents: incidentList }, new Set(features.map((f) => f.id)), known);
  problems.push(...inc.problems);
  const originators = new Map([...cited.values()].flatMap((s) => (s.originator ? [[s.originator, { id: s.originator, name: s.originator, type: s.type }] as const] : [])));
  const sources = new Map(catalog.sources.map((s) => [s.id, s]));
  return { atlas: { layers: [...layers.values()], features, relations: rel.relations, incidents: inc.incidents, routes: [], story: [], sources, originators }, problems };
}
