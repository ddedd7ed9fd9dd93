import { handBack, STEP } from './steps';

/**
 * Bytes gathered before they are handed to a Blob. Chromium's Blob constructor costs less per
 * byte for larger Blobs, and each hand-off stopped the page about as long with 24 MB as with
 * 8: 117 MB written into Blobs on the page took 0.81–0.93 s with 24 MB, 0.90–0.99 s with
 * 16 and 1.08–1.16 s with 8, the longest hand-off 102–117, 88–124 and 70–142 ms (five
 * rounds each, `scripts/tmp`).
 */
const CHUNK = 24 * 1024 * 1024;

/**
 * Texts are encoded a batch at a time, joined: Chromium's `encodeInto` costs about as much
 * per call as for a kilobyte of text, so 100,000 features' texts encoded one by one took
 * 183–211 ms, and joined 500 at a time 115–125 ms (the texts of a large export; about
 * 400 ms of a profiled "GeoJSON: all" went on `encodeInto` one text at a time).
 */
const BATCH_CHARS = 256 * 1024;

/**
 * Text written into one Blob as UTF-8, a few megabytes at a time. A Blob made at the end from
 * 100,000 strings took the browser 1.4–1.9 s in one go, freezing the page; encoded here in
 * steps into one reused buffer, each hand-off to a Blob copies some megabytes.
 */
export class BlobWriter {
  protected buffer: Uint8Array<ArrayBuffer>;
  private used = 0;
  protected readonly blobs: Blob[] = [];
  /** Bytes handed off so far. */
  private flushed = 0;
  private readonly encoder = new TextEncoder();
  /** Texts written and not yet encoded (see `BATCH_CHARS`), and their length in UTF-16 units. */
  private pending: string[] = [];
  private pendingChars = 0;

  /** `chunk`: bytes gathered before each hand-off (fewer, larger hand-offs cost less in all, but each stops the thread longer). */
  constructor(protected readonly chunk = CHUNK) {
    this.buffer = new Uint8Array(chunk);
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH_CHARS) this.encodePending();
  }

  /**
   * Writes `texts`, noting in `ends` from `at` on where each one's bytes end (from the start
   * of the Blob): as `write` and `size` after each, with one encoding of them all where they
   * are ASCII (as many bytes as UTF-16 units), else each encoded again alone to find its end.
   */
  writeAll(texts: readonly string[], ends: Uint32Array, at: number): void {
    this.encodePending();
    const joined = texts.join('');
    this.makeRoom(joined.length);
    this.used += encodeJoined(this.encoder, texts, joined, this.buffer.subarray(this.used), ends, at, this.flushed + this.used);
  }

  /** How many bytes have been written so far: where the next text's bytes will start. Encodes what waits, so read it at the ends of runs, not after every text. */
  get size(): number {
    this.encodePending();
    return this.flushed + this.used;
  }

  /** Everything written, as one Blob (made of the pieces, not copied again). */
  blob(): Blob {
    this.flush();
    return new Blob(this.blobs);
  }

  /** As `blob`, for writers whose Blob is made elsewhere (see `off-thread-blob.ts`). */
  made(): Promise<Blob> {
    return Promise.resolve(this.blob());
  }

  /** Stops a writer whose Blob is made elsewhere; here, nothing to stop. */
  stop(): void {}

  /** Encodes what waits and hands off every byte encoded. */
  protected flush(): void {
    this.encodePending();
    this.handOffUsed();
  }

  private encodePending(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.makeRoom(text.length);
    this.used += this.encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }

  /** Room in the buffer for the bytes of `units` UTF-16 units (three bytes each at most): what is in it handed off first if need be. */
  private makeRoom(units: number): void {
    if (this.used + units * 3 <= this.buffer.length) return;
    this.handOffUsed();
    if (units * 3 > this.buffer.length) this.buffer = new Uint8Array(units * 3);
  }

  private handOffUsed(): void {
    if (this.used === 0) return;
    this.handOff(this.used);
    this.flushed += this.used;
    this.used = 0;
  }

  /** Hands off the first `used` bytes of the buffer. */
  protected handOff(used: number): void {
    // The Blob copies the bytes, so the buffer is free to reuse.
    this.blobs.push(new Blob([this.buffer.subarray(0, used)]));
  }
}

/**
 * Encodes `joined` (the `texts` one after another) into `into`, which has room for three bytes
 * a UTF-16 unit, noting in `ends` from `at` on where each text ends, counted from `base`;
 * gives the bytes written. One call where that gives as many bytes as there are units (every
 * unit ASCII, one byte each: the ends are the lengths added up); else each text is encoded
 * again alone, in place, to find its end.
 */
export function encodeJoined(encoder: TextEncoder, texts: readonly string[], joined: string, into: Uint8Array, ends: Uint32Array, at: number, base = 0): number {
  const written = encoder.encodeInto(joined, into).written;
  let end = base;
  if (written === joined.length) {
    for (let i = 0; i < texts.length; i++) ends[at + i] = end += texts[i].length;
    return written;
  }
  let pos = 0;
  for (let i = 0; i < texts.length; i++) {
    const bytes = encoder.encodeInto(texts[i], into.subarray(pos)).written;
    pos += bytes;
    ends[at + i] = end += bytes;
  }
  return written;
}

/** `fn` of each item, written in order into one Blob, handing the page back every `STEP` items. */
export async function blobInSteps<T>(items: readonly T[], fn: (item: T, i: number) => string): Promise<Blob> {
  const writer = new BlobWriter();
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % STEP === 0) await handBack();
    writer.write(fn(items[i], i));
  }
  return writer.blob();
}
