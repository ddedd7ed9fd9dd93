import { describe, expect, it } from 'vitest';
import { loadAtlas } from '../../src/lib/data/load';
import { layer, makeFeature, memoryFiles, ministry, wire } from './fixtures';

const second = { ...layer, id: 'second', file: 'second.geojson', title: 'Second' };
const files = (overrides: Record<string, unknown> = {}) =>
  memoryFiles({
    'layers.json': { layers: [layer, second] },
    'sources.json': { sources: [wire, ministry] },
    'relations.json': { relations: [] },
    'story.json': { steps: [] },
    'test-layer.geojson': { type: 'FeatureCollection', features: [makeFeature()] },
    'second.geojson': { type: 'FeatureCollection', features: [makeFeature({ layer: 'second' }, 'other')] },
    ...overrides,
  });

describe('loadAtlas', () => {
  it('loads every layer, feature and source', async () => {
    const { atlas, problems } = await loadAtlas(files());
    expect(atlas.layers.map((l) => l.id)).toEqual(['test-layer', 'second']);
    expect(atlas.features.map((f) => f.id)).toEqual(['test-event', 'other']);
    expect(atlas.sources.size).toBe(2);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reports a broken file by name and still loads the others', async () => {
    const { atlas, problems } = await loadAtlas(files({ 'second.geojson': '{"type": "FeatureCollection", "features": [' }));
    expect(atlas.features.map((f) => f.id)).toEqual(['test-event']);
    expect(atlas.layers.map((l) => l.id)).toEqual(['test-layer']);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'second.geojson', severity: 'error', message: expect.stringMatching(/not valid JSON/) }));
  });

  it('reports the layer files’ problems in the files’ order, whichever answer comes first', async () => {
    const read = files({ 'test-layer.geojson': '{"type": "FeatureCollection", "features": [' });
    // The first file answers last, the second (missing) at once.
    const slow = async (name: string) => {
      if (name === 'second.geojson') throw new Error('not here');
      if (name === 'test-layer.geojson') await new Promise((r) => setTimeout(r, 20));
      return read(name);
    };
    const { problems } = await loadAtlas(slow);
    const ofLayers = problems.filter((p) => p.file.endsWith('.geojson'));
    expect(ofLayers.map((p) => `${p.file}: ${p.message.replace(/:.*/, '')}`)).toEqual(['test-layer.geojson: is not valid JSON', 'second.geojson: could not be read']);
  });

  it('reports a missing file', async () => {
    const { problems } = await loadAtlas(memoryFiles({ 'layers.json': { layers: [layer] }, 'sources.json': { sources: [] }, 'relations.json': { relations: [] }, 'story.json': { steps: [] } }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'test-layer.geojson', message: expect.stringMatching(/could not be read/) }));
  });

  it('loads relations whose ends exist and reports one that names a missing feature', async () => {
    const rel = { id: 'rel-a', from: 'test-event', to: 'other', type: 'retaliation', statement: 's', by: 'b', date: '2024-01-16', status: 'claimed', sources: [wire.id] };
    const broken = { ...rel, id: 'rel-b', to: 'nowhere' };
    const { atlas, problems } = await loadAtlas(files({ 'relations.json': { relations: [rel, broken] } }));
    expect(atlas.relations.map((r) => r.id)).toEqual(['rel-a']);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'relations.json', feature: 'rel-b', field: 'to' }));
  });

  it('finds duplicate ids across files', async () => {
    const { problems } = await loadAtlas(files({ 'second.geojson': { type: 'FeatureCollection', features: [makeFeature({ layer: 'second' })] } }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'second.geojson', feature: 'test-event', field: 'id' }));
  });
});
