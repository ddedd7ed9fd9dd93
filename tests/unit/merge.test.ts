import { describe, expect, it } from 'vitest';
import { importColours, mergeAtlas } from '../../src/lib/data/merge';
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

  it('leaves out a feature or link that cites a source the file records otherwise than the loaded one, and says so', () => {
    const base = makeAtlas([makeFeature({}, 'a')]);
    const extra = makeAtlas([makeFeature({}, 'b'), makeFeature({ claims: [] , time: undefined, location: { ...makeFeature().properties.location, sources: ['fresh'] } }, 'c')]);
    extra.layers = [{ ...layer, file: 'forged.geojson' }];
    // The same id, another article: the wire's id with a forged title and address.
    extra.sources.set(wire.id, { ...wire, title: 'FORGED TITLE', url: 'https://evil.example/forged' });
    extra.sources.set('fresh', { ...wire, id: 'fresh' });
    extra.relations = [{ id: 'rel-c-a', from: 'c', to: 'a', type: 'context', statement: 's', by: 'x', date: '2024-01-16', status: 'claimed', sources: [wire.id] }];
    const { atlas, added, kept, problems } = mergeAtlas(base, extra);
    expect(added).toBe(1);
    expect(kept).toEqual([1]);
    expect(atlas.features.map((f) => f.id)).toEqual(['a', 'c']);
    expect(atlas.sources.get(wire.id)).toEqual(wire);
    expect(atlas.relations).toEqual([]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ file: 'forged.geojson', feature: 'b', severity: 'error', message: 'left out: cites source "wire-2024-01-04-toll-revised", which this file records otherwise than the source of that id already loaded (its url "https://evil.example/forged" here, "https://example.org/toll" loaded; its title "FORGED TITLE" here, "Toll revised" loaded)' }),
    ]);
    // A record that only adds to the same article (an archived copy) is the same source.
    const archived = makeAtlas([makeFeature({}, 'd')]);
    archived.sources.set(wire.id, { ...wire, archiveUrl: 'https://web.archive.org/web/2025/https://example.org/toll' });
    expect(mergeAtlas(base, archived).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('says when added features name a layer already loaded, as they are shown in it', () => {
    const base = makeAtlas([makeFeature({}, 'a')]);
    const extra = makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b'), makeFeature({}, 'c')]);
    extra.layers = [{ ...layer, file: 'colleague.geojson' }];
    const { added, problems } = mergeAtlas(base, extra);
    expect(added).toBe(2);
    expect(problems).toEqual([
      { file: 'colleague.geojson', severity: 'warning', message: '2 added features name the loaded layer "Test layer" (test-layer): shown in it, each citing its own sources, though it came from this file' },
    ]);
    // Nothing added, nothing to say.
    expect(mergeAtlas(base, makeAtlas([makeFeature({}, 'a')])).problems).toEqual([]);
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

  it('colours new layers unlike those loaded: none of an ACLED file’s six, nor of a second file’s after them, beside a loaded colour', () => {
    const builtIn = ['#6b4f9e', '#2f6fb0', '#c0262d', '#c15c00', '#1d7a45', '#a3286f', '#8c6d31'];
    const rgb = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
    /** Largest channel difference: under 40, two colours read as one on a map. */
    const apart = (a: string, b: string) => Math.max(...rgb(a).map((v, i) => Math.abs(v - rgb(b)[i])));
    const picked = importColours(builtIn, 6);
    expect(new Set(picked).size).toBe(6);
    for (const c of picked) for (const b of builtIn) expect(apart(c, b), `${c} beside ${b}`).toBeGreaterThan(40);
    // A second file's two layers, after those thirteen: still none beside a loaded one (in palette order they were the built-in atlas's magenta and green again).
    const loaded = [...builtIn, ...picked];
    for (const c of importColours(loaded, 2)) for (const b of loaded) expect(apart(c, b), `${c} beside ${b}`).toBeGreaterThan(40);
    // The same map gets the same colours; colours not written as #rrggbb are passed over; after ten the palette comes round.
    expect(importColours(builtIn, 6)).toEqual(picked);
    expect(importColours([...builtIn, 'red', 'rgb(1, 2, 3)'], 6)).toEqual(picked);
    const eleven = importColours([], 11);
    expect(new Set(eleven.slice(0, 10)).size).toBe(10);
    expect(eleven.slice(0, 10)).toContain(eleven[10]);
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
