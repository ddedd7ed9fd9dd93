import { describe, expect, it, vi } from 'vitest';
import { blobOfTexts, joinSpans, MAX_SLICES, spanIn, type Span } from '../../src/lib/data/piece-blobs';
import type { EventFeature } from '../../src/lib/data/schema';
import { STEP } from '../../src/lib/data/steps';

/** Stand-ins for features: `joinSpans` only hands them back to its callbacks. */
const features = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `f${i}` }) as unknown as EventFeature);
const text = (parts: BlobPart[] | null) => new Blob(parts ?? []).text();

describe('blobOfTexts', () => {
  it('ends each text at its UTF-8 byte offset (‹ takes three bytes, » two), and gives an empty text no span', async () => {
    const { blob, ends } = blobOfTexts(['a', '', 'ب', 'cd', '‹»']);
    expect(await blob.text()).toBe('aبcd‹»');
    expect([...ends]).toEqual([1, 1, 3, 5, 10]);
    expect(spanIn(blob, ends, 1)).toBeNull();
    expect(spanIn(blob, ends, 2)).toEqual({ blob, start: 1, end: 3 });
    expect(await blob.slice(5, 10).text()).toBe('‹»');
  });
});

describe('joinSpans', () => {
  const pieces = [blobOfTexts(['A0', 'A1', 'A2']), blobOfTexts(['B0', 'B1'])];
  /** Feature i is A0, A1, A2, B0, B1 in turn; `skip` lists the ones with no bytes. */
  const spanOf = (skip: number[] = []) => (f: EventFeature): Span | null => {
    const i = Number(f.id!.toString().slice(1));
    if (skip.includes(i)) return null;
    const [p, at] = i < 3 ? [pieces[0], i] : [pieces[1], i - 3];
    return spanIn(p.blob, p.ends, at);
  };
  const write = (f: EventFeature) => `<${f.id}>`;

  it('hands whole Blobs over as they are, and slices them only where a run stops short', async () => {
    const slice = vi.spyOn(Blob.prototype, 'slice');
    try {
      const all = await joinSpans(features(5), spanOf(), write);
      expect(all?.filter((p) => p instanceof Blob)).toEqual([pieces[0].blob, pieces[1].blob]);
      expect(await text(all)).toBe('A0A1A2B0B1');
      expect(slice).not.toHaveBeenCalled();
      // The middle of the first piece written instead: a slice on each side of it.
      expect(await text(await joinSpans(features(5), spanOf([1]), write))).toBe('A0<f1>A2B0B1');
      expect(slice).toHaveBeenCalledTimes(2);
    } finally {
      slice.mockRestore();
    }
  });

  it('joins a subset in any order, with the written features in their places', async () => {
    const some = features(5).filter((_, i) => i !== 2).reverse();
    expect(await text(await joinSpans(some, spanOf([4]), write))).toBe('<f4>B0A1A0');
  });

  it('gathers past MAX_SLICES ranges, reading the Blobs back instead of slicing them', async () => {
    // Every other feature of one long piece: a range each.
    const long = blobOfTexts(Array.from({ length: 2 * MAX_SLICES + 2 }, (_, i) => `${i},`));
    const odd = features(2 * MAX_SLICES + 2).filter((_, i) => i % 2 === 1);
    const inLong = (f: EventFeature) => spanIn(long.blob, long.ends, Number(f.id!.toString().slice(1)));
    const oddText = (n: number) => odd.slice(0, n).map((f) => `${f.id!.toString().slice(1)},`).join('');
    const slice = vi.spyOn(Blob.prototype, 'slice');
    try {
      expect(await text(await joinSpans(odd.slice(0, MAX_SLICES), inLong, write))).toBe(oddText(MAX_SLICES));
      expect(slice).toHaveBeenCalledTimes(MAX_SLICES);
      slice.mockClear();
      const gathered = await joinSpans(odd.slice(0, MAX_SLICES + 1), inLong, write);
      expect(gathered).toHaveLength(1);
      expect(await text(gathered)).toBe(oddText(MAX_SLICES + 1));
      expect(slice).toHaveBeenCalledTimes(1);
    } finally {
      slice.mockRestore();
    }
  });

  it('writes only the features with no bytes, in steps, into one Blob beside the spans', async () => {
    // The first STEP features have bytes (a worker wrote them); the STEP + 5 after have none (it has not reached them).
    const n = 2 * STEP + 5;
    const made = blobOfTexts(Array.from({ length: STEP }, (_, i) => `${i},`));
    const spanOfFirst = (f: EventFeature) => {
      const i = Number(f.id!.toString().slice(1));
      return i < STEP ? spanIn(made.blob, made.ends, i) : null;
    };
    const writeSpy = vi.fn((f: EventFeature) => `${f.id!.toString().slice(1)},`);
    const parts = await joinSpans(features(n), spanOfFirst, writeSpy);
    expect(writeSpy).toHaveBeenCalledTimes(n - STEP);
    expect(parts).toHaveLength(2);
    expect(parts![0]).toBe(made.blob);
    expect(await text(parts)).toBe(Array.from({ length: n }, (_, i) => `${i},`).join(''));
    // None with bytes: every feature written, as one Blob.
    const none = await joinSpans(features(STEP + 1), () => null, write);
    expect(none).toHaveLength(1);
    expect(await text(none)).toBe(features(STEP + 1).map((f) => `<${f.id}>`).join(''));
  });
});
