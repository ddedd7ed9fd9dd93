/**
 * One position per feature, for everything that needs a single point: the GPU layer, the
 * list's distances, precision circles, labels, arcs and the panel's position line. A point
 * is its own anchor; a line gets the point halfway along it, several points the one nearest
 * their middle, an area the middle of its extent when that lies inside (else the point of
 * its largest part farthest from its edges), so an anchor never sits outside what the source
 * describes, nor on its border.
 * Lines and areas are measured by Turf in `shape-kit.ts`, which the page loads only when
 * features other than points arrive (the built-in atlas has none): see `useShapeKit`.
 */
import type { Geometry, Position } from 'geojson';
import type { EventFeature } from './schema';
import { StoredFeature } from './stored-feature.ts';

/** What lines and areas need measured on the ground: given by `shape-kit.ts` once loaded. */
export interface ShapeKit {
  /** The point halfway along a line, on the ground. */
  middleOf(line: Position[]): [number, number];
  /** A line's length on the ground, in kilometres. */
  lengthOf(line: Position[]): number;
  /** The middle of an area's extent when it lies inside it, else a point well inside its largest part. */
  pointOn(area: Geometry): [number, number];
  /** West, south, east, north of every position. */
  bbox(geometry: Geometry): [number, number, number, number];
}

let kit: ShapeKit | null = null;

/** Called by `shape-kit.ts` as it loads. */
export function useShapeKit(given: ShapeKit): void {
  kit = given;
}

/** Whether lines and areas can be measured now (`shape-kit.ts` is loaded). */
export const shapeKitLoaded = (): boolean => kit !== null;

function shapeKit(): ShapeKit {
  // A feature other than a point reached a part of the page before the kit was loaded for it: a bug, named as such.
  if (!kit) throw new Error('lines and areas are measured only once shape-kit.ts is loaded');
  return kit;
}

/** The anchor of a geometry as `[longitude, latitude]` (any height is dropped). */
export function anchorOf(geometry: Geometry): [number, number] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates[0], geometry.coordinates[1]];
    case 'MultiPoint': {
      // The member nearest the members' mean, so the anchor is one of the reported points.
      const ps = geometry.coordinates;
      const mx = ps.reduce((sum, p) => sum + p[0], 0) / ps.length;
      const my = ps.reduce((sum, p) => sum + p[1], 0) / ps.length;
      const d = (p: Position) => (p[0] - mx) ** 2 + (p[1] - my) ** 2;
      const best = ps.reduce((a, b) => (d(b) < d(a) ? b : a));
      return [best[0], best[1]];
    }
    case 'LineString':
      return shapeKit().middleOf(geometry.coordinates);
    case 'MultiLineString': {
      // The longest member (the first of equals), found in a loop: a file may give a line of 100,000 members, and `Math.max(...lengths)` overflows the call stack.
      const { lengthOf, middleOf } = shapeKit();
      let longest = 0;
      let most = -1;
      geometry.coordinates.forEach((line, k) => {
        const length = lengthOf(line);
        if (length > most) [longest, most] = [k, length];
      });
      return middleOf(geometry.coordinates[longest]);
    }
    default:
      return shapeKit().pointOn(geometry);
  }
}

/** Anchors are asked for again on every filter step; a shape's is computed once. */
const anchors = new WeakMap<object, [number, number]>();

/** The anchor of a feature: its point, or a point on its line or shape. */
export function anchor(f: Pick<EventFeature, 'geometry'>): [number, number] {
  const point = pointOf(f);
  if (point) return point;
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
  return !pointOf(f) && f.geometry.type !== 'Point';
}

/**
 * A point that came to the page as numbers (`StoredFeature`'s `lon` and `lat`), read without
 * making its geometry object: the index and the shape list ask this of every feature. Only
 * a stored feature's: a GeoJSON feature may carry members of any name, `lon` among them.
 */
function pointOf(f: object): [number, number] | null {
  return f instanceof StoredFeature && !Number.isNaN(f.lon) ? [f.lon, f.lat] : null;
}

/** West, south, east, north of a feature's whole geometry, so a camera fitting it sees every vertex. */
export function extentOf(f: Pick<EventFeature, 'geometry'>): [number, number, number, number] {
  const g = f.geometry;
  if (g.type === 'Point') return [g.coordinates[0], g.coordinates[1], g.coordinates[0], g.coordinates[1]];
  return shapeKit().bbox(g);
}

/** Well-known text of a geometry (2D or 3D), as the CSV export's `wkt` column carries it. */
export function toWkt(geometry: Geometry): string {
  // Most events are points: written directly, without the closures the other shapes need.
  if (geometry.type === 'Point') {
    const c = geometry.coordinates;
    return c.length === 3 ? `POINT Z (${c[0]} ${c[1]} ${c[2]})` : `POINT (${c[0]} ${c[1]})`;
  }
  const z = hasHeight(geometry) ? ' Z' : '';
  const pos = (p: Position) => p.slice(0, z ? 3 : 2).join(' ');
  const list = (ps: Position[]) => `(${ps.map(pos).join(', ')})`;
  const rings = (rs: Position[][]) => `(${rs.map(list).join(', ')})`;
  switch (geometry.type) {
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
