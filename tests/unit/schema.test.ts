import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { EventFeatureSchema, SourceSchema, type Claim, type EventFeature, type Source } from '../../src/lib/data/schema';
import { validateLayerFile } from '../../src/lib/data/validate';
import { layer, makeFeature, ministry, wire } from './fixtures';

const known = new Set([wire.id, ministry.id]);
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const withGeometry = (geometry: unknown, id = 'shape') => ({ ...makeFeature({}, id), geometry });
const problemsOf = (...features: unknown[]) => validateLayerFile(layer.file, collection(...features), layer, known).problems;

describe('the types come from the schema', () => {
  it('infers the exported types from the valibot declarations', () => {
    expectTypeOf<EventFeature>().toEqualTypeOf<v.InferOutput<typeof EventFeatureSchema>>();
    expectTypeOf<Source>().toEqualTypeOf<v.InferOutput<typeof SourceSchema>>();
    expectTypeOf<Claim['status']>().toEqualTypeOf<'confirmed' | 'claimed' | 'disputed' | 'superseded'>();
    expectTypeOf<EventFeature['geometry']['type']>().toEqualTypeOf<'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon'>();
    expectTypeOf<Source['type']>().toEqualTypeOf<'wire' | 'newspaper' | 'broadcaster' | 'state-media' | 'government' | 'armed-group' | 'ngo' | 'encyclopedia' | 'dataset'>();
  });

  it('accepts what the fixtures build, through the schema alone', () => {
    expect(v.safeParse(EventFeatureSchema, makeFeature()).success).toBe(true);
  });
});

describe('every problem of a file is reported, not only the first', () => {
  it('names each problem of several bad features with its feature and field', () => {
    const a = makeFeature({ title: '', place: '' }, 'first');
    a.properties.claims[0] = { ...a.properties.claims[0], date: '2024-13-01', status: 'rumoured' as never };
    const b = withGeometry({ type: 'Point', coordinates: [181, -91] }, 'second');
    b.properties.location = { ...b.properties.location, radiusM: 0 };
    const c = { ...makeFeature({}, 'third'), properties: { ...makeFeature().properties, actors: 'nobody', claims: [] } };
    const found = problemsOf(a, b, c, 'not a feature').map((p) => `${p.feature} › ${p.field ?? ''}: ${p.message}`);
    expect(found).toEqual([
      'first › title: must be a non-empty string with a visible character',
      'first › place: must be a non-empty string with a visible character',
      'first › claims[0].date: must be a date as YYYY-MM-DD (got "2024-13-01")',
      'first › claims[0].status: must be one of confirmed, claimed, disputed, superseded (got "rumoured")',
      'second › geometry.coordinates[0]: longitude 181 is outside -180..180',
      'second › geometry.coordinates[1]: latitude -91 is outside -90..90',
      'second › location.radiusM: must be a positive number of metres',
      'third › actors: must be a list of names',
      'third › claims: must be a non-empty list: every feature states at least one sourced fact',
      'features[3] › : must be a GeoJSON Feature',
    ]);
  });

  it('refuses text made only of invisible characters, and names an id holding one with it written out', () => {
    // Zero-width space, non-joiner, joiner and word joiner: the list row and the panel's heading showed nothing.
    const blank = makeFeature({ title: '\u200B\u200C\u200D\u2060 ' }, 'blank');
    const hidden = makeFeature({}, 'kerman-explosion-1\u200B');
    expect(problemsOf(blank, hidden).map((p) => `${p.feature} › ${p.field ?? ''}: ${p.message}`)).toEqual([
      'blank › title: must be a non-empty string with a visible character',
      'kerman-explosion-1\\u200B › id: must be a string of lowercase letters, digits and hyphens, at most 120 long',
    ]);
    // Persian keeps its zero-width non-joiner inside visible text.
    expect(problemsOf(makeFeature({ title: 'می\u200Cخواهم' }, 'persian'))).toEqual([]);
  });

  it('names a missing member with what it must be', () => {
    const f = makeFeature() as unknown as { properties: Record<string, unknown> };
    delete f.properties.country;
    expect(problemsOf(f).map((p) => `${p.field}: ${p.message}`)).toEqual(['country: must be a non-empty string with a visible character']);
  });
});

describe('geometries beyond points', () => {
  const square = [
    [57, 30],
    [57.1, 30],
    [57.1, 30.1],
    [57, 30.1],
    [57, 30],
  ];
  it.each([
    ['a 3D point', { type: 'Point', coordinates: [57, 30, 1755] }],
    ['several points', { type: 'MultiPoint', coordinates: [[57, 30], [58, 31, 12]] }],
    ['a line', { type: 'LineString', coordinates: [[57, 30], [58, 31]] }],
    ['several 3D lines', { type: 'MultiLineString', coordinates: [[[57, 30, 1], [58, 31, 2]], [[59, 30, 3], [60, 31, 4]]] }],
    ['an area with a hole', { type: 'Polygon', coordinates: [square, [[57.02, 30.02], [57.05, 30.02], [57.05, 30.05], [57.02, 30.02]]] }],
    ['several areas', { type: 'MultiPolygon', coordinates: [[square], [square.map(([x, y]) => [x + 1, y])]] }],
  ])('accepts %s', (_, geometry) => {
    expect(problemsOf(withGeometry(geometry))).toEqual([]);
  });

  it.each([
    ['an open ring', { type: 'Polygon', coordinates: [square.slice(0, 4)] }, 'geometry.coordinates[0]', 'a ring must end where it starts (its last position repeats the first)'],
    ['a ring of three positions', { type: 'Polygon', coordinates: [[[57, 30], [58, 30], [57, 30]]] }, 'geometry.coordinates[0]', 'a ring needs at least four positions, the last repeating the first'],
    // Once threw from the closed-ring check, and the whole file was refused with a TypeError's words.
    ['an empty ring', { type: 'Polygon', coordinates: [[]] }, 'geometry.coordinates[0]', 'a ring needs at least four positions, the last repeating the first'],
    ['an empty ring in a MultiPolygon', { type: 'MultiPolygon', coordinates: [[square], [[]]] }, 'geometry.coordinates[1][0]', 'a ring needs at least four positions, the last repeating the first'],
    ['a line of one position', { type: 'LineString', coordinates: [[57, 30]] }, 'geometry.coordinates', 'a line needs at least two positions'],
    ['a latitude out of range in a MultiPolygon', { type: 'MultiPolygon', coordinates: [[square.map(([x, y], i) => [x, i === 2 ? 95 : y])]] }, 'geometry.coordinates[0][0][2][1]', 'latitude 95 is outside -90..90'],
    ['a position of four numbers', { type: 'MultiPoint', coordinates: [[57, 30, 1, 2]] }, 'geometry.coordinates[0]', 'must be [longitude, latitude] or [longitude, latitude, height], in numbers'],
    ['a text coordinate', { type: 'Point', coordinates: ['57', 30] }, 'geometry.coordinates[0]', 'must be a number'],
    ['a GeometryCollection', { type: 'GeometryCollection', geometries: [] }, 'geometry.type', 'must be a GeoJSON geometry: Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon'],
  ])('refuses %s, naming the position', (_, geometry, field, message) => {
    expect(problemsOf(withGeometry(geometry))).toEqual([{ file: layer.file, feature: 'shape', field, message, severity: 'error' }]);
  });
});
