import type { Geometry } from 'geojson';
import type { Atlas, EventFeature, Problem } from '../schema';
import { unique, validateLayerFile, validateSources } from '../validate';
import { append } from '../atlas-queries';
import type { OnProgress } from '../import';
import type { Converted } from './types';

const MULTI = { Point: 'MultiPoint', LineString: 'MultiLineString', Polygon: 'MultiPolygon' } as const;

/**
 * A GeometryCollection (Linked Places uses them) as the one simple geometry it amounts to:
 * its only member, or the Multi form of members of one kind. Mixed kinds stay as they are,
 * and validation names them.
 */
export function simpleGeometry(g: Geometry): Geometry {
  if (g.type !== 'GeometryCollection') return g;
  const parts = g.geometries.map(simpleGeometry);
  if (parts.length === 1) return parts[0];
  const kind = parts[0]?.type;
  if (parts.length === 0 || !parts.every((p) => p.type === kind) || !Object.hasOwn(MULTI, kind)) return g;
  return { type: MULTI[kind as keyof typeof MULTI], coordinates: parts.map((p) => (p as { coordinates: unknown }).coordinates) } as Geometry;
}

/**
 * A converted file as an atlas the merge can add, each geometry as the file gives it (lines,
 * areas and heights included), after the same checks as `geodata/` (a converter's slip shows
 * as a problem, never as a broken feature).
 */
export function convertedToAtlas(c: Converted, onProgress?: OnProgress, slice = CHECK_SLICE): { atlas: Atlas; problems: Problem[] } {
  const catalog = validateSources(c.file, { originators: c.originators, sources: c.sources });
  const known = new Set(catalog.sources.map((s) => s.id));
  // In slices, for progress, with the ids seen so far carried over: the same result as one check of the whole list.
  const seen = new Set<string>();
  const claimIds = unique();
  const features: EventFeature[] = [];
  const problems: Problem[] = [];
  for (let from = 0; from < c.features.length; from += slice) {
    const items = c.features.slice(from, from + slice).map((f) => (f.geometry ? { ...f, geometry: simpleGeometry(f.geometry) } : f));
    const result = validateLayerFile(c.file, { type: 'FeatureCollection', features: items }, c.layers, known, seen, claimIds, (k) => from + k);
    append(features, result.features);
    append(problems, result.problems);
    onProgress?.(Math.min(from + slice, c.features.length), c.features.length);
  }
  return {
    atlas: {
      layers: c.layers,
      features,
      relations: [],
      incidents: [],
      routes: [],
      story: [],
      sources: new Map(catalog.sources.map((s) => [s.id, s])),
      originators: catalog.originators,
    },
    problems: [...c.problems, ...catalog.problems, ...problems],
  };
}

/** Features checked between two reports of progress. */
const CHECK_SLICE = 5000;
