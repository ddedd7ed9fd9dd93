import { describe, expect, it, vi } from 'vitest';
import { CsvAhead, csvOfShown, placesIn, stopAhead, whileExporting, writeAhead, writesAhead } from '../../src/lib/data/csv-ahead';
import { toCsv } from '../../src/lib/data/csv';
import { MAX_SLICES } from '../../src/lib/data/piece-blobs';
import type { Atlas } from '../../src/lib/data/schema';
import { AHEAD_MIN } from '../../src/lib/data/stored-feature';
import { WriterHolds } from '../../src/lib/data/writer-holds';
import { buildIndex } from '../../src/lib/state/feature-index';
import { syntheticAtlas } from '../../scripts/lib/synthetic';

/** A synthetic atlas whose every tenth title is Persian, so lines differ in bytes from characters. */
function atlasOf(events: number): Atlas {
  const atlas = syntheticAtlas({ events });
  const features = atlas.features.map((f, i) => (i % 10 === 0 ? { ...f, properties: { ...f.properties, title: `انفجار در کرمان ${i} — "بخش"` } } : f));
  return { ...atlas, features };
}

const orderOf = (atlas: Atlas) => buildIndex(atlas.features, atlas.sources, atlas.layers.map((l) => l.id)).order;
const textOf = async (parts: BlobPart[]) => new Blob(parts).text();
const expected = (atlas: Atlas, rows: ArrayLike<number>) => toCsv(atlas, Array.from(rows, (i) => atlas.features[i]));

describe('places in an order', () => {
  it('gives each row its place', () => {
    expect([...placesIn(Uint32Array.of(2, 0, 1, 3))]).toEqual([1, 2, 0, 3]);
  });
});

describe('CSV lines written ahead', () => {
  const atlas = atlasOf(1200);
  const order = orderOf(atlas);

  it('gives every line, in time order, as the one Blob it wrote', async () => {
    const ahead = new CsvAhead(atlas, order);
    expect(await ahead.parts(order)).toBeNull();
    await ahead.hurry();
    const parts = (await ahead.parts(order))!;
    expect(parts).toHaveLength(2);
    expect(await textOf(parts)).toBe(expected(atlas, order));
  });

  it('gives a run of the order (a time window) and the runs of a sparser pick as slices, byte for byte', async () => {
    const ahead = new CsvAhead(atlas, order);
    await ahead.hurry();
    const window = order.subarray(137, 911);
    expect(await textOf((await ahead.parts(window))!)).toBe(expected(atlas, window));
    // Three runs, the first at the very start and the last at the very end, each over Persian titles.
    const three = Uint32Array.from([...order.subarray(0, 5), ...order.subarray(400, 401), ...order.subarray(1190)]);
    const parts = (await ahead.parts(three))!;
    expect(parts).toHaveLength(4);
    expect(await textOf(parts)).toBe(expected(atlas, three));
  });

  it('gathers rows scattered over more runs than it slices into one Blob of their lines, reading its own Blob back', async () => {
    const ahead = new CsvAhead(atlas, order);
    await ahead.hurry();
    const everyOther = order.filter((_, k) => k % 2 === 0);
    expect(everyOther.length).toBeGreaterThan(MAX_SLICES);
    const slice = vi.spyOn(Blob.prototype, 'slice');
    try {
      const parts = (await ahead.parts(everyOther))!;
      expect(parts).toHaveLength(2);
      expect(await textOf(parts)).toBe(expected(atlas, everyOther));
      // Read back a window at a time (one window here), not sliced line by line.
      expect(slice.mock.calls.length).toBeLessThan(5);
    } finally {
      slice.mockRestore();
    }
  });

  it('writes no line while an export is being made, and goes on once it is done', async () => {
    const ahead = new CsvAhead(atlas, order);
    let done = () => {};
    const exported = whileExporting(() => new Promise<void>((resolve) => (done = resolve)));
    ahead.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(ahead.remaining).toBe(order.length);
    done();
    await exported;
    await expect.poll(() => ahead.done, { timeout: 10_000 }).toBe(true);
    expect(await textOf((await ahead.parts(order))!)).toBe(expected(atlas, order));
  });

  it('writes no line for a while after the reader types, then goes on', async () => {
    const page = new EventTarget();
    const ahead = new CsvAhead(atlas, order, new WriterHolds(page));
    ahead.start();
    page.dispatchEvent(new Event('keydown'));
    await new Promise((r) => setTimeout(r, 300));
    expect(ahead.remaining).toBe(order.length);
    await expect.poll(() => ahead.done, { timeout: 10_000 }).toBe(true);
    expect(await textOf((await ahead.parts(order))!)).toBe(expected(atlas, order));
  });

  it('writes in idle periods to the same lines, and stops for good when told', async () => {
    const ahead = new CsvAhead(atlas, order);
    ahead.start();
    await expect.poll(() => ahead.done, { timeout: 10_000 }).toBe(true);
    expect(await textOf((await ahead.parts(order))!)).toBe(expected(atlas, order));
    const stopped = new CsvAhead(atlas, order);
    stopped.start();
    stopped.stop();
    await stopped.hurry();
    expect(stopped.done).toBe(false);
    expect(stopped.remaining).toBe(order.length);
    expect(await stopped.parts(order)).toBeNull();
  });
});

describe('Export CSV of the shown events', () => {
  const atlas = atlasOf(AHEAD_MIN + 20);
  const order = orderOf(atlas);

  it('writes the same file whether the lines were written ahead, are still being written, or are written when asked for', async () => {
    const window = order.subarray(10, 3000);
    const everyThird = order.filter((_, k) => k % 3 === 0);
    // Nothing written ahead.
    expect(await textOf(await csvOfShown(atlas, order, window))).toBe(expected(atlas, window));
    writeAhead(atlas, order);
    expect(writesAhead(atlas, order)).toBe(true);
    // Lines still missing: the export of every event waits for them once some are written (else it writes its own); a small pick is written at once.
    expect(await textOf(await csvOfShown(atlas, order, order.subarray(0, 20)))).toBe(expected(atlas, order.subarray(0, 20)));
    expect(await textOf(await csvOfShown(atlas, order, order))).toBe(expected(atlas, order));
    expect(await textOf(await csvOfShown(atlas, order, window))).toBe(expected(atlas, window));
    expect(await textOf(await csvOfShown(atlas, order, everyThird))).toBe(expected(atlas, everyThird));
    // Another atlas with the same features (a source retitled): its own citations, not the lines written for the first.
    const retitled: Atlas = { ...atlas, sources: new Map([...atlas.sources].map(([id, s]) => [id, { ...s, title: `${s.title} (corrected)` }])) };
    const again = await textOf(await csvOfShown(retitled, order, window));
    expect(again).toBe(expected(retitled, window));
    expect(again).toContain('(corrected)');
    stopAhead(atlas, order);
    expect(writesAhead(atlas, order)).toBe(false);
  });

  it('writes its own lines when none are written ahead yet, leaving those to the idle moments', async () => {
    const hurry = vi.spyOn(CsvAhead.prototype, 'hurry');
    try {
      writeAhead(atlas, order);
      // Asked before any idle moment: not one line written ahead.
      const parts = csvOfShown(atlas, order, order);
      expect(hurry).not.toHaveBeenCalled();
      expect(await textOf(await parts)).toBe(expected(atlas, order));
    } finally {
      hurry.mockRestore();
      stopAhead(atlas, order);
    }
  });

  it('finishes the lines ahead only when at most four in five of those it would write are left', async () => {
    const hurry = vi.spyOn(CsvAhead.prototype, 'hurry');
    const left = vi.spyOn(CsvAhead.prototype, 'remaining', 'get');
    try {
      writeAhead(atlas, order);
      left.mockReturnValue(Math.ceil(order.length * 0.8));
      expect(await textOf(await csvOfShown(atlas, order, order))).toBe(expected(atlas, order));
      expect(hurry).not.toHaveBeenCalled();
      left.mockReturnValue(Math.floor(order.length * 0.8) - 1);
      expect(await textOf(await csvOfShown(atlas, order, order))).toBe(expected(atlas, order));
      expect(hurry).toHaveBeenCalledTimes(1);
    } finally {
      hurry.mockRestore();
      left.mockRestore();
      stopAhead(atlas, order);
    }
  });

  it('writes nothing ahead for an atlas below the threshold', async () => {
    const small = atlasOf(AHEAD_MIN - 1);
    const smallOrder = orderOf(small);
    writeAhead(small, smallOrder);
    expect(writesAhead(small, smallOrder)).toBe(false);
    const parts = await csvOfShown(small, smallOrder, smallOrder);
    // Written when asked for: the header, then one Blob of the lines encoded then.
    expect(await textOf(parts)).toBe(expected(small, smallOrder));
  });
});
