import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExport, serializeExport } from '../../src/lib/data/export';
import { importExport } from '../../src/lib/data/import';
import { importExportInParts } from '../../src/lib/data/import-parts';
import { splitExportText } from '../../src/lib/data/split-export';
import { arbitraryAtlas } from './arbitrary-atlas';

type Json = Record<string, unknown>;

/** Changes that make the parts' checks depend on each other: repeated ids and claim ids, features without ids, unknown layers, broken members, layers first met late. */
const change = fc.tuple(fc.constantFrom('same-id', 'same-claim-id', 'no-id', 'bad-layer', 'not-a-feature', 'bad-radius', 'other-layer', 'new-layer'), fc.nat(), fc.nat());

function apply(features: unknown[], [kind, i, j]: [string, number, number]): void {
  const n = features.length;
  const a = features[i % n] as Json;
  const b = features[j % n] as Json;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return;
  const pa = a.properties as Json;
  const pb = b.properties as Json;
  if (kind === 'same-id') a.id = b.id;
  else if (kind === 'same-claim-id' && Array.isArray(pa?.claims) && Array.isArray(pb?.claims) && pa.claims[0] && pb.claims[0]) (pa.claims[0] as Json).id = (pb.claims[0] as Json).id;
  else if (kind === 'no-id') delete a.id;
  else if (kind === 'bad-layer' && pa) pa.layer = 'Not A Layer';
  else if (kind === 'not-a-feature') features[i % n] = 5;
  else if (kind === 'bad-radius' && pa && typeof pa.location === 'object') (pa.location as Json).radiusM = -1;
  else if (kind === 'other-layer' && pa && pb) pa.layer = pb.layer;
  else if (kind === 'new-layer' && pa) pa.layer = 'late-layer';
}

describe('an export read as two parts checked apart', () => {
  it('gives what reading it whole gives, wherever it is cut: features, layers, links and problems, in order', () => {
    fc.assert(
      fc.property(arbitraryAtlas(12, 2), fc.array(change, { maxLength: 5 }), fc.nat(), (atlas, changes, at) => {
        const exported = JSON.parse(serializeExport(buildExport(atlas))) as { features: unknown[] };
        for (const c of changes) apply(exported.features, c);
        const text = JSON.stringify(exported);
        const cut = at % (exported.features.length + 1);
        const whole = importExport('f.geojson', JSON.parse(text));
        const parts = importExportInParts('f.geojson', JSON.parse(text), cut);
        expect(parts).not.toBeNull();
        expect(parts!.problems).toEqual(whole.problems);
        expect(parts!.atlas).toEqual(whole.atlas);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('keeps, of an id repeated across the cut, the copy reading it whole keeps: the one in the layer checked first', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    // In the file: event-1 (layer 1), event-2 (layer 2) | a second event-2 (layer 1). Layer 1 is checked first, so its copy stays.
    const atlas = syntheticAtlas({ events: 3, layers: 2 });
    atlas.features[2].id = 'event-2';
    const text = serializeExport(buildExport(atlas));
    const whole = importExport('f.geojson', JSON.parse(text));
    const parts = importExportInParts('f.geojson', JSON.parse(text), 2)!;
    expect(parts.atlas.features.map((f) => [f.id, f.properties.layer])).toEqual([['event-1', 'synthetic-1'], ['event-2', 'synthetic-1']]);
    expect(parts.problems.map((p) => [p.feature, p.message])).toEqual([['event-2', 'duplicate feature id']]);
    expect(parts).toEqual(whole);
  });

  it('will not read in parts an earlier-form file, whose catalogue is gathered from every feature', () => {
    const exported = JSON.parse(serializeExport(buildExport(fc.sample(arbitraryAtlas(4, 2), { numRuns: 1, seed: 7 })[0]))) as { features: Json[] };
    const p = exported.features[1].properties as { time?: { sources: unknown[] } };
    if (p.time) p.time.sources = [{ id: 'embedded', publisher: 'P', title: 'T', published: '2024-01-01', url: 'https://example.org/', language: 'en', type: 'wire' }];
    else (p as Json).claims = [];
    expect(importExportInParts('f.geojson', exported, 1)).toBeNull();
  });
});

describe('a feature without an id', () => {
  it('is named by its place in the file, whatever layer it was grouped in', () => {
    const atlas = fc.sample(arbitraryAtlas(4, 3), { numRuns: 1, seed: 11 })[0];
    const exported = JSON.parse(serializeExport(buildExport(atlas))) as { features: Json[] };
    const last = exported.features.length - 1;
    delete exported.features[last].id;
    const { problems } = importExport('f.geojson', exported);
    expect(problems.map((p) => p.feature)).toContain(`features[${last}]`);
  });
});

describe('splitExportText', () => {
  const parse = (s: string) => JSON.parse(s) as unknown;

  it('cuts a large export between two features near its middle: head and halves parse back to the whole', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const text = serializeExport(buildExport(syntheticAtlas({ events: 1500 })));
    const split = splitExportText(text)!;
    const whole = parse(text) as { features: unknown[] };
    const [a, b] = split.parts.map(parse) as unknown[][];
    expect(a.length).toBeGreaterThan(600);
    expect(b.length).toBeGreaterThan(600);
    expect({ ...(parse(split.head) as object), features: [...a, ...b] }).toEqual(whole);
    expect(Object.keys(parse(split.head) as object)).toEqual(Object.keys(whole));
  });

  it('leaves alone what it cannot cut safely: indented text, text after the collection, a file whose features member is not found', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const collection = buildExport(syntheticAtlas({ events: 20 }));
    expect(splitExportText(JSON.stringify(collection, null, 2))).toBeNull();
    expect(splitExportText(`${JSON.stringify(collection)} x`)).toBeNull();
    expect(splitExportText(JSON.stringify({ type: 'FeatureCollection', items: collection.features }))).toBeNull();
    // "features" inside a string, or inside another member, is not the collection's.
    expect(splitExportText(JSON.stringify({ name: '"features":[{"type":"Feature"},{"type":"Feature"}]', other: { features: [{ type: 'Feature' }, { type: 'Feature' }] } }))).toBeNull();
  });

  it('cuts a file whose features are not its last member into a second half that does not parse', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const { features, ...rest } = buildExport(syntheticAtlas({ events: 20 }));
    const split = splitExportText(JSON.stringify({ ...rest, features, bbox: [0, 0, 1, 1] }))!;
    expect(() => parse(split.parts[0])).not.toThrow();
    expect(() => parse(split.parts[1])).toThrow();
  });

  it('skips a byte order mark', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const text = `\ufeff${JSON.stringify(buildExport(syntheticAtlas({ events: 20 })))}`;
    expect((parse(splitExportText(text)!.head) as { type: string }).type).toBe('FeatureCollection');
  });
});
