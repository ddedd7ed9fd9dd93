import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExport, serializeExport } from '../../src/lib/data/export';
import { importExport } from '../../src/lib/data/import';
import { countFeatures, idKeys, importExportInParts, repeatsIds, repeatsWithin, sliceRanges } from '../../src/lib/data/import-parts';
import { firstPartBody, firstPartText, secondPartBody, secondPartText, splitExportFile } from '../../src/lib/data/split-export';
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

/** The head and the two halves' features lists of an export's JSON, cut before feature `cut`, as the two workers read them. */
function halvesOf(exported: { features: unknown[] }, cut: number): { head: unknown; halves: [string, string] } {
  return { head: { ...exported, features: [] }, halves: [JSON.stringify(exported.features.slice(0, cut)), JSON.stringify(exported.features.slice(cut))] };
}

/** Whether reading a file whole named a repeated feature or claim id: only then may the parts give way to it. */
const namesRepeat = (problems: { message: string }[]) => problems.some((p) => p.message === 'duplicate feature id' || p.message.startsWith('duplicate claim id'));

describe('an export read as two parts checked apart, slice by slice', () => {
  it('gives what reading it whole gives, wherever it is cut and however small its slices: features, layers, links and problems, in order', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryAtlas(12, 2), fc.array(change, { maxLength: 5 }), fc.nat(), fc.integer({ min: 1, max: 3000 }), fc.boolean(), async (atlas, changes, at, size, bom) => {
        const exported = JSON.parse(serializeExport(buildExport(atlas))) as { features: unknown[] };
        for (const c of changes) apply(exported.features, c);
        const text = JSON.stringify(exported);
        const whole = importExport('f.geojson', JSON.parse(text));
        const { head, halves } = halvesOf(JSON.parse(text), at % (exported.features.length + 1));
        const parts = importExportInParts('f.geojson', head, halves, size);
        // Read whole instead: a repeated id (which copy is named depends on the layers' order), or a first half
        // whose features cannot be counted from its text (a member that is not an object, say).
        const countable = countFeatures(halves[0]) === (JSON.parse(halves[0]) as unknown[]).length;
        expect(parts === null).toBe(namesRepeat(whole.problems) || !countable);
        if (!parts) return;
        expect(parts.problems).toEqual(whole.problems);
        expect(parts.atlas).toEqual(whole.atlas);
        // What the export texts are written from, after the load, is what was sent; so is what a fresh worker makes again from the file's bytes.
        expect(parts.remade).toEqual(parts.sent);
        const bytes: [Blob, Blob] = [new Blob([bom ? '\uFEFF' : '', halves[0]]), new Blob([halves[1]])];
        expect(await parts.fromFile(bytes)).toEqual(parts.sent);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('is made again from the file’s bytes, as a fresh worker does, whatever the characters and slices', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 40 });
    atlas.features.forEach((f, i) => (f.properties.title = i % 3 ? `رویداد ${i} \u{1F4CD}` : `Événement ${i}`));
    const { head, halves } = halvesOf(JSON.parse(serializeExport(buildExport(atlas))), 17);
    for (const size of [1, 700, 5000]) {
      const parts = importExportInParts('f.geojson', head, halves, size)!;
      expect(await parts.fromFile([new Blob(['\uFEFF', halves[0]]), new Blob([halves[1]])])).toEqual(parts.sent);
      // Bytes that are not what the texts were decoded from are refused, not read as something else.
      expect(await parts.fromFile([new Blob([halves[0], ' ']), new Blob([halves[1]])])).toBeNull();
    }
  });

  it('gives way to reading the file whole when an id repeats across the cut', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 3, layers: 2 });
    atlas.features[2].id = 'event-2';
    const { head, halves } = halvesOf(JSON.parse(serializeExport(buildExport(atlas))), 2);
    expect(importExportInParts('f.geojson', head, halves)).toBeNull();
    atlas.features[2].id = 'event-3';
    const distinct = halvesOf(JSON.parse(serializeExport(buildExport(atlas))), 2);
    expect(importExportInParts('f.geojson', distinct.head, distinct.halves)).not.toBeNull();
  });

  it('will not read in parts an earlier-form file, whose catalogue is gathered from every feature', () => {
    const exported = JSON.parse(serializeExport(buildExport(fc.sample(arbitraryAtlas(4, 2), { numRuns: 1, seed: 7 })[0]))) as { features: Json[] };
    const p = exported.features[1].properties as { time?: { sources: unknown[] } };
    if (p.time) p.time.sources = [{ id: 'embedded', publisher: 'P', title: 'T', published: '2024-01-01', url: 'https://example.org/', language: 'en', type: 'wire' }];
    else (p as Json).claims = [];
    const { head, halves } = halvesOf(exported, 1);
    expect(importExportInParts('f.geojson', head, halves)).toBeNull();
  });
});

describe('repeated ids between and within the parts, found by their keys', () => {
  /** A part's ids: feature ids by layer, claim ids by layer. */
  const part = (features: Record<string, string[]>, claims: Record<string, string[]>, hash?: (text: string, seed?: number) => number) => {
    const ids = { features: new Map(Object.entries(features)), claims: new Map(Object.entries(claims)) };
    const keys = idKeys(ids, hash);
    return { ids, keys, repeats: repeatsWithin(ids, keys, hash) };
  };
  /** Every id gets the same key: each match is then checked against the ids themselves. */
  const collide = () => 7;

  for (const [name, hash] of [['their own keys', undefined], ['keys that all collide', collide]] as const) {
    it(`finds exactly the repeats, with ${name}`, () => {
      const a = part({ l1: ['e1', 'e2'], l2: ['e3'] }, { l1: ['c1', 'c2'], l2: ['c1'] }, hash);
      expect(a.repeats).toBe(false);
      // A claim id may recur in another layer, a feature id nowhere.
      expect(repeatsIds(a, part({ l1: ['e4'] }, { l1: ['c3'], l3: ['c1'] }, hash), hash)).toBe(false);
      expect(repeatsIds(a, part({ l3: ['e2'] }, {}, hash), hash)).toBe(true);
      expect(repeatsIds(a, part({}, { l2: ['c1'] }, hash), hash)).toBe(true);
      expect(part({ l1: ['e1'], l2: ['e1'] }, {}, hash).repeats).toBe(true);
      expect(part({}, { l1: ['c1', 'c1'] }, hash).repeats).toBe(true);
      // The layer and the id are told apart: claim "b" of layer "a\0" is not claim "\0b" of layer "a".
      expect(part({}, { 'a\0': ['b'], a: ['\0b'] }, hash).repeats).toBe(false);
      expect(repeatsIds(part({ l1: [] }, {}, hash), a, hash)).toBe(false);
    });
  }
});

describe('sliceRanges and countFeatures: a half cut in slices between features', () => {
  it('cuts into slices that parse back to the whole list, whatever the features hold', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 300 });
    atlas.features.forEach((f, i) => (f.properties.title = `${['گلزار شهدا', '🕊️ "quoted" },{"type":"Feature"', 'Kermān'][i % 3]} ${i}`));
    const list = `${JSON.stringify(buildExport(atlas).features)}\n `;
    for (const size of [1, 700, 5000, 1e9]) {
      const ranges = sliceRanges(list, size)!;
      expect(ranges.length).toBe(size === 1 ? 300 : size === 1e9 ? 1 : ranges.length);
      const back = ranges.flatMap(([from, to]) => JSON.parse(`[${list.slice(from, to)}]`) as unknown[]);
      expect(back).toEqual(JSON.parse(list));
    }
    expect(countFeatures(list)).toBe(300);
    expect(sliceRanges('[]')).toEqual([]);
    expect(countFeatures('[]')).toBe(0);
    expect(sliceRanges('{"features":[]}')).toBeNull();
  });

  it('counts what slices of one character each would number, for any text', () => {
    const piece = fc.constantFrom('[', ']', ' ', '\n', '{}', '},{"type":"Feature"', '"type":"Feature"', ',', 'x', '},{');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')), (text) => {
        expect(countFeatures(text)).toBe(sliceRanges(text, 1)?.length ?? 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('slices each worker’s part where it lies in the text of its bytes as it would slice the part made into a list of its own', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 30 });
    atlas.features.forEach((f, i) => (f.properties.title = `${['گلزار شهدا', '🕊️ "quoted" },{"type":"Feature"', 'Kermān'][i % 3]} ${i}`));
    const text = `\ufeff${JSON.stringify(buildExport(atlas))}\n`;
    // Every boundary a byte cut may fall on, the one inside a title among them.
    const boundaries: number[] = [];
    for (let at = text.indexOf('},{"type":"Feature"'); at >= 0; at = text.indexOf('},{"type":"Feature"', at + 1)) boundaries.push(at);
    const end = text.lastIndexOf('}');
    fc.assert(
      fc.property(fc.nat(boundaries.length - 1), fc.integer({ min: 1, max: 3000 }), (k, size) => {
        const first = text.slice(0, boundaries[k] + 1);
        const second = text.slice(boundaries[k] + 2, end);
        const [firstText, firstBody] = [firstPartText(first)!, firstPartBody(first)!];
        expect(firstBody.head).toBe(firstText.head);
        // Each part's list, made as a text of its own, starts this far into the worker's text.
        const shift = (ranges: [number, number][] | null, by: number) => ranges?.map(([a, b]) => [a + by, b + by]) ?? null;
        expect(sliceRanges(first, size, firstBody.body)).toEqual(shift(sliceRanges(firstText.features, size), firstBody.body[0] - 1));
        expect(countFeatures(first, firstBody.body)).toBe(countFeatures(firstText.features));
        expect(sliceRanges(second, size, secondPartBody(second))).toEqual(shift(sliceRanges(secondPartText(second), size), -1));
        expect(countFeatures(second, secondPartBody(second))).toBe(countFeatures(secondPartText(second)));
      }),
      { numRuns: 300 },
    );
    // A second part that does not end its list has no body, as its list made on its own has no slices.
    for (const broken of ['', '  ', '{"type":"Feature"}', '{"type":"Feature"}]}']) {
      expect(secondPartBody(broken)).toBeNull();
      expect(sliceRanges(secondPartText(broken))).toBeNull();
    }
  });

  it('never reads features whose lists hold feature-like objects as anything but what one pass reads', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const exported = buildExport(syntheticAtlas({ events: 12 }));
    const lookalikes = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'Feature', id: `inner-${i}`, properties: {} }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(11), fc.integer({ min: 2, max: 40 })), { minLength: 1, maxLength: 4 }), fc.nat(12), fc.integer({ min: 1, max: 4000 }), (inserts, cut, size) => {
        const copy = structuredClone(exported);
        for (const [at, n] of inserts) (copy.features[at].properties as unknown as Json).extra = lookalikes(n);
        const text = JSON.stringify(copy);
        const { head, halves } = halvesOf(JSON.parse(text), cut);
        const parts = importExportInParts('f.geojson', head, halves, size);
        // The boundaries inside features make the count of the first half, or a slice, come out wrong: read whole.
        if (inserts.some(([at]) => at < cut)) expect(parts).toBeNull();
        if (!parts) return;
        const whole = importExport('f.geojson', JSON.parse(text));
        expect(parts.atlas).toEqual(whole.atlas);
        expect(parts.problems).toEqual(whole.problems);
      }),
      { numRuns: 200 },
    );
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

describe('splitExportFile: a large export cut in two by its bytes', () => {
  const parse = (s: string) => JSON.parse(s) as unknown;
  const blob = (text: string) => new Blob([text]);

  it('cuts between two features near its middle: head and halves parse back to the whole', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const text = serializeExport(buildExport(syntheticAtlas({ events: 1500 })));
    const split = (await splitExportFile(blob(text)))!;
    const whole = parse(text) as { features: unknown[] };
    const [a, b] = split.parts.map(parse) as unknown[][];
    expect(a.length).toBeGreaterThan(600);
    expect(b.length).toBeGreaterThan(600);
    expect({ ...(parse(split.head) as object), features: [...a, ...b] }).toEqual(whole);
    expect(Object.keys(parse(split.head) as object)).toEqual(Object.keys(whole));
  });

  it('cuts between characters, whatever the features hold: Persian, emoji, escaped quotes', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 400 });
    atlas.features.forEach((f, i) => (f.properties.title = `${['گلزار شهدا', '🕊️ "quoted" },{"type":"Feature"', 'Kermān'][i % 3]} ${i}`));
    const text = JSON.stringify(buildExport(atlas));
    const split = (await splitExportFile(blob(text)))!;
    const [a, b] = split.parts.map(parse) as { properties: { title: string } }[][];
    expect([...a, ...b].map((f) => f.properties.title)).toEqual(atlas.features.map((f) => f.properties.title));
  });

  it('looks past the first megabyte after the middle for the next feature', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const atlas = syntheticAtlas({ events: 4 });
    // The third feature, which the middle of the file falls in, is over two megabytes long.
    atlas.features[2].properties.place = 'x'.repeat(5_000_000);
    const text = JSON.stringify(buildExport(atlas));
    const split = (await splitExportFile(blob(text)))!;
    expect(split.parts.map((p) => (parse(p) as unknown[]).length)).toEqual([3, 1]);
  });

  it('leaves alone what it cannot cut safely: indented text, text after the collection, UTF-16, a file whose features member is not found', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const collection = buildExport(syntheticAtlas({ events: 20 }));
    const text = JSON.stringify(collection);
    expect(await splitExportFile(blob(JSON.stringify(collection, null, 2)))).toBeNull();
    expect(await splitExportFile(blob(`${text} x`))).toBeNull();
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    expect(await splitExportFile(new Blob([utf16]))).toBeNull();
    expect(await splitExportFile(blob(JSON.stringify({ type: 'FeatureCollection', items: collection.features })))).toBeNull();
    // "features" inside a string, or inside another member, is not the collection's.
    expect(await splitExportFile(blob(JSON.stringify({ name: '"features":[{"type":"Feature"},{"type":"Feature"}]', other: { features: [{ type: 'Feature' }, { type: 'Feature' }] } })))).toBeNull();
  });

  it('never gives two halves that parse but differ from the whole, wherever features hold feature-like lists', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const whole = buildExport(syntheticAtlas({ events: 12 }));
    // A member no schema names, holding objects that look like features: its "},{"type":"Feature"" lies inside a feature.
    const lookalikes = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'Feature', id: `inner-${i}`, properties: {} }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(11), fc.integer({ min: 2, max: 400 })), { maxLength: 4 }), async (inserts) => {
        const copy = structuredClone(whole);
        for (const [at, n] of inserts) (copy.features[at].properties as unknown as Json).extra = lookalikes(n);
        const text = JSON.stringify(copy);
        const split = await splitExportFile(blob(text));
        if (!split) return;
        let halves: unknown[][];
        try {
          halves = split.parts.map(parse) as unknown[][];
        } catch {
          return; // not cut between two features: the file is read whole
        }
        expect({ ...(parse(split.head) as object), features: [...halves[0], ...halves[1]] }).toEqual(parse(text));
      }),
      { numRuns: 60 },
    );
  });

  it('cuts a file whose features are not its last member into a second half that does not parse', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const { features, ...rest } = buildExport(syntheticAtlas({ events: 20 }));
    const split = (await splitExportFile(blob(JSON.stringify({ ...rest, features, bbox: [0, 0, 1, 1] }))))!;
    expect(() => parse(split.parts[0])).not.toThrow();
    expect(() => parse(split.parts[1])).toThrow();
  });

  it('skips a byte order mark and takes white space after the collection', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const text = `\ufeff${JSON.stringify(buildExport(syntheticAtlas({ events: 20 })))}\r\n\t `;
    expect((parse((await splitExportFile(blob(text)))!.head) as { type: string }).type).toBe('FeatureCollection');
  });
});
