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

  it('compares a converted file’s copy by what the file says, not by what it brings itself (its source’s id, the day it was saved)', () => {
    const row = (fileSource: string, day: string, title = 'Convoy seen') =>
      makeFeature({ title, location: { basis: 'reported', radiusM: 1, note: 'Coordinates as given in the file; precision not stated in the file (the 1 m circle is a placeholder, not a precision).', sources: [fileSource] }, claims: [{ id: `x-${day}`, topic: 'record', statement: 'Listed in sightings.csv as "Convoy seen".', by: 'sightings.csv', date: day, status: 'claimed', sources: [fileSource] }] }, 'sightings-1');
    const first = stored(row('sightings-file', '2024-01-20'));
    const again = stored(row('sightings-file-2', '2024-02-01'));
    expect(sameFeature(first, again)).toBe(false);
    expect(sameFeature(first, again, 'converted')).toBe(true);
    // A row whose words changed is revised, whatever the file brings.
    const changed = stored({ ...row('sightings-file-2', '2024-02-01'), properties: { ...row('sightings-file-2', '2024-02-01').properties, claims: [{ ...row('x', 'y').properties.claims[0], statement: 'Listed in sightings.csv as "Convoy seen", 12 trucks.' }] } });
    expect(sameFeature(first, changed, 'converted')).toBe(false);
  });

  it('compares the map’s feature with its own CSV or KML export’s copy by what such an export holds: title, time, position and precision', () => {
    const f = makeFeature({}, 'a');
    // The export's copy: the facts as one record, cited to the export file; the rest as the map has it.
    const copy = makeFeature({ claims: [{ id: 'a-record', topic: 'record', statement: 'Facts: …', by: 'a.csv', date: '2024-02-01', status: 'claimed', sources: ['a-file'] }] }, 'a');
    expect(sameFeature(stored(f), stored(copy))).toBe(false);
    expect(sameFeature(stored(f), stored(copy), 'own-export')).toBe(true);
    const retitled = makeFeature({ title: 'Another title', claims: copy.properties.claims }, 'a');
    expect(sameFeature(stored(f), stored(retitled), 'own-export')).toBe(false);
  });

  it('compares JSON values deeply, lists in order and objects in any order', () => {
    expect(sameValue({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue({ a: null }, { a: {} })).toBe(false);
    expect(sameValue([], {})).toBe(false);
  });
});
