import { describe, expect, it } from 'vitest';
import { buildExport, PRETTY_LIMIT, serializeExport } from '../../src/lib/data/export';
import { validateLayerFile } from '../../src/lib/data/validate';
import { layer, makeAtlas, makeFeature, ministry, wire } from './fixtures';

describe('buildExport', () => {
  it('writes an RFC 7946 FeatureCollection with the same ids and no crs', () => {
    const out = buildExport(makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b')]));
    expect(out.type).toBe('FeatureCollection');
    expect(out).not.toHaveProperty('crs');
    expect(out.features.map((f) => f.id)).toEqual(['a', 'b']);
    expect(out.features[0].geometry).toEqual({ type: 'Point', coordinates: [57.07, 30.28] });
  });

  it('writes each cited source once, in a catalogue, and cites it by id so the file stands alone', () => {
    const out = buildExport(makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b')]));
    expect(out.sources).toEqual([wire, ministry]);
    const [f] = out.features;
    expect(f.properties.claims[1].sources).toEqual([wire.id, ministry.id]);
    expect(f.properties.location.sources).toEqual([wire.id]);
    expect(f.properties.layerTitle).toBe(layer.title);
  });

  it('indents a small export and writes a large one on one line', () => {
    expect(serializeExport(buildExport(makeAtlas()))).toContain('\n  "type"');
    const many = makeAtlas(Array.from({ length: PRETTY_LIMIT + 1 }, (_, i) => makeFeature({}, `f-${i}`)));
    const text = serializeExport(buildExport(many));
    expect(text.trimEnd()).not.toContain('\n');
    expect(JSON.parse(text).features).toHaveLength(PRETTY_LIMIT + 1);
  });

  it('keeps a stable key order, whatever order the input had', () => {
    const shuffled = makeFeature();
    const p = shuffled.properties;
    shuffled.properties = { claims: p.claims, actors: p.actors, location: p.location, time: p.time, place: p.place, country: p.country, layer: p.layer, title: p.title };
    const a = serializeExport(buildExport(makeAtlas([makeFeature()])));
    const b = serializeExport(buildExport(makeAtlas([shuffled])));
    expect(b).toBe(a);
    expect(Object.keys(JSON.parse(a).features[0].properties)).toEqual(['title', 'layer', 'layerTitle', 'country', 'place', 'time', 'location', 'actors', 'claims']);
  });

  it('exports only the features asked for', () => {
    const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b')]);
    expect(buildExport(atlas, [atlas.features[1]]).features.map((f) => f.id)).toEqual(['b']);
  });

  it('round-trips: claims keep their figures, statuses and citation ids', () => {
    const [f] = JSON.parse(serializeExport(buildExport(makeAtlas()))).features;
    const { layerTitle: _, ...properties } = f.properties;
    const again = { ...f, properties };
    const result = validateLayerFile(layer.file, { type: 'FeatureCollection', features: [again] }, layer, new Set([wire.id, ministry.id]));
    expect(result.problems).toEqual([]);
    expect(result.features[0].properties.claims.map((c) => [c.value, c.status])).toEqual([[103, 'superseded'], [84, 'claimed']]);
  });
});

describe('importExport', () => {
  it('reads an export back without losing features, claims, precision, times or relations', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({ time: { local: '2024-01-15', end: '2024-01-16', precision: 'day', approximate: true, zone: 'AST', sources: [wire.id] } }, 'b')]);
    atlas.relations = [{ id: 'rel-a-b', from: 'a', to: 'b', type: 'retaliation', statement: 's', by: 'x', date: '2024-01-16', status: 'claimed', sources: [ministry.id] }];
    const text = serializeExport(buildExport(atlas));
    const back = importExport('export.geojson', JSON.parse(text));
    expect(back.problems).toEqual([]);
    expect(back.atlas.features).toEqual(atlas.features);
    expect(back.atlas.relations).toEqual(atlas.relations);
    expect([...back.atlas.sources.keys()].sort()).toEqual([ministry.id, wire.id].sort());
    expect(serializeExport(buildExport({ ...back.atlas, layers: atlas.layers }))).toBe(text);
  });

  it('keeps only the relations whose two ends are exported', () => {
    const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b')]);
    atlas.relations = [{ id: 'rel-a-b', from: 'a', to: 'b', type: 'context', statement: 's', by: 'x', date: '2024-01-16', status: 'claimed', sources: [wire.id] }];
    expect(buildExport(atlas, [atlas.features[0]]).relations).toEqual([]);
    expect(buildExport(atlas).relations[0].sources).toEqual([wire.id]);
  });

  it('still reads files of the earlier form, with full source records at every citation', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const atlas = makeAtlas([makeFeature({}, 'a')]);
    const current = buildExport(atlas);
    const full = (ids: string[]) => ids.map((id) => current.sources.find((s) => s.id === id));
    const old = structuredClone(current) as unknown as Record<string, unknown> & { features: { properties: Record<string, { sources: string[] }[] & { sources: string[] }> }[] };
    delete old.sources;
    for (const f of old.features) {
      const p = f.properties;
      p.time.sources = full(p.time.sources) as never;
      p.location.sources = full(p.location.sources) as never;
      for (const c of p.claims) c.sources = full(c.sources) as never;
    }
    const back = importExport('old.geojson', old);
    expect(back.problems).toEqual([]);
    expect(back.atlas.features).toEqual(atlas.features);
    expect([...back.atlas.sources.values()]).toEqual(expect.arrayContaining([wire, ministry]));
  });

  it('stays under 1 KB per event on the synthetic atlas (3 layers, 2 claims each, 50 sources)', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 5000 });
    const text = serializeExport(buildExport(atlas));
    expect(new TextEncoder().encode(text).length / atlas.features.length).toBeLessThan(1024);
    const { importExport } = await import('../../src/lib/data/import');
    const back = importExport('synthetic.geojson', JSON.parse(text));
    expect(back.problems).toEqual([]);
    expect(back.atlas.features).toHaveLength(5000);
  });

  it('names what is wrong in a file that is not an export', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    expect(importExport('x.geojson', { type: 'Feature' }).problems[0].message).toMatch(/FeatureCollection/);
    const broken = JSON.parse(serializeExport(buildExport(makeAtlas())));
    broken.features[0].properties.claims[0].sources = [];
    expect(importExport('x.geojson', broken).problems.map((p) => p.field)).toEqual(['claims[0].sources']);
  });
});
