import { describe, expect, it } from 'vitest';
import { buildExport, serializeExport } from '../../src/lib/data/export';
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

  it('embeds the full citation records so the file stands alone', () => {
    const [f] = buildExport(makeAtlas()).features;
    expect(f.properties.claims[1].sources).toEqual([wire, ministry]);
    expect(f.properties.location.sources[0].url).toBe(wire.url);
    expect(f.properties.time?.sources[0].archiveUrl).toBe(wire.archiveUrl);
    expect(f.properties.layerTitle).toBe(layer.title);
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
    const again = { ...f, properties: { ...f.properties, claims: f.properties.claims.map((c: { sources: { id: string }[] }) => ({ ...c, sources: c.sources.map((s) => s.id) })) } };
    again.properties.time.sources = f.properties.time.sources.map((s: { id: string }) => s.id);
    again.properties.location.sources = f.properties.location.sources.map((s: { id: string }) => s.id);
    const result = validateLayerFile(layer.file, { type: 'FeatureCollection', features: [again] }, layer, new Set([wire.id, ministry.id]));
    expect(result.problems).toEqual([]);
    expect(result.features[0].properties.claims.map((c) => [c.value, c.status])).toEqual([[103, 'superseded'], [84, 'claimed']]);
  });
});
