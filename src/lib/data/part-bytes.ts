/**
 * Reading a slice of a part's features again from the file's bytes, after the load, when
 * their export texts are written (see `import-parts.ts`), so that a worker need not keep
 * its half's text meanwhile: about 58 MB a worker for the benchmark's 117 MB export, twice
 * that when the text holds one character beyond Latin-1 (V8 then keeps it as UTF-16).
 */
import { encodingOf } from './import';

/** A part's bytes, where its text was decoded from. */
export interface PartBytes {
  blob: Blob;
  /** Bytes before the text's first character: a UTF-8 byte order mark, which decoding drops. */
  skip: number;
}

/**
 * The bytes a part's text was decoded from, when a slice of that text can be found again
 * in them by counting UTF-8 bytes: the text is UTF-8 and decoded without a replacement
 * character (a broken sequence would decode to a character of another byte length). Null
 * otherwise: the worker then keeps the text.
 */
export function partBytes(blob: Blob, first: Uint8Array, text: string): PartBytes | null {
  if (encodingOf(first) !== 'utf-8' || text.includes('\ufffd')) return null;
  const bom = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf;
  return { blob, skip: bom ? 3 : 0 };
}

/**
 * Where each slice `[from, to)` of `text` lies in its bytes, as `[start, end)` pairs. When
 * the text has as many characters as its bytes (all ASCII) the places are the same;
 * otherwise the UTF-8 bytes between them are counted. The slices are in order and never
 * overlap, as `sliceRanges` makes them.
 */
export function byteRanges(text: string, slices: readonly (readonly [number, number])[], bytes: PartBytes): Float64Array {
  const out = new Float64Array(2 * slices.length);
  if (text.length + bytes.skip === bytes.blob.size) {
    slices.forEach(([from, to], i) => {
      out[2 * i] = from + bytes.skip;
      out[2 * i + 1] = to + bytes.skip;
    });
    return out;
  }
  const counter = new Utf8Counter();
  let char = 0;
  let byte = bytes.skip;
  slices.forEach(([from, to], i) => {
    byte += counter.count(text, char, from);
    out[2 * i] = byte;
    byte += counter.count(text, from, to);
    out[2 * i + 1] = byte;
    char = to;
  });
  return out;
}

/** Counts the UTF-8 bytes of stretches of text, through one reused buffer. */
class Utf8Counter {
  private readonly encoder = new TextEncoder();
  private buffer = new Uint8Array(0);

  count(text: string, from: number, to: number): number {
    if (to <= from) return 0;
    // Three bytes at most for each UTF-16 unit (a surrogate pair's two units make four).
    if (this.buffer.length < 3 * (to - from)) this.buffer = new Uint8Array(3 * (to - from));
    return this.encoder.encodeInto(text.slice(from, to), this.buffer).written;
  }
}

/**
 * Reads slice `index` again: its text, decoded from its bytes; null when they cannot be
 * read (the file changed on disk or went away: the browser then refuses to read it).
 */
export function sliceReader(blob: Blob, ranges: Float64Array): (index: number) => Promise<string | null> {
  return async (index) => {
    try {
      return await blob.slice(ranges[2 * index], ranges[2 * index + 1]).text();
    } catch {
      return null;
    }
  };
}
