import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeText, importExport, parseJsonText } from '../../src/lib/data/import';
import { convertInputs } from '../../src/lib/data/formats/convert';
import { loadAtlas } from '../../src/lib/data/load';
import { mergeAtlas } from '../../src/lib/data/merge';
import { short, validateLayerFile, validateLayerList, validateRelations, validateSources, validateStory } from '../../src/lib/data/validate';
import { buildExport, serializeExport } from '../../src/lib/data/export';
import { toCsv } from '../../src/lib/data/csv';
import { timeExtent, timeTicks } from '../../src/lib/state/filters';
import { hostileFiles } from '../corpus/hostile';
import { arbitraryAtlas } from './arbitrary-atlas';
import { layer } from './fixtures';

const fixture = () => loadAtlas(async (name) => readFileSync(`tests/fixtures/atlas/${name}`, 'utf8'));
const files = await hostileFiles();

/** JSON values of every shape, where the validators expect objects and lists. */
const ODD_VALUES: unknown[] = [null, 0, 42, 'x', '', true, [], [null], [1, 'x', []], {}, { sources: {} }, { sources: [null, 1, {}] }, { layers: {} }, { layers: [null] }, { relations: [null, {}] }, { steps: [null, { features: {} }] }, { type: 'FeatureCollection', features: [null, {}, { type: 'Feature', properties: { claims: {} } }] }];

const polluted = () => ({}) as Record<string, unknown>;

describe('the hostile-input corpus, through the import functions', () => {
  it.each(files.map((f) => [f.name, f] as const))('%s: never throws, names the file, adds only what is valid, keeps everything loaded', async (_, file) => {
    const { atlas: loaded } = await fixture();
    const text = typeof file.text === 'string' ? file.text : decodeText(file.text);
    const outcomes = convertInputs([{ name: file.name, text, ...(typeof file.text === 'string' ? {} : { bytes: new Uint8Array(file.text) }) }]);
    expect(outcomes).toHaveLength(1);
    const outcome = outcomes[0];
    expect(outcome.file).toBe(file.name);
    if (outcome.kind !== 'added') {
      expect(file.adds).toBe(0);
      expect(outcome.kind).toBe('refused');
      if (outcome.kind === 'refused') expect(outcome.reason.length).toBeLessThan(400);
      return;
    }
    const { atlas, problems } = outcome;
    for (const p of problems) {
      expect(p.file).toBe(file.name);
      expect(p.message.length + (p.feature ?? '').length).toBeLessThan(400);
    }
    const { atlas: merged, added } = mergeAtlas(loaded, atlas);
    expect(added).toBe(file.adds);
    // A file that adds nothing says why (one already on the map says so in the import message instead).
    if (file.adds === 0 && file.name !== 'already-loaded.geojson') expect(problems.length).toBeGreaterThan(0);
    expect(merged.features.slice(0, loaded.features.length)).toEqual(loaded.features);
    // Whatever was merged can still be exported, as GeoJSON and CSV, and its time line drawn.
    expect(() => serializeExport(buildExport(merged))).not.toThrow();
    expect(() => toCsv(merged, merged.features)).not.toThrow();
    const extent = timeExtent(merged.features);
    expect(extent && Number.isFinite(extent.start) && Number.isFinite(extent.end)).toBe(true);
    expect(timeTicks(extent!).length).toBeLessThanOrEqual(41);
    expect(polluted().polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('validators given any JSON value', () => {
  it.each(ODD_VALUES.map((v) => [JSON.stringify(v), v] as const))('%s: returns problems, never throws', (_, value) => {
    const known = new Set<string>();
    const ids = new Set<string>();
    expect(() => validateSources('sources.json', value)).not.toThrow();
    expect(() => validateLayerList('layers.json', value)).not.toThrow();
    expect(() => validateLayerFile('x.geojson', value, layer, known)).not.toThrow();
    expect(() => validateRelations('relations.json', value, ids, known)).not.toThrow();
    expect(() => validateStory('story.json', value, ids, ids, known)).not.toThrow();
    expect(() => importExport('x.geojson', value)).not.toThrow();
  });

  it('loads an atlas whose every file is broken, naming each file', async () => {
    const odd: Record<string, string> = { 'layers.json': '{"layers":[{"id":"a","title":"A","description":"d","file":"a.geojson","color":"#000000"}]}', 'sources.json': 'null', 'a.geojson': '[]', 'relations.json': '{"relations":{}}', 'story.json': '"x"', 'incidents.json': '{"incidents":5}', 'routes.json': '[1' };
    const { atlas, problems } = await loadAtlas(async (name) => odd[name]);
    expect(atlas.features).toEqual([]);
    expect(new Set(problems.map((p) => p.file))).toEqual(new Set(['layers.json', 'sources.json', 'a.geojson', 'relations.json', 'story.json', 'incidents.json', 'routes.json']));
  });
});

describe('parseJsonText', () => {
  it('skips a UTF-8 byte order mark, and names UTF-16, an empty file and where the JSON breaks', () => {
    expect(parseJsonText('\ufeff{"a":1}')).toEqual({ json: { a: 1 } });
    expect(parseJsonText('{\u0000"\u0000')).toEqual({ reason: expect.stringMatching(/UTF-16/) });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"é"}', 'utf16le')]);
    expect(parseJsonText(decodeText(utf16))).toEqual({ json: { a: 'é' } });
    expect(parseJsonText(' ')).toEqual({ reason: 'the file is empty' });
    const broken = parseJsonText('{\n  "a": 1,\n  "b": ]\n}');
    expect('reason' in broken && broken.reason).toBeTruthy();
  });

  it('names the line and column where the JSON breaks, also where the engine’s message gives no position', () => {
    // V8: "Unexpected token 'o', "not json a"… is not valid JSON", with no position.
    expect(parseJsonText('not json at all {')).toEqual({ reason: expect.stringMatching(/\(line 1, column 1\)$/) });
    expect(parseJsonText('{\n  "a": tru\n}')).toEqual({ reason: expect.stringMatching(/\(line 2, column 8\)$/) });
    // V8 gives the position itself here.
    expect(parseJsonText('{"a":1,}')).toEqual({ reason: expect.stringMatching(/\(line 1, column 8\)$/) });
  });
});

describe('validation of features changed anywhere', () => {
  /** Every object and list inside a value, the value itself first. */
  const containers = (value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] => {
    if (value === null || typeof value !== 'object') return out;
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
    return out;
  };
  const odd = fc.oneof(fc.constantFrom<unknown>('', ' ', [], {}, [[]], [[[]]], [0], [[0, 0]], [[0, 0], [0, 0]], null, 0, -1, 1e400, Number.NaN, '2024-02-30'), fc.anything({ maxDepth: 3 }));
  const change = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('replace', 'remove', 'add'), odd);

  it('never throws, and each feature is either kept or named in a problem', () => {
    fc.assert(
      fc.property(arbitraryAtlas(3), fc.array(change, { minLength: 1, maxLength: 3 }), (atlas, changes) => {
        const features = structuredClone(atlas.features) as unknown as Record<string, unknown>[];
        for (const [where, which, how, shared] of changes) {
          const value = structuredClone(shared);
          const places = containers(features);
          const target = places[where % places.length];
          const keys = Object.keys(target);
          const key = keys.length > 0 ? keys[which % keys.length] : '0';
          if (how === 'add') target[Array.isArray(target) ? String(target.length) : 'extra'] = value;
          else if (how === 'remove' && Array.isArray(target)) target.splice(Number(key), 1);
          else if (how === 'remove') delete target[key];
          else target[key] = value;
        }
        const result = validateLayerFile('f.geojson', { type: 'FeatureCollection', features }, atlas.layers[0], new Set(atlas.sources.keys()));
        const named = new Set(result.problems.map((p) => p.feature));
        const kept = new Set<unknown>(result.features);
        for (const [i, f] of features.entries()) {
          if (kept.has(f)) continue;
          // As problems name a feature: its id, cut short, or its place in the list.
          const label = f !== null && typeof f === 'object' && !Array.isArray(f) && typeof f.id === 'string' ? short(f.id) : `features[${i}]`;
          expect(named.has(label)).toBe(true);
        }
      }),
      // The empty ring that once threw was found within 50–75 runs.
      { numRuns: 300 },
    );
  }, 60_000);
});
