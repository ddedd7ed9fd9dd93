import { pointOnFeature } from '@turf/turf';
import type { Geometry, Point } from 'geojson';
import type { Atlas, EventFeature, Problem } from '../schema';
import { validateLayerFile, validateSources } from '../validate';
import type { Converted, ImportedFeature } from './types';

/** A feature on the map as a point, with the file's own geometry kept beside it. */
export type PlacedFeature = EventFeature & { sourceGeometry?: Geometry };

/**
 * The map draws points only, for now: a shape becomes a point on it (Turf's `pointOnFeature`,
 * which lies on a line and inside a polygon) and a height is dropped, while the file's own
 * geometry stays on the feature as `sourceGeometry`. The one place to drop once the app draws shapes.
 */
export function toMapPoint(f: ImportedFeature): PlacedFeature {
  const g = f.geometry;
  if (g.type === 'Point' && g.coordinates.length === 2) return f as PlacedFeature;
  const at = g.type === 'Point' ? g.coordinates : pointOnFeature(f).geometry.coordinates;
  const point: Point = { type: 'Point', coordinates: [at[0], at[1]] };
  const note = g.type === 'Point' ? `${f.properties.location.note} The file also gives a height (${at[2]}), which the map does not show.` : `${f.properties.location.note} The file gives a ${g.type}; until the map draws shapes, it is shown at a point on it.`;
  return { ...f, geometry: point, properties: { ...f.properties, location: { ...f.properties.location, note } }, sourceGeometry: g };
}

/**
 * A converted file as an atlas the merge can add: points for the map, then the same checks as
 * `geodata/` (a converter's slip shows as a problem, never as a broken feature).
 */
export function convertedToAtlas(c: Converted): { atlas: Atlas; problems: Problem[] } {
  const catalog = validateSources(c.file, { sources: c.sources });
  const known = new Set(catalog.sources.map((s) => s.id));
  const result = validateLayerFile(c.file, { type: 'FeatureCollection', features: c.features.map(toMapPoint) }, c.layer, known);
  return {
    atlas: {
      layers: [c.layer],
      features: result.features,
      relations: [],
      incidents: [],
      routes: [],
      story: [],
      sources: new Map(catalog.sources.map((s) => [s.id, s])),
      originators: new Map(),
    },
    problems: [...c.problems, ...catalog.problems, ...result.problems],
  };
}
