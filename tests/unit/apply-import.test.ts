import { describe, expect, it } from 'vitest';
import { sameFeature, sameValue } from '../../src/lib/state/apply-import';
import { StoredFeature, fromWire, toWire } from '../../src/lib/data/stored-feature';
import { makeFeature } from './fixtures';
import type { EventFeature } from '../../src/lib/data/schema';

/** A feature as the page holds one a worker sent: its properties still the text they came as. */
const stored = (f: EventFeature): StoredFeature => fromWire(toWire([f]))[0] as StoredFeature;

describe('telling a revised feature from the one already on the map', () => {
  it('finds the same feature the same, as text or parsed, in whatever order its members come', () => {
    const f = makeFeature({ title: 'Blast near the cemetery' }, 'a');
    expect(sameFeature(stored(f), stored(f))).toBe(true);
    const parsed = stored(f);
    void parsed.properties;
    expect(sameFeature(parsed, stored(f))).toBe(true);
    // The built-in atlas's features are plain objects, their members in the schema's order.
    const reordered = { ...f, properties: Object.fromEntries(Object.entries(f.properties).reverse()) as EventFeature['properties'] };
    expect(sameFeature(reordered, stored(f))).toBe(true);
  });

  it('finds a changed figure, a changed note or a moved point different', () => {
    const f = makeFeature({}, 'a');
    const figure = structuredClone(f);
    figure.properties.claims[0] = { ...figure.properties.claims[0], value: (figure.properties.claims[0].value ?? 0) + 1 };
    const note = makeFeature({ location: { ...f.properties.location, note: 'Revised: the village to the north.' } }, 'a');
    const moved = { ...f, geometry: { type: 'Point' as const, coordinates: [57.2, 30.3] } };
    for (const other of [figure, note, moved]) expect(sameFeature(stored(f), stored(other))).toBe(false);
  });

  it('compares JSON values deeply, lists in order and objects in any order', () => {
    expect(sameValue({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue({ a: null }, { a: {} })).toBe(false);
    expect(sameValue([], {})).toBe(false);
  });
});
