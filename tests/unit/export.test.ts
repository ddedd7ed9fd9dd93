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
    expect(buildExport(atlas).relations[0].sources[0]).toEqual(wire);
  });

  it('names what is wrong in a file that is not an export', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    expect(importExport('x.geojson', { type: 'Feature' }).problems[0].message).toMatch(/FeatureCollection/);
    const broken = JSON.parse(serializeExport(buildExport(makeAtlas())));
    broken.features[0].properties.claims[0].sources = [];
    expect(importExport('x.geojson', broken).problems.map((p) => p.field)).toEqual(['claims[0].sources']);
  });

  it('round-trips hostile strings unchanged, as text', async () => {
    const { importExport, parseJsonText } = await import('../../src/lib/data/import');
    const hostile = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '=HYPERLINK("http://x")', '-2+3', '"quoted", \'single\'', 'line\nbreak\r\ttab', '\u2028\u2029', '\u0000\u001f', '\ufeffBOM', '\u202eRTL override', 'ک ی ژ — emoji 🧭', '${constructor}', '{{7*7}}', '\\ backslash'];
    const f = makeFeature({ title: hostile.join(' | '), place: hostile[0], actors: hostile }, 'hostile');
    f.properties.claims[0].statement = hostile.join('');
    const atlas = makeAtlas([f]);
    const parsed = parseJsonText(serializeExport(buildExport(atlas)));
    if (!('json' in parsed)) throw new Error(parsed.reason);
    const back = importExport('hostile.geojson', parsed.json);
    expect(back.problems).toEqual([]);
    expect(back.atlas.features).toEqual(atlas.features);
  });
});
