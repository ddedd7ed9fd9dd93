/**
 * One bad item leaves out what refers to it. Those follow-on problems name the item as left
 * out for a problem of its own, not as unknown (which would send an editor looking for a typo),
 * however the atlas or file is read.
 */
import { describe, expect, it } from 'vitest';
import { validateGeodata } from '../../scripts/lib/validate-geodata';
import { loadAtlasInParts } from '../../src/lib/data/atlas-parts';
import { buildExport, serializeExport } from '../../src/lib/data/export';
import { importExport } from '../../src/lib/data/import';
import { importExportInParts } from '../../src/lib/data/import-parts';
import { loadAtlas } from '../../src/lib/data/load';
import { causesFirst, followsFromAnother } from '../../src/lib/data/follow-on';
import { layer, makeAtlas, makeFeature, memoryFiles, ministry, wire } from './fixtures';

const second = { ...layer, id: 'second', file: 'second.geojson', title: 'Second' };
const third = { ...layer, id: 'third', file: 'third.geojson', title: 'Third' };
/** The ministry's statement has a date no one can read: it is left out, and so is every feature citing it. */
const badMinistry = { ...ministry, published: 'yesterday' };
/** A sound source that only the left-out feature cites (for its time). */
const onlyByLeftOut = { ...wire, id: 'wire-2024-01-03-first-report', title: 'First report' };
const citesWireOnly = (id: string) => ({ claims: [{ ...makeFeature().properties.claims[1], id: `${id}-deaths`, sources: [wire.id] }] });

/** An atlas folder whose first feature cites the broken source, with a story and a relation that name it. */
function folder() {
  const relation = { id: 'rel-a', from: 'test-event', to: 'other', type: 'retaliation', statement: 's', by: 'b', date: '2024-01-16', status: 'claimed', sources: [wire.id] };
  const brokenRelation = { ...relation, id: 'rel-b', date: 'someday' };
  const step = (id: string, features: string[], extra = {}) => ({ id, title: id, text: 'Text.', features, view: 'close', sources: [wire.id], ...extra });
  return memoryFiles({
    'layers.json': { layers: [layer, second, third] },
    'sources.json': { sources: [wire, badMinistry, onlyByLeftOut] },
    'relations.json': { relations: [relation, brokenRelation] },
    'story.json': {
      steps: [step('names-left-out', ['test-event']), step('names-nothing', ['no-such-feature']), step('names-left-out-relation', ['other'], { relation: 'rel-b' })],
    },
    'test-layer.geojson': { type: 'FeatureCollection', features: [makeFeature({ time: { ...makeFeature().properties.time!, sources: [onlyByLeftOut.id] } })] },
    'second.geojson': { type: 'FeatureCollection', features: [makeFeature({ layer: 'second', ...citesWireOnly('other') }, 'other')] },
    'third.geojson': { type: 'FeatureCollection', features: [makeFeature({ layer: 'third', ...citesWireOnly('third-event') }, 'third-event')] },
  });
}

describe('a reference to an item left out for its own problem', () => {
  it('says so in an atlas folder, for sources, features and relations, and still calls a missing one unknown', async () => {
    const { atlas, problems } = await loadAtlas(folder());
    expect(atlas.features.map((f) => f.id)).toEqual(['other', 'third-event']);
    const said = problems.map((p) => `${p.file} › ${p.feature} › ${p.field}: ${p.message}`);
    expect(said).toContain(`test-layer.geojson › test-event › claims[0].sources: cites source "${ministry.id}", which is left out for a problem of its own`);
    expect(said).toContain(`relations.json › rel-a › from: names feature "test-event", which is left out for a problem of its own`);
    expect(said).toContain(`story.json › names-left-out › features: names feature "test-event", which is left out for a problem of its own`);
    expect(said).toContain(`story.json › names-left-out-relation › relation: names relation "rel-b", which is left out for a problem of its own`);
    expect(said).toContain(`story.json › names-nothing › features: names unknown feature "no-such-feature"`);
    // The problems of their own are not follow-ons; the references are.
    expect(problems.filter((p) => p.severity === 'error' && !followsFromAnother(p)).map((p) => p.feature)).toEqual([ministry.id, 'rel-b', 'names-nothing']);
  });

  it('says the same when the layer files are checked in parts side by side', async () => {
    const whole = await loadAtlas(folder());
    for (const cores of [2, 3]) expect((await loadAtlasInParts(folder(), cores)).problems).toStrictEqual(whole.problems);
  });

  it('says so in a file written by Export GeoJSON, read whole or in two halves', () => {
    const atlas = makeAtlas([makeFeature(), makeFeature(citesWireOnly('other'), 'other')]);
    const exported = JSON.parse(serializeExport(buildExport(atlas))) as { sources: { id: string; published: string }[]; features: unknown[]; relations?: unknown[] };
    exported.sources.find((s) => s.id === ministry.id)!.published = 'yesterday';
    const whole = importExport('f.geojson', structuredClone(exported));
    expect(whole.atlas.features.map((f) => f.id)).toEqual(['other']);
    expect(whole.problems).toContainEqual(expect.objectContaining({ feature: 'test-event', field: 'claims[0].sources', message: `cites source "${ministry.id}", which is left out for a problem of its own` }));
    expect(whole.problems.some((p) => p.message.includes('unknown source'))).toBe(false);
    const halves: [string, string] = [JSON.stringify(exported.features.slice(0, 1)), JSON.stringify(exported.features.slice(1))];
    const parts = importExportInParts('f.geojson', { ...exported, features: [] }, halves);
    expect(parts?.problems).toEqual(whole.problems);
  });

  it('makes a source catalogue that cannot be read one problem, every citation following from it, in one load or in parts', async () => {
    const withoutCatalogue = async (name: string) => (name === 'sources.json' ? Promise.reject(new Error('ENOENT')) : folder()(name));
    const { atlas, problems } = await loadAtlas(withoutCatalogue);
    expect(atlas.features).toEqual([]);
    const errors = problems.filter((p) => p.severity === 'error');
    const own = errors.filter((p) => !followsFromAnother(p));
    // The catalogue, and the problems that have a cause of their own besides it (a relation's unreadable date, a story step naming no feature).
    expect(own.map((p) => [p.file, p.feature])).toEqual([['sources.json', undefined], ['relations.json', 'rel-b'], ['story.json', 'names-nothing']]);
    expect(errors.filter(followsFromAnother).length).toBeGreaterThan(5);
    expect(problems.map((p) => p.message)).toContain(`cites source "${wire.id}", to be found in sources.json, which could not be read`);
    expect(problems.some((p) => p.message.includes('unknown source'))).toBe(false);
    expect(causesFirst(errors)[0].file).toBe('sources.json');
    for (const cores of [2, 3]) expect((await loadAtlasInParts(withoutCatalogue, cores)).problems).toStrictEqual(problems);
    // The validator's own check of the basemap's places says the same.
    const places = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'p', geometry: { type: 'Point', coordinates: [57.08, 30.28] }, properties: { name: 'Kerman', country: 'Iran', source: wire.id, radiusM: 5000 } }] };
    const manifest = { schemaVersion: 1, id: 'a', title: { en: 'A' }, description: { en: 'A' }, defaultLanguage: 'en', timeZone: 'UTC', layers: [layer], sources: 'sources.json', places: 'places.geojson' };
    const withPlaces = memoryFiles({ 'atlas.json': manifest, 'places.geojson': places, 'test-layer.geojson': { type: 'FeatureCollection', features: [makeFeature()] } });
    const checked = await validateGeodata(withPlaces);
    expect(checked.problems.filter((p) => p.severity === 'error' && !followsFromAnother(p)).map((p) => p.file)).toEqual(['sources.json']);
  });

  it('does not make the validator call a source cited only by a left-out feature uncited', async () => {
    const { problems } = await validateGeodata(folder());
    expect(problems.filter((p) => /cited by no/.test(p.message))).toEqual([]);
    // One no item cites at all is still named.
    const uncited = { ...wire, id: 'wire-2024-01-05-never-cited' };
    const withUncited = async (name: string) => (name === 'sources.json' ? JSON.stringify({ sources: [wire, badMinistry, onlyByLeftOut, uncited] }) : folder()(name));
    const again = await validateGeodata(withUncited);
    expect(again.problems.filter((p) => /cited by no/.test(p.message)).map((p) => p.feature)).toEqual([uncited.id]);
  });
});
