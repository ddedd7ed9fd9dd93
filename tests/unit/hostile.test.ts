import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeText, importExport, parseJsonText } from '../../src/lib/data/import';
import { convertInputs } from '../../src/lib/data/formats/convert';
import { loadAtlas } from '../../src/lib/data/load';
import { mergeAtlas } from '../../src/lib/data/merge';
import { validateLayerFile, validateLayerList, validateRelations, validateSources, validateStory } from '../../src/lib/data/validate';
import { buildExport, serializeExport } from '../../src/lib/data/export';
import { toCsv } from '../../src/lib/data/csv';
import { timeExtent, timeTicks } from '../../src/lib/state/filters';
import { hostileFiles } from '../corpus/hostile';
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
    const odd: Record<string, string> = { 'layers.json': '{"layers":[{"id":"a","title":"A","description":"d","file":"a.geojson","color":"#000"}]}', 'sources.json': 'null', 'a.geojson': '[]', 'relations.json': '{"relations":{}}', 'story.json': '"x"', 'incidents.json': '{"incidents":5}', 'routes.json': '[1' };
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
});
