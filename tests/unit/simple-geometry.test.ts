import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { simpleGeometry } from '../../src/lib/data/formats/to-atlas';

const collection = (...geometries: unknown[]) => ({ type: 'GeometryCollection', geometries }) as Geometry;

describe('simpleGeometry', () => {
  it('gives the only member of a collection', () => {
    expect(simpleGeometry(collection({ type: 'Point', coordinates: [57, 30] }))).toEqual({ type: 'Point', coordinates: [57, 30] });
  });
  it('gives the Multi form of members of one kind', () => {
    expect(simpleGeometry(collection({ type: 'Point', coordinates: [57, 30] }, { type: 'Point', coordinates: [58, 31] }))).toEqual({ type: 'MultiPoint', coordinates: [[57, 30], [58, 31]] });
  });
  it('leaves mixed kinds, and kinds with no Multi form, as they are', () => {
    const mixed = collection({ type: 'Point', coordinates: [57, 30] }, { type: 'LineString', coordinates: [[57, 30], [58, 31]] });
    expect(simpleGeometry(mixed)).toBe(mixed);
    // Names every object has are no kind: the collection stays, for the check to name it.
    for (const type of ['toString', 'constructor', '__proto__']) {
      const hostile = collection({ type, coordinates: [1, 2] }, { type, coordinates: [3, 4] });
      expect(simpleGeometry(hostile), type).toBe(hostile);
    }
  });
});
