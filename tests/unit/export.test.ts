import { describe, expect, it } from 'vitest';
import { buildExport, PRETTY_LIMIT, serializeExport } from '../../src/lib/data/export';
import { validateLayerFile } from '../../src/lib/data/validate';
import type { Atlas, Incident, Originator, Source } from '../../src/lib/data/schema';
import { layer, makeAtlas, makeFeature, ministry, wire } from './fixtures';

/** An agency copy with every optional source field, and the agency it names. */
const afp: Originator = { id: 'afp', name: 'Agence France-Presse', type: 'wire' };
const copy: Source = {
  id: 'copy-2024-01-04-toll',
  publisher: 'Example Daily',
  title: 'Toll revised (AFP)',
  published: '2024-01-04',
  url: 'https://example.net/toll',
  archiveUrl: 'https://web.archive.org/web/20240105000000/https://example.net/toll',
  archivedAt: '2024-01-05T00:00:00Z',
  archiveSha256: 'a'.repeat(64),
  language: 'en',
  type: 'newspaper',
  originator: 'afp',
  syndicated: true,
};

/** Two features, the attack they make up with a qualified figure and a time gap between them, cited partly by the agency copy. */
function recordAtlas(): Atlas {
  const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b')]);
  atlas.sources.set(copy.id, copy);
  atlas.originators.set(afp.id, afp);
  const incident: Incident = {
    id: 'attack',
    title: 'The attack as a whole',
    features: ['a', 'b'],
    claims: [
      { id: 'attack-injured', topic: 'injured', statement: 'More than 280 were injured.', value: 280, qualifier: 'more-than', unit: 'people', by: 'Example Ministry', date: '2024-01-04', status: 'claimed', official: true, sources: [copy.id] },
      { id: 'attack-gap', topic: 'gap', statement: 'The second blast came about 13 minutes after the first.', value: 13, qualifier: 'about', unit: 'minutes', from: 'a', by: 'Example Wire', date: '2024-01-04', status: 'claimed', sources: [wire.id] },
    ],
  };
  atlas.incidents = [incident];
  return atlas;
}

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

  it('keeps every source field, the originators and the incidents, and reads them back', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const atlas = recordAtlas();
    const out = buildExport(atlas);
    expect(out.sources.find((s) => s.id === copy.id)).toEqual(copy);
    expect(out.originators).toEqual([afp]);
    expect(out.incidents).toEqual(atlas.incidents);
    expect(out.incidents?.[0].claims[0].sources).toEqual([copy.id]);
    const text = serializeExport(out);
    const back = importExport('record.geojson', JSON.parse(text));
    expect(back.problems).toEqual([]);
    expect(back.atlas.sources.get(copy.id)).toEqual(copy);
    expect([...back.atlas.originators.values()]).toEqual([afp]);
    expect(back.atlas.incidents).toEqual(atlas.incidents);
    expect(serializeExport(buildExport({ ...back.atlas, layers: atlas.layers }))).toBe(text);
  });

  it('leaves out an incident when not all its features are exported, and writes no empty members', () => {
    const atlas = recordAtlas();
    const part = buildExport(atlas, [atlas.features[0]]);
    expect(part).not.toHaveProperty('incidents');
    expect(buildExport(makeAtlas())).not.toHaveProperty('originators');
  });

  it('reads an earlier-form file with agency copies and incidents, naming each agency by its id', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const atlas = recordAtlas();
    const current = buildExport(atlas);
    const full = (ids: string[]) => ids.map((id) => current.sources.find((s) => s.id === id));
    const old = structuredClone(current) as unknown as Record<string, unknown> & { incidents: { claims: { sources: unknown[] }[] }[] };
    delete old.sources;
    delete old.originators;
    for (const c of old.incidents[0].claims) c.sources = full(c.sources as string[]);
    for (const f of (old as unknown as { features: { properties: { time: { sources: unknown[] }; location: { sources: unknown[] }; claims: { sources: unknown[] }[] } }[] }).features) {
      const p = f.properties;
      p.time.sources = full(p.time.sources as string[]);
      p.location.sources = full(p.location.sources as string[]);
      for (const c of p.claims) c.sources = full(c.sources as string[]);
    }
    const back = importExport('old.geojson', old);
    expect(back.problems).toEqual([]);
    expect(back.atlas.incidents).toEqual(atlas.incidents);
    expect(back.atlas.sources.get(copy.id)).toEqual(copy);
    expect(back.atlas.originators.get('afp')).toEqual({ id: 'afp', name: 'afp', type: 'wire' });
  });

  it('names a source that a file gives two different records, and uses the first', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const json = JSON.parse(serializeExport(buildExport(makeAtlas())));
    json.sources.push({ ...wire, title: 'Another title' });
    const back = importExport('twice.geojson', json);
    expect(back.problems).toEqual([expect.objectContaining({ feature: wire.id, field: 'sources', message: expect.stringMatching(/two different records/) })]);
    expect(back.atlas.sources.get(wire.id)?.title).toBe(wire.title);
    expect(back.atlas.features).toHaveLength(1);
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
