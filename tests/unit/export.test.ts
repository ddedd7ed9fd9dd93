import { describe, expect, it } from 'vitest';
import { buildExport, exportParts, exportPartsInSteps, PRETTY_LIMIT, serializeExport, type ExportedCollection } from '../../src/lib/data/export';
import { STEP } from '../../src/lib/data/steps';
import { csvLinesInSteps, toCsv } from '../../src/lib/data/csv';
import { EXPORT_SCHEMA_VERSION, plainFeature, utcText } from '../../src/lib/data/interchange';
import { validateLayerFile } from '../../src/lib/data/validate';
import type { Atlas, EventTime, Incident, Originator, Source } from '../../src/lib/data/schema';
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

/**
 * An export in an earlier form: the full source record at every citation and no catalogue
 * (versions 1 and 2). The originators stay; a test of version 1 takes them off itself.
 */
function embedded(current: ExportedCollection, schemaVersion: number): Record<string, unknown> {
  const byId = new Map(current.sources.map((s) => [s.id, s]));
  const full = (ids: unknown) => (ids as string[]).map((id) => byId.get(id));
  const old = structuredClone(current) as unknown as Record<string, unknown> & {
    features: { properties: { time?: { sources: unknown }; location: { sources: unknown }; claims: { sources: unknown }[] } }[];
    relations: { sources: unknown }[];
    incidents?: { claims: { sources: unknown }[] }[];
  };
  delete old.sources;
  old.schemaVersion = schemaVersion;
  for (const f of old.features) {
    const p = f.properties;
    if (p.time) p.time.sources = full(p.time.sources);
    p.location.sources = full(p.location.sources);
    for (const c of p.claims) c.sources = full(c.sources);
  }
  for (const r of old.relations) r.sources = full(r.sources);
  for (const inc of old.incidents ?? []) for (const c of inc.claims) c.sources = full(c.sources);
  return old;
}

describe('utcText', () => {
  it('writes what toISOString writes, without the milliseconds, for every kind of instant', () => {
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const cases = [0, 59_000, 86_399_000, 86_400_000, Date.UTC(2024, 0, 3, 11, 30), Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(9999, 11, 31, 23, 59, 59)];
    // Whole seconds over two centuries, and the edges the quick way does not take.
    for (let k = 0; k < 2000; k++) cases.push(Math.floor(Math.random() * 6_311_520_000) * 1000);
    cases.push(-1000, Date.UTC(-50, 0, 1), Date.UTC(12000, 0, 1), 1_500, Date.UTC(2024, 0, 3, 11, 30, 0, 250));
    for (const ms of cases) expect(utcText(ms)).toBe(iso(ms));
    expect(utcText(Date.UTC(2024, 0, 3, 8, 5, 9))).toBe('2024-01-03T08:05:09Z');
    expect(() => utcText(NaN)).toThrow(RangeError);
  });
});

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
    expect(Object.keys(JSON.parse(a).features[0])).toEqual(['type', 'id', 'time', 'place', 'geometry', 'properties']);
    expect(Object.keys(JSON.parse(a).features[0].properties)).toEqual(['title', 'layer', 'layerTitle', 'country', 'place', 'time', 'location', 'actors', 'claims', 'timeStart', 'timeEnd', 'timeZone', 'utcOffset', 'actorsText']);
  });

  it('exports only the features asked for', () => {
    const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b')]);
    expect(buildExport(atlas, [atlas.features[1]]).features.map((f) => f.id)).toEqual(['b']);
  });

  it('takes what an export derived off a feature it reads, as a copy that keeps a "__proto__" member a plain member', () => {
    const raw = JSON.parse(
      '{"type":"Feature","id":"a","time":{"date":"2024-01-03"},"place":null,"geometry":null,"properties":{"title":"T","layerTitle":"L","timeStart":"x","timeEnd":"y","timeZone":"IRST","utcOffset":"+03:30","actorsText":"A","actors":[{"name":"A"}],"titleFa":"ت","__proto__":{"polluted":true}}}',
    );
    const f = plainFeature(raw);
    expect(Object.keys(f)).toEqual(['type', 'id', 'geometry', 'properties']);
    const p = f.properties as Record<string, unknown>;
    expect(Object.keys(p).sort()).toEqual(['__proto__', 'actors', 'title', 'titles']);
    expect(p.actors).toEqual(['A']);
    expect(p.titles).toEqual({ fa: 'ت' });
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(p.polluted).toBeUndefined();
  });

  it('takes off every member the export adds, so a flat field added to the export cannot slip back in on import', () => {
    const atlas = makeAtlas();
    const exported = JSON.parse(serializeExport(buildExport(atlas))).features[0];
    const read = plainFeature(exported);
    expect(Object.keys(read).sort()).toEqual(Object.keys(atlas.features[0]).sort());
    expect(Object.keys(read.properties as object).sort()).toEqual(Object.keys(atlas.features[0].properties).sort());
  });

  it('round-trips: claims keep their figures, statuses and citation ids', () => {
    // The export's own additions (JSON-FG members, flat fields, actor records, layer title) taken off, as the importer does.
    const f = plainFeature(JSON.parse(serializeExport(buildExport(makeAtlas()))).features[0]);
    const result = validateLayerFile(layer.file, { type: 'FeatureCollection', features: [f] }, layer, new Set([wire.id, ministry.id]));
    expect(result.problems).toEqual([]);
    expect(result.features[0].properties.claims.map((c) => [c.value, c.status])).toEqual([[103, 'superseded'], [84, 'claimed']]);
  });
});

describe('what other tools read in the export', () => {
  const at = (time: EventTime | undefined, id = 'x') => buildExport(makeAtlas([makeFeature({ time }, id)])).features[0];

  it('names its schema version and JSON-FG conformance', () => {
    const out = buildExport(makeAtlas());
    expect(out.schemaVersion).toBe(EXPORT_SCHEMA_VERSION);
    expect(out.conformsTo).toEqual(['http://www.opengis.net/spec/json-fg-1/0.2/conf/core']);
  });

  it('gives each feature a JSON-FG time in UTC covering the reported minute, hour, day or window', () => {
    const minute = at({ local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: false, zone: 'IRST', sources: [wire.id] });
    expect(minute.time).toEqual({ timestamp: '2024-01-03T11:30:00Z', interval: ['2024-01-03T11:30:00Z', '2024-01-03T11:31:00Z'] });
    expect(minute.place).toBeNull();
    const hour = at({ local: '2024-01-16T02:00:00+03:00', precision: 'hour', approximate: true, zone: 'AST', sources: [wire.id] });
    expect(hour.time).toEqual({ interval: ['2024-01-15T23:00:00Z', '2024-01-16T00:00:00Z'] });
    // A local day in Iran starts at 20:30 UTC the day before.
    const day = at({ local: '2024-01-16', precision: 'day', approximate: true, zone: 'IRST', sources: [wire.id] });
    expect(day.time).toEqual({ interval: ['2024-01-15T20:30:00Z', '2024-01-16T20:30:00Z'] });
    const window = at({ local: '2024-01-15', end: '2024-01-16', precision: 'day', approximate: true, zone: 'PKT', sources: [wire.id] });
    expect(window.time).toEqual({ interval: ['2024-01-14T19:00:00Z', '2024-01-16T19:00:00Z'] });
    expect(at(undefined).time).toBeNull();
  });

  it('keeps the local time and zone in the properties, with flat UTC and zone fields', () => {
    const f = at({ local: '2024-01-16', precision: 'day', approximate: true, zone: 'IRST', sources: [wire.id] });
    expect(f.properties.time?.local).toBe('2024-01-16');
    expect(f.properties.time?.zone).toBe('IRST');
    expect([f.properties.timeStart, f.properties.timeEnd, f.properties.timeZone, f.properties.utcOffset]).toEqual(['2024-01-15T20:30:00Z', '2024-01-16T20:30:00Z', 'IRST', '+03:30']);
    const undated = at(undefined).properties;
    expect([undated.timeStart, undated.timeZone]).toEqual([undefined, undefined]);
  });

  it('writes actors as records plus one line of text, never as a list of strings GDAL cannot convert', () => {
    const f = buildExport(makeAtlas([makeFeature({ actors: ['A; B group', 'C'] })])).features[0];
    expect(f.properties.actors).toEqual([{ name: 'A; B group' }, { name: 'C' }]);
    expect(f.properties.actorsText).toBe('A; B group; C');
  });

  it('names the originators its sources cite, and only those', () => {
    const atlas = makeAtlas();
    atlas.sources.set(wire.id, { ...wire, originator: 'afp' });
    atlas.originators = new Map([
      ['afp', { id: 'afp', name: 'Agence France-Presse', type: 'wire' }],
      ['reuters', { id: 'reuters', name: 'Reuters', type: 'wire' }],
    ]);
    expect(buildExport(atlas).originators).toEqual([{ id: 'afp', name: 'Agence France-Presse', type: 'wire' }]);
    expect(buildExport(makeAtlas())).not.toHaveProperty('originators');
  });
});

describe('importExport', () => {
  it('names a claim id repeated in one layer however far apart the two features are (checks go 5,000 features at a time)', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 5002, layers: 1 });
    const [first, , far] = [atlas.features[0], atlas.features[1], atlas.features[5001]];
    far.properties.claims = [{ ...far.properties.claims[0], id: first.properties.claims[0].id }, ...far.properties.claims.slice(1)];
    const back = importExport('x.geojson', JSON.parse(serializeExport(buildExport(atlas))));
    expect(back.problems.map((p) => [p.feature, p.field, p.message])).toEqual([[far.id, 'claims[0].id', `duplicate claim id "${first.properties.claims[0].id}"`]]);
    // A repeat in another layer is not one: claim ids are unique per layer, as in an atlas's layer files.
    const two = syntheticAtlas({ events: 4, layers: 2 });
    two.features[1].properties.claims = [{ ...two.features[1].properties.claims[0], id: two.features[0].properties.claims[0].id }];
    expect(importExport('y.geojson', JSON.parse(serializeExport(buildExport(two)))).problems).toEqual([]);
  });

  it('reads the originators back with their names, and a version 1 file without them', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const atlas = makeAtlas();
    atlas.sources.set(wire.id, { ...wire, originator: 'afp' });
    atlas.originators = new Map([['afp', { id: 'afp', name: 'Agence France-Presse', type: 'wire' }]]);
    const current = buildExport(atlas);
    expect(importExport('x.geojson', JSON.parse(serializeExport(current))).atlas.originators.get('afp')?.name).toBe('Agence France-Presse');
    // A version 1 file: no schemaVersion, originators, catalogue or JSON-FG members, actors as plain names.
    const { originators: _, schemaVersion: __, conformsTo: ___, ...v1 } = embedded(current, 1);
    v1.features = (v1.features as { time: unknown; place: unknown; properties: { actors: { name: string }[] } }[]).map(({ time: _t, place: _p, ...f }) => ({ ...f, properties: { ...f.properties, actors: f.properties.actors.map((a) => a.name) } }));
    const back = importExport('v1.geojson', v1);
    expect(back.problems).toEqual([]);
    expect(back.atlas.features).toEqual(atlas.features);
    expect(back.atlas.originators.get('afp')?.name).toBe('afp');
  });

  it('reads a version 2 file (JSON-FG, actor records, full source records at every citation) without losing anything', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const atlas = recordAtlas();
    atlas.relations = [{ id: 'rel-a-b', from: 'a', to: 'b', type: 'context', statement: 's', by: 'x', date: '2024-01-16', status: 'claimed', sources: [copy.id] }];
    const current = buildExport(atlas);
    const back = importExport('v2.geojson', embedded(current, 2));
    expect(back.problems).toEqual([]);
    expect(back.atlas.features).toEqual(atlas.features);
    expect(back.atlas.relations).toEqual(atlas.relations);
    expect(back.atlas.incidents).toEqual(atlas.incidents);
    expect(back.atlas.sources.get(copy.id)).toEqual(copy);
    expect([...back.atlas.originators.values()]).toEqual([afp]);
    expect(serializeExport(buildExport({ ...back.atlas, layers: atlas.layers }))).toBe(serializeExport(current));
  });

  it('refuses a file from a newer schema with a message that says so, and keeps nothing of it', async () => {
    const { importExport } = await import('../../src/lib/data/import');
    const json = { ...buildExport(makeAtlas()), schemaVersion: EXPORT_SCHEMA_VERSION + 1 };
    const back = importExport('new.geojson', json);
    expect(back.atlas.features).toEqual([]);
    expect(back.problems[0].message).toMatch(/newer version of the app/);
    expect(importExport('odd.geojson', { ...json, schemaVersion: 'two' }).problems[0].message).toMatch(/whole number/);
  });

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
    const old = embedded(buildExport(atlas), 2);
    delete old.originators;
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

  it('stays under 1.3 KB per event on the synthetic atlas (3 layers, 2 claims each, 50 sources), under half of the earlier form', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 5000 });
    const out = buildExport(atlas);
    const text = serializeExport(out);
    const bytes = (t: string) => new TextEncoder().encode(t).length;
    expect(bytes(text) / atlas.features.length).toBeLessThan(1300);
    expect(bytes(text) * 2).toBeLessThan(bytes(`${JSON.stringify(embedded(out, 2), null, 2)}\n`));
    const { importExport } = await import('../../src/lib/data/import');
    const back = importExport('synthetic.geojson', JSON.parse(text));
    expect(back.problems).toEqual([]);
    expect(back.atlas.features).toHaveLength(5000);
  }, 60_000);

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

describe('exportParts', () => {
  it('writes, in pieces, exactly the text of the whole export: small and indented, or large and on one line', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: PRETTY_LIMIT + 5 });
    const large = exportParts(atlas, atlas.features, 'Synthetic');
    expect(large.length).toBe(PRETTY_LIMIT + 5 + 2);
    expect(large.join('')).toBe(serializeExport(buildExport(atlas, atlas.features, 'Synthetic')));
    const few = atlas.features.slice(0, 3);
    expect(exportParts(atlas, few).join('')).toBe(serializeExport(buildExport(atlas, few)));
    expect(JSON.parse(large.join('')).features).toHaveLength(PRETTY_LIMIT + 5);
  });

  it('writes the same text in steps that hand the page back, for a large and a small export', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: STEP * 2 + 7 });
    let handedBack = 0;
    const ticking = setInterval(() => handedBack++, 0);
    const parts = await exportPartsInSteps(atlas, atlas.features, 'Synthetic');
    clearInterval(ticking);
    const text = (pieces: BlobPart[]) => new Blob(pieces).text();
    expect(await text(parts)).toBe(exportParts(atlas, atlas.features, 'Synthetic').join(''));
    // A timer ran while the export was written: it did not hold the thread from start to end.
    expect(handedBack).toBeGreaterThan(0);
    const few = atlas.features.slice(0, 3);
    expect(await text(await exportPartsInSteps(atlas, few))).toBe(serializeExport(buildExport(atlas, few)));
    expect(await text(await csvLinesInSteps(atlas, atlas.features))).toBe(toCsv(atlas, atlas.features));
  });
});
