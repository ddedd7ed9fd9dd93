import { booleanPointInPolygon, booleanPointOnLine } from '@turf/turf';
import { readFileSync } from 'node:fs';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { anchor, anchorOf, extentOf, toWkt } from '../../src/lib/data/geometry';

interface AnchorCase {
  name: string;
  geometry: Geometry;
  anchor?: [number, number];
  inside?: boolean;
  interior?: boolean;
}

const { cases } = JSON.parse(readFileSync('tests/fixtures/geometry/anchors.json', 'utf8')) as { cases: AnchorCase[] };

/** True when a point lies on a line or in an area of the geometry (any member of a multi-geometry). */
function onShape(g: Geometry, at: [number, number]): boolean {
  switch (g.type) {
    case 'LineString':
      return booleanPointOnLine(at, g);
    case 'MultiLineString':
      return g.coordinates.some((line) => booleanPointOnLine(at, { type: 'LineString', coordinates: line }));
    case 'Polygon':
    case 'MultiPolygon':
      return booleanPointInPolygon(at, g);
    default:
      return false;
  }
}

describe('anchorOf (tests/fixtures/geometry/anchors.json)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const at = anchorOf(c.geometry);
    expect(at).toHaveLength(2);
    if (c.anchor) c.anchor.forEach((n, i) => expect(at[i]).toBeCloseTo(n, 6));
    if (c.inside) expect(onShape(c.geometry, at)).toBe(true);
    if (c.interior) expect(booleanPointInPolygon(at, c.geometry as Polygon | MultiPolygon, { ignoreBoundary: true })).toBe(true);
  });
});

describe('anchor, extent and WKT of a feature', () => {
  const line = { geometry: { type: 'LineString' as const, coordinates: [[44, 36], [46, 35], [48, 37]] } };

  it('anchors a line of 150,000 members on its longest, the first of equals (no spread of the lengths, which overflowed the call stack)', () => {
    const members = Array.from({ length: 150_000 }, (_, k) => [[k % 100, 0], [k % 100, 1]]);
    members[123_456] = [[10, 10], [10, 14]];
    members[140_000] = [[20, 10], [20, 14]];
    const [lon, lat] = anchorOf({ type: 'MultiLineString', coordinates: members });
    expect(lon).toBeCloseTo(10, 6);
    expect(lat).toBeCloseTo(12, 1);
  });

  it('computes a shape’s anchor once and hands back the same point', () => {
    expect(anchor(line)).toBe(anchor(line));
  });

  it('gives the whole extent of a line, not only its anchor', () => {
    expect(extentOf(line)).toEqual([44, 35, 48, 37]);
    expect(extentOf({ geometry: { type: 'Point', coordinates: [57, 30, 100] } })).toEqual([57, 30, 57, 30]);
  });

  it('writes WKT for each type, with Z only when every position has a height', () => {
    expect(toWkt({ type: 'Point', coordinates: [57, 30] })).toBe('POINT (57 30)');
    expect(toWkt({ type: 'Point', coordinates: [57, 30, 1755] })).toBe('POINT Z (57 30 1755)');
    expect(toWkt(line.geometry)).toBe('LINESTRING (44 36, 46 35, 48 37)');
    expect(toWkt({ type: 'LineString', coordinates: [[0, 0, 1], [1, 1]] })).toBe('LINESTRING (0 0, 1 1)');
    expect(toWkt({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })).toBe('POLYGON ((0 0, 1 0, 1 1, 0 0))');
    expect(toWkt({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] })).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))');
    expect(toWkt({ type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] })).toBe('MULTIPOINT (0 0, 1 1)');
  });
});
