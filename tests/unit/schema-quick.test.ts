import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { EventFeatureSchema, IncidentSchema, RelationSchema, SourceSchema } from '../../src/lib/data/schema';
import { handedOver, quickTest } from '../../src/lib/data/schema-quick';
import { arbitraryAtlas } from './arbitrary-atlas';
// Declares the zone abbreviations the generated times use, as an atlas manifest does.
import './fixtures';

const ALL = { abortEarly: false, abortPipeEarly: false } as const;
/** What validation asks valibot: no issue at all. */
const valibotPasses = (schema: v.GenericSchema, value: unknown) => !schema['~run']({ value }, ALL).issues;

type Json = Record<string, unknown> | unknown[];

/** Every object and array inside a value, with the keys that lead into it, the value itself first. */
function containers(value: unknown, out: Json[] = []): Json[] {
  if (value === null || typeof value !== 'object') return out;
  out.push(value as Json);
  for (const child of Object.values(value)) containers(child, out);
  return out;
}

/** Values that sit on the edge of some rule: empty and blank text, impossible dates, non-finite and negative numbers, wrong types. */
const edgy = fc.oneof(
  fc.constantFrom('', ' ', '\n', 'x', 'UTC', 'IRST', 'Asia/Tehran', 'Not/AZone', '2024-02-30', '2024-01-03', '2024-01-03T11:30:00+03:30', '2024-01-03T25:00:00+03:30', '2024-01-03T11:30+14:30', '2023-12-31', 'https://example.org/a', 'http:/bad', 'ftp://x', 'day', 'minute', 'hour', 'reported', 'estimate', 'confirmed', 'Point', 'Polygon', 'm', 'minutes', 'x'.repeat(300)),
  fc.constantFrom(0, -1, 1, 0.5, 181, -91, 1e400, -1e400, Number.NaN, 2 ** 53, true, false, null, undefined, [], {}, [0], [0, 0], [0, 0, 0, 0], [[0, 0]], { type: 'Point', coordinates: [0, 0] }),
  fc.anything({ maxDepth: 2 }),
);

/** A valid item changed in one place: a member or item replaced, removed, or one added. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  return fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('replace', 'remove', 'add'), edgy).map(([where, which, how, value]) => {
    const copy = structuredClone(valid);
    const places = containers(copy);
    const target = places[where % places.length];
    const keys = Object.keys(target);
    const key = keys.length > 0 ? keys[which % keys.length] : '0';
    if (how === 'add') (target as Record<string, unknown>)[Array.isArray(target) ? String(target.length) : `extra${which % 3}`] = value;
    else if (how === 'remove' && Array.isArray(target)) target.splice(Number(key), 1);
    else if (how === 'remove') delete (target as Record<string, unknown>)[key];
    else (target as Record<string, unknown>)[key] = value;
    return copy;
  });
}

describe('the quick pass says what valibot says', () => {
  it('passes every valid feature, source, relation and incident of generated atlases', () => {
    fc.assert(
      fc.property(arbitraryAtlas(6), (atlas) => {
        const items: [v.GenericSchema, unknown[]][] = [
          [EventFeatureSchema, atlas.features],
          [SourceSchema, [...atlas.sources.values()]],
          [RelationSchema, atlas.relations],
          [IncidentSchema, atlas.incidents],
        ];
        for (const [schema, list] of items) for (const item of list) expect([quickTest(schema)(item), valibotPasses(schema, item)]).toEqual([true, true]);
      }),
      { numRuns: 60 },
    );
  });

  it('agrees with valibot on features changed in one place, never letting through what valibot would not', () => {
    const quick = quickTest(EventFeatureSchema);
    fc.assert(
      fc.property(
        arbitraryAtlas(1).chain((atlas) => mutated(atlas.features[0])),
        (feature) => {
          expect(quick(feature)).toBe(valibotPasses(EventFeatureSchema, feature));
        },
      ),
      { numRuns: 200 },
    );
  }, 30_000);

  it('agrees with valibot on sources, relations and incidents changed in one place', () => {
    const cases: [v.GenericSchema, (a: import('../../src/lib/data/schema').Atlas) => unknown][] = [
      [SourceSchema, (a) => [...a.sources.values()][0]],
      [RelationSchema, (a) => a.relations[0]],
      [IncidentSchema, (a) => a.incidents[0]],
    ];
    for (const [schema, pick] of cases) {
      const quick = quickTest(schema);
      fc.assert(
        fc.property(
          arbitraryAtlas(4, 2)
            .filter((a) => pick(a) !== undefined)
            .chain((a) => mutated(pick(a))),
          (item) => {
            expect(quick(item)).toBe(valibotPasses(schema, item));
          },
        ),
        { numRuns: 80 },
      );
    }
  }, 30_000);

  it('agrees with valibot on anything at all', () => {
    const quick = quickTest(EventFeatureSchema);
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(quick(value)).toBe(valibotPasses(EventFeatureSchema, value));
      }),
    );
  });
});

describe('what the quick pass leaves to valibot', () => {
  it('judges every part of a feature itself except the titles by language', () => {
    expect(handedOver(EventFeatureSchema)).toEqual(['schema:record']);
  });

  it('hands over the forms it cannot be sure of, and still answers as valibot does', () => {
    // A global expression keeps its lastIndex from one test to the next, so only valibot's own call may use it.
    expect(handedOver(v.pipe(v.string(), v.regex(/a/g)))).toEqual(['validation:regex']);
    const cases: [v.GenericSchema, unknown[]][] = [
      // A default is put in by valibot; the pass cannot.
      [v.object({ n: v.optional(v.number(), 3) }), [{}, { n: 1 }, { n: 'x' }]],
      // Two options with the same literal: valibot keeps the first one's answer.
      [
        v.variant('type', [v.object({ type: v.literal('a'), x: v.number() }), v.object({ type: v.literal('a'), x: v.string() })]),
        [{ type: 'a', x: 1 }, { type: 'a', x: 's' }, { type: 'b' }],
      ],
      // A transformation inside a pipe.
      [v.pipe(v.string(), v.transform((s) => s.length), v.minValue(2)), ['abc', 'a']],
    ];
    for (const [schema, values] of cases) {
      expect(handedOver(schema).length).toBeGreaterThan(0);
      for (const value of values) expect(quickTest(schema)(value)).toBe(valibotPasses(schema, value));
    }
  });

  it('tells a member set to undefined from a missing one, as valibot does', () => {
    const schema = v.object({ a: v.unknown(), b: v.optional(v.string()) });
    for (const value of [{}, { a: undefined }, { a: 1, b: undefined }, { a: 1, b: 2 }, Object.create({ a: 1 })]) {
      expect(quickTest(schema)(value)).toBe(valibotPasses(schema, value));
    }
  });
});
