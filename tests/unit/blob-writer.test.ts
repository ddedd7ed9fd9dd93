import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blobInSteps, BlobWriter } from '../../src/lib/data/blob-writer';
import { blobOfTexts } from '../../src/lib/data/piece-blobs';
import { STEP } from '../../src/lib/data/steps';

describe('text written into a Blob in steps', () => {
  it('keeps every character, across buffer hand-offs and pieces larger than the buffer', async () => {
    const pieces = [
      ...Array.from({ length: 40_000 }, (_, i) => `{"id":"event-${i}","title":"انفجار در کرمان — ${i} 🇮🇷"},`),
      // Over three million UTF-16 units: more than the 8 MB buffer can take at three bytes each.
      'x'.repeat(3_000_000),
      'قبرستان شهدا',
    ];
    const writer = new BlobWriter();
    for (const p of pieces) writer.write(p);
    const blob = writer.blob();
    expect(await blob.text()).toBe(pieces.join(''));
    expect(blob.size).toBe(new TextEncoder().encode(pieces.join('')).length);
  });

  it('writes an empty list as an empty Blob', async () => {
    expect((await blobInSteps([], String)).size).toBe(0);
  });

  it('hands the thread back between steps and keeps the order', async () => {
    const items = Array.from({ length: STEP * 3 + 1 }, (_, i) => i);
    // A task queued before the export starts runs at the first hand-back: after the first step, before the second.
    let current = -1;
    let ranAt: number | undefined;
    const other = new MessageChannel();
    other.port1.onmessage = () => {
      ranAt = current;
      other.port1.close();
    };
    other.port2.postMessage(null);
    const blob = await blobInSteps(items, (n, i) => ((current = i), `${n}:${i};`));
    expect(await blob.text()).toBe(items.map((n, i) => `${n}:${i};`).join(''));
    expect(ranAt).toBe(STEP - 1);
  });

  it('encodes texts a batch at a time, and says at any point how many bytes it has written, as encoding each at once would', async () => {
    const bytes = (t: string) => new TextEncoder().encode(t).length;
    // ASCII, Persian, emoji, a lone surrogate (three bytes, as U+FFFD); batches of a quarter million units; a chunk of 1 KB, so hand-offs come often.
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', 'ش', '🇮🇷', '\ud800', '‹'), maxLength: 30 }), fc.constant('x'.repeat(300_000)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, fc.boolean()), { maxLength: 30 }), async (writes) => {
        const writer = new BlobWriter(1024);
        let expected = '';
        for (const [t, ask] of writes) {
          writer.write(t);
          expected += t;
          if (ask) expect(writer.size).toBe(bytes(expected));
        }
        expect(writer.size).toBe(bytes(expected));
        const blob = writer.blob();
        expect(blob.size).toBe(bytes(expected));
        expect(await blob.text()).toBe(new TextDecoder().decode(new TextEncoder().encode(expected)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('texts written together, with where each ends', () => {
  it('notes each text’s end in bytes from the Blob’s start, between single writes and across hand-offs, ASCII or not', async () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', 'ش', '🇮🇷', '\ud800'), maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.array(text, { maxLength: 8 }), text), { maxLength: 12 }), async (rounds) => {
        const writer = new BlobWriter(256);
        const bytes = (t: string) => new TextEncoder().encode(t).length;
        let expected = '';
        for (const [group, single] of rounds) {
          const ends = new Uint32Array(group.length + 2).fill(7);
          writer.writeAll(group, ends, 1);
          for (const [i, t] of group.entries()) expect(ends[1 + i]).toBe(bytes((expected += t)));
          expect([ends[0], ends[group.length + 1]]).toEqual([7, 7]);
          writer.write(single);
          expected += single;
        }
        expect(await writer.blob().text()).toBe(new TextDecoder().decode(new TextEncoder().encode(expected)));
      }),
      { numRuns: 80 },
    );
  });
});

describe('texts as one Blob, with where each ends', () => {
  it('gives each text its UTF-8 bytes, all ASCII or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: fc.constantFrom('a', 'ش', '🇮🇷', '\udc00'), maxLength: 10 }))), async (texts) => {
        const { blob, ends } = blobOfTexts(texts);
        const encoded = texts.map((t) => new TextEncoder().encode(t));
        let at = 0;
        expect([...ends]).toEqual(encoded.map((b) => (at += b.length)));
        expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array(encoded.flatMap((b) => [...b])));
      }),
      { numRuns: 80 },
    );
  });
});
