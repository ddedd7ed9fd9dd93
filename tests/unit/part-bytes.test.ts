import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExport, serializeExport } from '../../src/lib/data/export';
import { importExportInParts, sliceRanges } from '../../src/lib/data/import-parts';
import { byteRanges, partBytes, sliceReader } from '../../src/lib/data/part-bytes';
import { readPart } from '../../src/lib/data/read-file';
import { PieceSender } from '../../src/lib/data/send-pieces';
import { syntheticAtlas } from '../../scripts/lib/synthetic';

/** A features list whose titles hold Persian, an emoji (a surrogate pair), Latin-1 letters and a lookalike of the boundary between features. */
function mixedList(events: number): string {
  const atlas = syntheticAtlas({ events });
  atlas.features.forEach((f, i) => (f.properties.title = `${['گلزار شهدا', '🕊️ "quoted" },{"type":"Feature"', 'Kermān', 'plain'][i % 4]} ${i}`));
  return JSON.stringify(buildExport(atlas).features);
}

describe('a slice of a part read again from its bytes', () => {
  it('is the same text as the slice of the decoded part, with or without a byte order mark, ASCII or not', async () => {
    const texts = [mixedList(40), JSON.stringify(buildExport(syntheticAtlas({ events: 40 })).features)];
    for (const text of texts) {
      for (const bom of [false, true]) {
        const encoded = new TextEncoder().encode(text);
        const blob = new Blob(bom ? [new Uint8Array([0xef, 0xbb, 0xbf]), encoded] : [encoded]);
        const read = await readPart(blob, () => {});
        expect(read.text).toBe(text);
        expect(read.bytes).toEqual({ blob, skip: bom ? 3 : 0 });
        for (const size of [1, 900, 1e9]) {
          const slices = sliceRanges(text, size)!;
          const again = sliceReader(blob, byteRanges(text, slices, read.bytes!));
          const got = await Promise.all(slices.map((_, i) => again(i)));
          expect(got).toEqual(slices.map(([from, to]) => text.slice(from, to)));
        }
      }
    }
  });

  it('is not attempted where counting bytes could miss: UTF-16, or bytes that decoded to a replacement character', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x5b, 0x00, 0x5d, 0x00]);
    expect((await readPart(new Blob([utf16]), () => {})).bytes).toBeNull();
    // A lone continuation byte decodes to U+FFFD: one byte read as three.
    const broken = new Uint8Array([0x5b, 0x22, 0x80, 0x22, 0x5d]);
    expect((await readPart(new Blob([broken]), () => {})).bytes).toBeNull();
    expect(partBytes(new Blob(['[]']), new TextEncoder().encode('[]'), '[]')).not.toBeNull();
  });

  it('makes the same features again as were sent, from the bytes of halves holding text outside ASCII, wherever they are cut', async () => {
    const atlas = syntheticAtlas({ events: 60 });
    atlas.features.forEach((f, i) => (f.properties.title = `${['گلزار شهدا', '🕊️', 'Kermān'][i % 3]} ${i}`));
    const exported = JSON.parse(serializeExport(buildExport(atlas))) as { features: unknown[] };
    await fc.assert(
      fc.asyncProperty(fc.nat(60), fc.integer({ min: 1, max: 5000 }), async (cut, size) => {
        const halves: [string, string] = [JSON.stringify(exported.features.slice(0, cut)), JSON.stringify(exported.features.slice(cut))];
        const parts = await importExportInParts('f.geojson', { ...exported, features: [] }, halves, size, true);
        expect(parts).not.toBeNull();
        expect(parts!.remade).toEqual(parts!.sent);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a piece that cannot be made again as it was sent', () => {
  it('goes without export texts, and the pieces after it still go', async () => {
    const atlas = syntheticAtlas({ events: 9 });
    const [a, b, c] = [atlas.features.slice(0, 3), atlas.features.slice(3, 6), atlas.features.slice(6)];
    const sender = new PieceSender();
    // Made again: the first as sent, the second not at all (its file changed on disk), the third with other ids.
    sender.send(a, atlas.sources, () => {}, undefined, async () => a);
    sender.send(b, atlas.sources, () => {}, undefined, async () => null);
    sender.send(c, atlas.sources, () => {}, undefined, async () => [c[1], c[0], c[2]]);
    const seqs: number[] = [];
    await sender.writeAll((seq) => seqs.push(seq));
    expect(seqs).toEqual([0]);
    const again = new PieceSender();
    again.send(c, atlas.sources, () => {}, undefined, async () => c);
    const ids: string[] = [];
    await again.writeAll((_, written) => ids.push(...written.texts.map((t) => JSON.parse(t).id)));
    expect(ids).toEqual(c.map((f) => f.id));
  });
});
