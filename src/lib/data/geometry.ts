/**
 * One position per feature, for everything that needs a single point: the GPU layer, the
 * list's distances, precision circles, labels, arcs and the panel's position line. A point
 * is its own anchor; a line, polygon or multi-geometry gets a point that lies on it (Turf's
 * `pointOnFeature`: the centroid when that falls on the shape, else a point of the shape),
 * so an anchor never sits outside what the source describes.
 */
import { bbox, pointOnFeature } from '@turf/turf';
import type { Geometry, Position } from 'geojson';
import type { EventFeature } from './schema';

/** The anchor of a geometry as `[longitude, latitude]` (any height is dropped). */
export function anchorOf(geometry: Geometry): [number, number] {
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  const [lon, lat] = pointOnFeature(geometry).geometry.coordinates;
  return [lon, lat];
}

/** Anchors are asked for again on every filter step; a shape's is computed once. */
const anchors = new WeakMap<object, [number, number]>();

/** The anchor of a feature: its point, or a point on its line or shape. */
export function anchor(f: Pick<EventFeature, 'geometry'>): [number, number] {
  const g = f.geometry;
  if (g.type === 'Point') return [g.coordinates[0], g.coordinates[1]];
  let a = anchors.get(g);
  if (!a) anchors.set(g, (a = anchorOf(g)));
  return a;
}

/**
 * True for anything but a single point: the map draws these shapes itself (lines, fills, the
 * points of a MultiPoint) and puts an anchor dot in the GPU layer so they stay pickable.
 */
export function isShape(f: Pick<EventFeature, 'geometry'>): boolean {
  return f.geometry.type !== 'Point';
}

/** West, south, east, north of a feature's whole geometry, so a camera fitting it sees every vertex. */
export function extentOf(f: Pick<EventFeature, 'geometry'>): [number, number, number, number] {
  const g = f.geometry;
  if (g.type === 'Point') return [g.coordinates[0], g.coordinates[1], g.coordinates[0], g.coordinates[1]];
  const [w, s, e, n] = bbox(g);
  return [w, s, e, n];
}

/** Well-known text of a geometry (2D or 3D), as the CSV export's `wkt` column carries it. */
export function toWkt(geometry: Geometry): string {
  const z = hasHeight(geometry) ? ' Z' : '';
  const pos = (p: Position) => p.slice(0, z ? 3 : 2).join(' ');
  const list = (ps: Position[]) => `(${ps.map(pos).join(', ')})`;
  const rings = (rs: Position[][]) => `(${rs.map(list).join(', ')})`;
  switch (geometry.type) {
    case 'Point':
      return `POINT${z} (${pos(geometry.coordinates)})`;
    case 'MultiPoint':
      return `MULTIPOINT${z} ${list(geometry.coordinates)}`;
    case 'LineString':
      return `LINESTRING${z} ${list(geometry.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING${z} ${rings(geometry.coordinates)}`;
    case 'Polygon':
      return `POLYGON${z} ${rings(geometry.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON${z} (${geometry.coordinates.map(rings).join(', ')})`;
    default:
      throw new Error(`no WKT for ${geometry.type}`);
  }
}

/** Every position of a geometry, flattened. */
export function positionsOf(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
    default:
      return [];
  }
}

/** True when the geometry's positions carry a height; WKT then needs `Z` (and all positions one). */
function hasHeight(geometry: Geometry): boolean {
  const all = positionsOf(geometry);
  return all.length > 0 && all.every((p) => p.length === 3);
}
