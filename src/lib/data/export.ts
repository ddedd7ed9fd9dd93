import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Atlas, Claim, EventFeature, Incident, LocationInfo, Relation, Source } from './schema';

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
  actors: string[];
  claims: (Omit<Claim, 'sources'> & { sources: ExportedSource[] })[];
};

export type ExportedFeature = Feature<Point, ExportedProperties> & { id: string };
export type ExportedRelation = Omit<Relation, 'sources'> & { sources: ExportedSource[] };
export type ExportedClaim = Omit<Claim, 'sources'> & { sources: ExportedSource[] };
export type ExportedIncident = Omit<Incident, 'claims'> & { claims: ExportedClaim[] };

/**
 * The export: a FeatureCollection plus foreign members (RFC 7946 §6.1): `name`,
 * `relations`, the sourced links between exported features, and `incidents`, the events
 * made of several exported features with the claims about each event as a whole.
 */
export type ExportedCollection = FeatureCollection<Point, ExportedProperties> & { name: string; relations: ExportedRelation[]; incidents?: ExportedIncident[] };

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
  const properties: ExportedProperties = {
    ...pick(p, ['title', 'titleFa']),
    layer: p.layer,
    layerTitle,
    country: p.country,
    place: p.place,
    ...(time ? { time } : {}),
    location: { ...pick(p.location, ['basis', 'radiusM', 'note']), sources: citations(atlas, p.location.sources) },
    actors: [...p.actors],
    claims: p.claims.map((c) => exportClaim(atlas, c)),
  };
  return {
    type: 'Feature',
    id: f.id,
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
  return {
    type: 'FeatureCollection',
    name: 'Kerman bombings and the strikes that followed (January 2024)',
    features: features.map((f) => exportFeature(atlas, f)),
    relations,
    ...(incidents.length > 0 ? { incidents } : {}),
  };
}

/** Serialises an export as pretty-printed JSON text with a trailing newline. */
export function serializeExport(collection: ExportedCollection): string {
  return `${JSON.stringify(collection, null, 2)}\n`;
}
