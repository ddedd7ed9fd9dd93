import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadAtlas } from '../../src/lib/data/load';
import { DEFAULT_RELATION_TYPES, relationNote, relationTypeOf, relationTypesOf, textIn } from '../../src/lib/data/manifest';
import { parseManifest } from '../../src/lib/data/manifest-parse';
import { layer, makeFeature, memoryFiles, ministry, wire } from './fixtures';

/** A small valid manifest, changed by `change`. */
const manifest = (change: (m: Record<string, unknown>) => void = () => {}) => {
  const m: Record<string, unknown> = {
    schemaVersion: 1,
    id: 'test-atlas',
    title: { en: 'Test atlas', fa: 'اطلس آزمایشی' },
    description: { en: 'For tests.' },
    defaultLanguage: 'en',
    timeZone: 'Europe/Berlin',
    layers: [layer],
    sources: 'sources.json',
  };
  change(m);
  return m;
};

describe('parseManifest', () => {
  it('accepts a minimal manifest and fills in the optional parts', () => {
    const { manifest: m, problems } = parseManifest('atlas.json', manifest());
    expect(problems).toEqual([]);
    expect(m).toMatchObject({ id: 'test-atlas', timeZone: 'Europe/Berlin', zones: {}, relationTypes: {}, calendars: [], layers: [layer] });
    expect(textIn(m!.title, m!, 'fa')).toBe('اطلس آزمایشی');
    expect(textIn(m!.title, m!, 'de')).toBe('Test atlas');
  });

  it('accepts the real manifests of geodata/ and of the test fixture', () => {
    for (const dir of ['geodata', 'tests/fixtures/atlas']) {
      const { manifest: m, problems } = parseManifest('atlas.json', JSON.parse(readFileSync(`${dir}/atlas.json`, 'utf8')));
      expect(problems).toEqual([]);
      expect(m?.calendars).toEqual(['persian']);
      expect(Object.keys(relationTypesOf(m))).toEqual(['retaliation', 'context', 'launch']);
    }
  });

  it('reports every problem at once, each naming its field', () => {
    const bad = manifest((m) => {
      m.schemaVersion = 2;
      m.id = 'Not A Slug';
      m.title = { en: '' };
      m.description = {};
      m.defaultLanguage = 'not a language!';
      m.timeZone = 'Mars/Olympus';
      m.zones = { IRST: 'Nowhere/Land' };
      m.sources = '../secrets.json';
      m.story = 'https://evil.example/story.json';
      m.relationTypes = { launch: { label: 'Launch', outgoing: 'a', incoming: 'b', note: 'c', line: 'wavy' } };
      m.calendars = ['no-such-calendar'];
      m.layers = [{ ...layer, id: 'Bad Id' }];
    });
    const { manifest: m, problems } = parseManifest('atlas.json', bad);
    expect(m).toBeUndefined();
    const fields = problems.map((p) => p.field);
    for (const field of ['schemaVersion', 'id', 'title.en', 'description', 'defaultLanguage', 'timeZone', 'zones.IRST', 'sources', 'story', 'relationTypes.launch.line', 'calendars.0', 'layers › id']) {
      expect(fields, field).toContain(field);
    }
    expect(problems.every((p) => p.file === 'atlas.json' && p.severity === 'error' && p.message.length > 0)).toBe(true);
  });

  it('warns of a field it does not know, naming a near miss, and still reads the manifest', () => {
    const typo = manifest((m) => {
      m.relation = 'relations.json';
      m.relationTypes = { launch: { label: 'Launch', outgoing: 'a', incoming: 'b', note: 'c', line: 'solid', colour: '#ff0000' } };
      m.layers = [{ ...layer, colour: '#00ff00' }];
      m.maintainer = 'someone';
    });
    const { manifest: m, problems } = parseManifest('atlas.json', typo);
    expect(m).toBeDefined();
    expect(problems.map((p) => [p.severity, p.field, p.message])).toEqual([
      ['warning', 'relation', 'is not a field of the manifest, and is not read; did you mean "relations"?'],
      ['warning', 'maintainer', 'is not a field of the manifest, and is not read'],
      ['warning', 'relationTypes.launch.colour', 'is not a field of the manifest, and is not read; did you mean "color"?'],
      ['warning', 'layers.0.colour', 'is not a field of the manifest, and is not read; did you mean "color"?'],
    ]);
  });

  it('names missing fields, a missing default-language title and files used twice', () => {
    const { problems } = parseManifest('atlas.json', { schemaVersion: 1 });
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(['id', 'title', 'description', 'defaultLanguage', 'timeZone', 'layers', 'sources']));
    const twice = parseManifest('atlas.json', manifest((m) => ((m.title = { fa: 'اطلس' }), (m.story = 'sources.json'))));
    expect(twice.problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/title in the default language "en"/), expect.stringMatching(/same file for two purposes: sources.json/)]));
    const self = parseManifest('atlas.json', manifest((m) => (m.relations = 'atlas.json')));
    expect(self.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/the manifest itself/));
  });

  it('says a missing field is missing, names a missing default-language text beside other problems, and refuses a layer colour that is not #rrggbb', () => {
    const { problems } = parseManifest('atlas.json', manifest((m) => {
      delete m.title;
      m.defaultLanguage = 'fa';
      m.layers = [{ ...layer, color: 'url(javascript:alert(1))', file: '../geodata/x.geojson' }];
    }));
    const said = problems.map((p) => `${p.field}: ${p.message}`);
    expect(said).toContain('title: is missing');
    expect(said.join('\n')).not.toMatch(/Invalid key/);
    expect(said).toContain('description: must have a description in the default language "fa"');
    expect(said).toContain('layers › color: must be a colour as #rrggbb');
    expect(said).toContain('layers › file: must be a .geojson file name in the atlas folder (lowercase letters, digits and hyphens; no folders)');
  });

  it('refuses what is not an object, and never lets a key reach a prototype', () => {
    for (const value of [null, [], 'atlas', 42]) expect(parseManifest('atlas.json', value).problems).toHaveLength(1);
    const polluted = JSON.parse('{"schemaVersion":1,"__proto__":{"polluted":1},"id":"a","title":{"en":"t"},"description":{"en":"d"},"defaultLanguage":"en","timeZone":"UTC","layers":[],"sources":"s.json"}');
    // Read as a field of its own, it is named like any field the manifest does not know.
    expect(parseManifest('atlas.json', polluted).problems.map((p) => [p.severity, p.field])).toEqual([['warning', '__proto__']]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('relation types', () => {
  it('has the generic ones built in, lets a manifest add its own, and describes an unknown type plainly', () => {
    const types = relationTypesOf({ relationTypes: { launch: { label: 'Launch area', outgoing: 'Hit', incoming: 'Launched from', note: 'according to {by}', line: 'dotted' } } });
    expect(Object.keys(types)).toEqual(['retaliation', 'context', 'launch']);
    expect(relationNote(types.launch, 'the army')).toBe('according to the army');
    expect(relationNote(DEFAULT_RELATION_TYPES.retaliation, 'X')).toBe('presented as retaliation by X');
    expect(relationTypeOf(types, 'constructor')).toMatchObject({ label: 'constructor', line: 'dashed' });
  });
});

describe('loadAtlas with a manifest', () => {
  const files = (m: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    memoryFiles({ 'atlas.json': m, 'sources.json': { sources: [wire, ministry] }, 'test-layer.geojson': { type: 'FeatureCollection', features: [makeFeature()] }, ...extra });

  it('reads the files the manifest names, and only those', async () => {
    const { atlas, manifest: m, problems } = await loadAtlas(files(manifest()));
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(m?.id).toBe('test-atlas');
    expect(atlas.features.map((f) => f.id)).toEqual(['test-event']);
    expect(atlas.story).toEqual([]);
  });

  it('checks relation types against the manifest', async () => {
    const other = makeFeature({}, 'other');
    const rel = { id: 'rel-a', from: 'test-event', to: 'other', type: 'launch', statement: 's', by: 'b', date: '2024-01-16', status: 'claimed', sources: [wire.id] };
    const layerFile = { 'test-layer.geojson': { type: 'FeatureCollection', features: [makeFeature(), other] }, 'relations.json': { relations: [rel] } };
    const without = await loadAtlas(files(manifest((m) => (m.relations = 'relations.json')), layerFile));
    expect(without.problems).toContainEqual(expect.objectContaining({ file: 'relations.json', field: 'type' }));
    const declared = manifest((m) => ((m.relations = 'relations.json'), (m.relationTypes = { launch: { label: 'L', outgoing: 'o', incoming: 'i', note: 'n', line: 'dotted' } })));
    expect((await loadAtlas(files(declared, layerFile))).atlas.relations.map((r) => r.type)).toEqual(['launch']);
  });

  it('gives an empty atlas and the reasons when the manifest is missing, broken or invalid', async () => {
    const missing = await loadAtlas(memoryFiles({}));
    expect(missing.manifest).toBeUndefined();
    expect(missing.problems).toContainEqual(expect.objectContaining({ file: 'atlas.json', message: expect.stringMatching(/could not be read/) }));
    const broken = await loadAtlas(async () => '{"schemaVersion": 1,');
    expect(broken.problems).toContainEqual(expect.objectContaining({ file: 'atlas.json', message: expect.stringMatching(/not valid JSON/) }));
    const invalid = await loadAtlas(files(manifest((m) => (m.timeZone = 'Nowhere'))));
    expect(invalid.atlas.features).toEqual([]);
    expect(invalid.problems).toContainEqual(expect.objectContaining({ file: 'atlas.json', field: 'timeZone' }));
  });

  it('still reads a folder that has only the older layers.json, with a warning', async () => {
    const { atlas, manifest: m, problems } = await loadAtlas(memoryFiles({ 'layers.json': { layers: [layer] }, 'sources.json': { sources: [wire, ministry] }, 'relations.json': { relations: [] }, 'story.json': { steps: [] }, 'test-layer.geojson': { type: 'FeatureCollection', features: [makeFeature()] } }));
    expect(atlas.features).toHaveLength(1);
    expect(m?.id).toBe('atlas');
    expect(problems).toEqual([expect.objectContaining({ file: 'layers.json', severity: 'warning' })]);
  });
});
