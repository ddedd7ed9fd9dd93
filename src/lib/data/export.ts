import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Atlas, Claim, EventFeature, Incident, LocationInfo, Originator, Relation, Source } from './schema';
import { timeWindow } from './uncertainty';
import { citedOriginators, EXPORT_SCHEMA_VERSION, exportActors, flatFields, JSON_FG_CORE, jsonFgTime, type ExportedActor, type FlatFields, type JsonFgTime } from './interchange';

/** A citation as embedded in an export: the whole catalog entry, so the file stands alone. */
export type ExportedSource = Source;

export type ExportedProperties = {
  title: string;
  titleFa?: string;
  layer: string;
  layerTitle: string;
  country: string;
  place: string;
  time?: Omit<NonNullable<EventFeature['properties']['time']>, 'sources'> & { sources: ExportedSource[] };
  location: Omit<LocationInfo, 'sources'> & { sources: ExportedSource[] };
  actors: ExportedActor[];
  claims: (Omit<Claim, 'sources'> & { sources: ExportedSource[] })[];
} & FlatFields;

/** A feature with the JSON-FG members `time` (UTC) and `place` (null: the geometry is WGS84). */
export type ExportedFeature = Feature<Point, ExportedProperties> & { id: string; time: JsonFgTime | null; place: null };
export type ExportedRelation = Omit<Relation, 'sources'> & { sources: ExportedSource[] };
export type ExportedClaim = Omit<Claim, 'sources'> & { sources: ExportedSource[] };
export type ExportedIncident = Omit<Incident, 'claims'> & { claims: ExportedClaim[] };

/**
 * The export: a FeatureCollection plus foreign members (RFC 7946 §6.1): `schemaVersion`,
 * `conformsTo` (JSON-FG), `name`, `relations`, the sourced links between exported features,
 * `incidents`, the events made of several exported features with the claims about each
 * event as a whole, and `originators`, the agencies the cited sources name.
 */
export type ExportedCollection = FeatureCollection<Point, ExportedProperties> & {
  schemaVersion: number;
  conformsTo: string[];
  name: string;
  features: ExportedFeature[];
  relations: ExportedRelation[];
  incidents?: ExportedIncident[];
  originators?: Originator[];
};

/** The title every export (GeoJSON `name`, KML document name) carries. */
export const EXPORT_NAME = 'Kerman bombings and the strikes that followed (January 2024)';

/** Copies the listed keys of `obj`, in that order, leaving out the undefined ones. */
function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function sourceRecord(s: Source): ExportedSource {
  return pick(s, ['id', 'publisher', 'title', 'published', 'url', 'archiveUrl', 'archivedAt', 'archiveSha256', 'language', 'type', 'originator', 'syndicated']);
}

function citations(atlas: Atlas, ids: readonly string[]): ExportedSource[] {
  return ids.flatMap((id) => {
    const s = atlas.sources.get(id);
    return s ? [sourceRecord(s)] : [];
  });
}

function exportClaim(atlas: Atlas, c: Claim): ExportedClaim {
  return {
    ...pick(c, ['id', 'topic', 'statement', 'value', 'valueMax', 'qualifier', 'unit', 'by', 'date', 'status', 'official', 'from']),
    sources: citations(atlas, c.sources),
  };
}

function exportFeature(atlas: Atlas, f: EventFeature): ExportedFeature {
  const p = f.properties;
  const layerTitle = atlas.layers.find((l) => l.id === p.layer)?.title ?? p.layer;
  const time = p.time && {
    ...pick(p.time, ['local', 'end', 'precision', 'approximate', 'zone', 'note']),
    sources: citations(atlas, p.time.sources),
  };
  const span = p.time && timeWindow(p.time);
  const properties: ExportedProperties = {
    ...pick(p, ['title', 'titleFa']),
    layer: p.layer,
    layerTitle,
    country: p.country,
    place: p.place,
    ...(time ? { time } : {}),
    location: { ...pick(p.location, ['basis', 'radiusM', 'note']), sources: citations(atlas, p.location.sources) },
    actors: exportActors(p.actors),
    claims: p.claims.map((c) => exportClaim(atlas, c)),
    ...flatFields(p.time, p.actors, span),
  };
  return {
    type: 'Feature',
    id: f.id,
    time: jsonFgTime(p.time, span),
    place: null,
    geometry: { type: 'Point', coordinates: [f.geometry.coordinates[0], f.geometry.coordinates[1]] },
    properties,
  };
}

/**
 * Builds an RFC 7946 FeatureCollection of the given features (all by default), each with
 * its facts and full citation records embedded, keys always in the same order.
 */
export function buildExport(atlas: Atlas, features: readonly EventFeature[] = atlas.features): ExportedCollection {
  const ids = new Set(features.map((f) => f.id));
  const relations = atlas.relations
    .filter((r) => ids.has(r.from) && ids.has(r.to))
    .map((r) => ({ ...pick(r, ['id', 'from', 'to', 'type', 'statement', 'by', 'date', 'status']), sources: citations(atlas, r.sources) }));
  const incidents = atlas.incidents
    .filter((inc) => inc.features.every((id) => ids.has(id)))
    .map((inc) => ({ id: inc.id, title: inc.title, features: [...inc.features], claims: inc.claims.map((c) => exportClaim(atlas, c)) }));
  const exported = features.map((f) => exportFeature(atlas, f));
  const originators = citedOriginators(atlas.originators, citedRecords(exported, relations, incidents));
  return {
    type: 'FeatureCollection',
    schemaVersion: EXPORT_SCHEMA_VERSION,
    conformsTo: [JSON_FG_CORE],
    name: EXPORT_NAME,
    features: exported,
    relations,
    ...(incidents.length > 0 ? { incidents } : {}),
    ...(originators.length > 0 ? { originators } : {}),
  };
}

/** Every source record embedded in the exported items. */
function* citedRecords(features: readonly ExportedFeature[], relations: readonly ExportedRelation[], incidents: readonly ExportedIncident[]): Generator<ExportedSource> {
  for (const f of features) {
    const p = f.properties;
    yield* p.time?.sources ?? [];
    yield* p.location.sources;
    for (const c of p.claims) yield* c.sources;
  }
  for (const r of relations) yield* r.sources;
  for (const inc of incidents) for (const c of inc.claims) yield* c.sources;
}

/** Serialises an export as pretty-printed JSON text with a trailing newline. */
export function serializeExport(collection: ExportedCollection): string {
  return `${JSON.stringify(collection, null, 2)}\n`;
}
