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

  it('asks the map which ids are loaded, and says which of the file’s features it kept', () => {
    const base = makeAtlas([makeFeature({}, 'a')]);
    const extra = makeAtlas([makeFeature({}, 'b'), makeFeature({}, 'a'), makeFeature({}, 'c')]);
    extra.relations = [
      { id: 'rel-c-b', from: 'c', to: 'b', type: 'context', statement: 's', by: 'x', date: '2024-01-16', status: 'claimed', sources: [wire.id] },
      { id: 'rel-c-z', from: 'c', to: 'z', type: 'context', statement: 's', by: 'x', date: '2024-01-16', status: 'claimed', sources: [wire.id] },
    ];
    // The page passes its index's map of ids; here it also knows "z", as if loaded.
    const onMap = new Map([['a', 0], ['z', 1]]);
    const { atlas, kept, skipped } = mergeAtlas(base, extra, onMap);
    expect(kept).toEqual([0, 2]);
    expect(skipped).toEqual(['a']);
    expect(atlas.features.map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(atlas.relations.map((r) => r.id)).toEqual(['rel-c-b', 'rel-c-z']);
  });

  it('gives the six event-type layers of an ACLED file six colours, after eight layers already loaded', () => {
    const base = makeAtlas([makeFeature({}, 'a')]);
    base.layers = Array.from({ length: 8 }, (_, i) => ({ ...layer, id: `loaded-${i}` }));
    const types = ['battles', 'explosions-remote-violence', 'violence-against-civilians', 'riots', 'protests', 'strategic-developments'];
    const extra = makeAtlas(types.map((t) => makeFeature({ layer: `acled-${t}` }, `acled-${t}-1`)));
    extra.layers = types.map((t) => ({ ...layer, id: `acled-${t}`, file: 'acled.csv' }));
    const colours = mergeAtlas(base, extra).atlas.layers.slice(8).map((l) => l.color);
    expect(new Set(colours).size).toBe(6);
  });

  it('keeps what a file says of its layers (an ACLED event type, say), and says where a layer without a word came from', () => {
    const base = makeAtlas([makeFeature({}, 'a')]);
    const extra = makeAtlas([makeFeature({ layer: 'acled-battles' }, 'b'), makeFeature({ layer: 'plain' }, 'c')]);
    extra.layers = [
      { ...layer, id: 'acled-battles', file: 'acled.csv', description: 'Imported from acled.csv (ACLED): Battles.' },
      { ...layer, id: 'plain', file: 'events.geojson', description: '' },
    ];
    const added = mergeAtlas(base, extra).atlas.layers.slice(1);
    expect(added.map((l) => l.description)).toEqual(['Imported from acled.csv (ACLED): Battles.', 'Imported from events.geojson.']);
  });
});
