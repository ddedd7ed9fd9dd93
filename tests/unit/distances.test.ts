import { describe, expect, it } from 'vitest';
import { checkDistances, distanceChecks, gapChecks, separations } from '../../src/lib/data/distances';
import type { Claim, EventFeature } from '../../src/lib/data/schema';
import { makeAtlas, makeFeature } from './fixtures';

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

  it('finds a reference listed after the features measured from it, among many', () => {
    const [grave, blast] = scene([{ value: 700 }, { value: 2700 }]);
    const copies = Array.from({ length: 500 }, (_, i) => ({ ...blast, id: `blast-${i}` }));
    const problems = checkDistances([...copies, grave], () => 'f.geojson');
    expect(problems).toHaveLength(500);
    expect(problems.every((p) => p.field === 'geometry.coordinates' && /from grave/.test(p.message))).toBe(true);
    expect(problems[499].feature).toBe('blast-499');
  });

  it('measures from the first of two features that share an id, as a lookup in the list would', () => {
    const [grave, blast] = scene([{ value: 1110 }]);
    const farCopy: EventFeature = { ...grave, geometry: { type: 'Point', coordinates: [58.0, 31.0] } };
    expect(checkDistances([blast, grave, farCopy], () => 'f.geojson')).toEqual([]);
    expect(checkDistances([blast, farCopy, grave], () => 'f.geojson')).toHaveLength(1);
  });
});

describe('separations', () => {
  it('pairs a blast with the other blast of its incident and with the reference of its distance claims, both ways', () => {
    const grave = makeFeature({ time: undefined, location: { basis: 'estimate', radiusM: 1000, note: 'n', sources: ['s'] } }, 'grave');
    grave.geometry.coordinates = [57.1089, 30.2891];
    const b1 = makeFeature({ claims: [{ id: 'd1', topic: 'distance-to-grave', statement: 's', value: 700, unit: 'm', by: 'b', date: '2024-01-03', status: 'claimed', from: 'grave', sources: ['s'] }] }, 'b1');
    b1.geometry.coordinates = [57.1018, 30.2907];
    const b2 = makeFeature({ time: { local: '2024-01-03T15:20:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: ['s'] } }, 'b2');
    b2.geometry.coordinates = [57.0953, 30.2922];
    const atlas = { ...makeAtlas([b1, b2, grave]), incidents: [{ id: 'attack', title: 'Attack', features: ['b1', 'b2'], claims: [] }] };
    const fromB1 = separations(b1, atlas);
    expect(fromB1.map((s) => [s.other.id, s.why])).toEqual([['b2', 'incident'], ['grave', 'distance-claim']]);
    expect(fromB1[0].gap).toMatchObject({ central: 20 * 60_000 });
    expect(fromB1[1].gap).toBeUndefined();
    expect(separations(grave, atlas).map((s) => s.other.id)).toEqual(['b1']);
  });
});

describe('gapChecks', () => {
  it('sets a reported gap in minutes beside the range the two times allow, and says whether it fits', () => {
    const first = makeFeature({ time: { local: '2024-01-03T14:50:00+03:30', end: '2024-01-03T15:04:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: ['s'] } }, 'first');
    const gap = (id: string, value: number): Claim => ({ id, topic: 'gap', statement: 's', value, unit: 'minutes', by: 'b', date: '2024-01-03', status: 'claimed', from: 'first', sources: ['s'] });
    const second = makeFeature({ time: { local: '2024-01-03T15:10:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: ['s'] }, claims: [gap('g10', 10), gap('g40', 40)] }, 'second');
    const checks = gapChecks(second, [first, second]);
    expect(checks.map((c) => [c.claim.id, c.consistent])).toEqual([['g10', true], ['g40', false]]);
    expect(checks[0].span.min).toBe(5 * 60_000);
    expect(checks[0].span.max).toBe(21 * 60_000);
    // A distance check never reads a time gap as metres.
    expect(distanceChecks(second, [first, second])).toEqual([]);
  });
});
