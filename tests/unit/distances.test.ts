import { describe, expect, it } from 'vitest';
import { checkDistances, distanceChecks } from '../../src/lib/data/distances';
import type { Claim, EventFeature } from '../../src/lib/data/schema';
import { makeFeature } from './fixtures';

/** A grave at a known point and a blast about 1,110 m north of it. */
function scene(reported: Partial<Claim>[], radii = { grave: 50, blast: 100 }) {
  const grave: EventFeature = { ...makeFeature({}, 'grave'), geometry: { type: 'Point', coordinates: [57.0, 30.0] } };
  grave.properties = { ...grave.properties, location: { ...grave.properties.location, radiusM: radii.grave } };
  const blast: EventFeature = { ...makeFeature({}, 'blast'), geometry: { type: 'Point', coordinates: [57.0, 30.01] } };
  blast.properties = {
    ...blast.properties,
    location: { ...blast.properties.location, radiusM: radii.blast },
    claims: reported.map((r, i) => ({ id: `d${i}`, topic: 'distance-to-grave', statement: 's', by: 'b', date: '2024-01-03', status: 'claimed', unit: 'm', from: 'grave', sources: ['x'], ...r })),
  };
  return [grave, blast];
}

describe('distanceChecks', () => {
  it('sets the computed distance beside each reported one', () => {
    const all = scene([{ value: 1000 }, { value: 2700 }]);
    const [a, b] = distanceChecks(all[1], all);
    expect(a.computedM).toBeCloseTo(1112, -1);
    expect(a.toleranceM).toBe(150);
    expect([a.consistent, b.consistent]).toEqual([true, false]);
  });

  it('ignores claims that name no reference feature', () => {
    const all = scene([{ value: 1000, from: undefined }]);
    expect(distanceChecks(all[1], all)).toEqual([]);
  });

  it('treats a range as consistent when the computed distance falls inside it', () => {
    const all = scene([{ value: 500, valueMax: 1500 }], { grave: 1, blast: 1 });
    expect(distanceChecks(all[1], all)[0].consistent).toBe(true);
  });
});

describe('checkDistances', () => {
  it('passes when at least one reported figure fits', () => {
    expect(checkDistances(scene([{ value: 700 }, { value: 1000 }]), () => 'f.geojson')).toEqual([]);
  });

  it('fails when the position contradicts every reported figure beyond the radii', () => {
    const [p] = checkDistances(scene([{ value: 700 }, { value: 2700 }]), () => 'f.geojson');
    expect(p).toMatchObject({ file: 'f.geojson', feature: 'blast', field: 'geometry.coordinates', severity: 'error' });
    expect(p.message).toMatch(/contradicts every reported distance \(700 m, 2700 m\)/);
  });

  it('reports a distance measured from a feature that does not exist', () => {
    const all = scene([{ value: 1000, from: 'ghost' }]);
    expect(checkDistances(all, () => 'f.geojson')[0].field).toBe('claims.d0.from');
  });
});
