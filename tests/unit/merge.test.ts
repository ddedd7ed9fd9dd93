import { describe, expect, it } from 'vitest';
import { mergeAtlas } from '../../src/lib/data/merge';
import { layer, makeAtlas, makeFeature, wire } from './fixtures';

describe('mergeAtlas', () => {
  it('adds new features, layers, sources and relations, and keeps everything loaded', () => {
    const base = makeAtlas([makeFeature({}, 'a')]);
    const other = { ...layer, id: 'imported', file: 'mine.geojson' };
    const extra = makeAtlas([makeFeature({ title: 'changed' }, 'a'), makeFeature({ layer: 'imported' }, 'b')]);
    extra.layers = [layer, other];
    extra.sources.set('new-source', { ...wire, id: 'new-source' });
    extra.relations = [{ id: 'rel-a-b', from: 'a', to: 'b', type: 'context', statement: 's', by: 'x', date: '2024-01-16', status: 'claimed', sources: [wire.id] }];
    const { atlas, added, skipped } = mergeAtlas(base, extra);
    expect(added).toBe(1);
    expect(skipped).toEqual(['a']);
    expect(atlas.features.map((f) => [f.id, f.properties.title])).toEqual([['a', 'Test event'], ['b', 'Test event']]);
    expect(atlas.layers.map((l) => l.id)).toEqual(['test-layer', 'imported']);
    expect(atlas.layers[1].color).not.toBe(layer.color);
    expect(atlas.sources.has('new-source')).toBe(true);
    expect(atlas.relations.map((r) => r.id)).toEqual(['rel-a-b']);
    expect(base.features).toHaveLength(1);
  });
});
