import { describe, expect, it } from 'vitest';
import { gather, Ranges } from '../../src/lib/data/gather';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('Ranges', () => {
  it('extends a range that starts where the last one ended in the same source, and skips empty ones', () => {
    const r = new Ranges();
    r.add(0, 0, 4);
    r.add(0, 4, 9);
    r.add(1, 9, 12);
    r.add(1, 12, 12);
    r.add(0, 12, 13);
    expect([...r.list]).toEqual([0, 0, 9, 1, 9, 12, 0, 12, 13]);
    expect(r.count).toBe(3);
    expect(r.bytes).toBe(13);
  });

  it('grows past its first buffer', () => {
    const r = new Ranges();
    for (let k = 0; k < 1000; k++) r.add(k % 2, k, k + 1);
    expect(r.count).toBe(1000);
    expect(r.list.slice(-3)).toEqual(Uint32Array.of(1, 999, 1000));
  });
});

describe('gather', () => {
  // The second source in Persian: two bytes a letter.
  const sources = [new Blob([bytesOf('0123456789abcdef')]), new Blob([bytesOf('کرمان،ایران')])];
  const cases: [string, number[], string][] = [
    ['one range', [0, 2, 5], '234'],
    ['ranges across both sources, one of them longer than a read and a chunk', [0, 0, 3, 1, 0, 10, 0, 14, 16], '012کرمانef'],
    ['ranges that go back in a source', [0, 10, 12, 0, 1, 2, 0, 0, 1], 'ab10'],
    ['no ranges', [], ''],
  ];

  it.each(cases)('copies %s byte for byte, whatever the sizes read and written at a time, with or without a reader of its own buffer', async (_, triples, expected) => {
    for (const byob of [true, false]) {
      for (const [chunk, read] of [[1 << 20, 1 << 20], [4, 3], [1, 1], [2, 7]]) {
        const blob = await gather(sources, Uint32Array.from(triples), chunk, read, byob);
        expect(await blob.text()).toBe(expected);
      }
    }
  });

  it('fails, rather than writing a short file, when a range runs past the end of its source', async () => {
    await expect(gather(sources, Uint32Array.of(0, 10, 20), 4, 4)).rejects.toThrow(/shorter than its ranges/);
    // Past the end of the first source, though within the second.
    await expect(gather(sources, Uint32Array.of(0, 10, 18), 4, 4)).rejects.toThrow(/shorter than its ranges/);
  });
});
