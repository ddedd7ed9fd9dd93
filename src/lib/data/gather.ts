/**
 * Byte ranges of Blobs the browser already holds, copied one after another into a new Blob
 * off the page's thread. An export of events shown through a filter picks thousands of
 * scattered runs out of the bytes written after a load (the workers' GeoJSON pieces, the
 * CSV written ahead). A Blob of that many slices costs a round trip to the browser per slice
 * (about 0.4 ms here), and writing the text again on the page took 1.3–2.0 s at 100,000
 * events; a worker reads the bytes back instead, front to back, and copies the runs: about
 * 0.45–0.6 s for 50–75 MB picked out of 110–117 MB here.
 */

/** Bytes read back at a time, into one buffer used again for each read. */
export const READ_SIZE = 4 * 1024 * 1024;

/**
 * Bytes of output gathered before each becomes a Blob; one buffer, used again for each.
 * Chromium's Blob constructor costs less per byte for larger Blobs: 96 MB in a worker as
 * Blobs of 8 MB took 0.70–1.22 s, of 24 MB 0.45–0.53 s, of 48 MB 0.34–0.39 s (`scripts/tmp`,
 * two to six runs each), and a gathered export of 98 MB spent 0.6–0.8 s making its Blobs of 8 MB.
 * Larger Blobs hold more memory while they are made: at 100,000 events the page's process
 * peaked 43–46 MB above its settled size while two filtered exports were made with 8 MB, 71
 * MB with 16, 85 MB with 24 and 137 MB with 48 (`bench:memory`, one or two runs each).
 */
export const OUT_CHUNK = 24 * 1024 * 1024;

/** Byte ranges, as `[source, start, end]` triples in one typed array; a range that starts where the last one ended in the same source extends it. */
export class Ranges {
  private data = new Uint32Array(3 * 256);
  /** How many ranges there are. */
  count = 0;
  /** Their bytes in all. */
  bytes = 0;

  add(source: number, start: number, end: number): void {
    if (end <= start) return;
    this.bytes += end - start;
    const last = 3 * (this.count - 1);
    if (this.count > 0 && this.data[last] === source && this.data[last + 2] === start) {
      this.data[last + 2] = end;
      return;
    }
    if (3 * this.count === this.data.length) {
      const grown = new Uint32Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set([source, start, end], 3 * this.count++);
  }

  /** The triples (a view: copy it before adding more). */
  get list(): Uint32Array {
    return this.data.subarray(0, 3 * this.count);
  }
}

/**
 * A Blob read from front to back, one chunk at a time: into one reused buffer where the
 * browser offers a "bring your own buffer" reader (Chromium, Node), else into the chunks
 * the stream makes. Read back with `arrayBuffer()` 16 MB at a time, 110 MB took 0.4–0.9 s
 * in a worker here; through one reused 4 MB buffer, 70–90 ms (most of the difference is
 * the first touch of each page of fresh memory).
 */
class FrontToBack {
  /** The chunk read last, and where it starts in the Blob. */
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  /** The reader into the reused buffer, when there is one (then `reader` is null). */
  private own: ReadableStreamBYOBReader | null = null;
  private buffer: ArrayBuffer | null = null;

  constructor(
    private readonly blob: Blob,
    private readonly size: number,
    private readonly byob: boolean,
  ) {}

  /**
   * Hands `emit` the bytes from `start` to `end`, in as many pieces as they were read in; at
   * once (no promise) when they lie in the chunk read last, as most of thousands of short
   * ranges do.
   */
  copy(start: number, end: number, emit: (bytes: Uint8Array) => void): Promise<void> | undefined {
    if (start >= this.at && end <= this.at + this.bytes.length && (this.reader || this.own)) {
      emit(this.bytes.subarray(start - this.at, end - this.at));
      return undefined;
    }
    return this.copyOn(start, end, emit);
  }

  private async copyOn(start: number, end: number, emit: (bytes: Uint8Array) => void): Promise<void> {
    // Behind what was read: read again from there (no caller's ranges go back, but a test's do). Far ahead (a source
    // no range needs): start reading there rather than read through.
    if ((!this.reader && !this.own) || start < this.at || start > this.at + this.bytes.length + 2 * this.size) this.open(start);
    while (start < end) {
      while (start >= this.at + this.bytes.length) await this.next();
      const n = Math.min(end, this.at + this.bytes.length) - start;
      emit(this.bytes.subarray(start - this.at, start - this.at + n));
      start += n;
    }
  }

  private open(from: number): void {
    void (this.own ?? this.reader)?.cancel();
    const stream = (from === 0 ? this.blob : this.blob.slice(from)).stream();
    this.own = this.reader = null;
    if (this.byob) {
      try {
        this.own = stream.getReader({ mode: 'byob' });
        this.buffer ??= new ArrayBuffer(this.size);
      } catch {
        // Not a byte stream here: the stream's own chunks.
      }
    }
    if (!this.own) this.reader = stream.getReader();
    this.at = from;
    this.bytes = new Uint8Array(0);
  }

  private async next(): Promise<void> {
    this.at += this.bytes.length;
    const { done, value } = this.own ? await this.own.read(new Uint8Array(this.buffer!)) : await this.reader!.read();
    if (done || !value) throw new Error('a source of the export is shorter than its ranges');
    // The buffer came back with the bytes (a read hands it over and returns it).
    if (this.own) this.buffer = value.buffer as ArrayBuffer;
    this.bytes = value;
  }
}

/**
 * The bytes of `ranges` (triples over `sources`) one after another, as one Blob. The sources
 * are read as one Blob, front to back, once, as long as the ranges move forward through it
 * (every caller's do); the output goes through one reused buffer, a Blob each time it fills.
 */
export async function gather(sources: readonly Blob[], ranges: Uint32Array, chunk = OUT_CHUNK, readSize = READ_SIZE, byob = true): Promise<Blob> {
  const starts: number[] = [];
  let size = 0;
  for (const s of sources) size = starts.push(size) && size + s.size;
  const reader = new FrontToBack(sources.length === 1 ? sources[0] : new Blob(sources as Blob[]), readSize, byob);
  let total = 0;
  for (let r = 0; r < ranges.length; r += 3) total += ranges[r + 2] - ranges[r + 1];
  const out = new Uint8Array(Math.min(chunk, total));
  const made: Blob[] = [];
  let at = 0;
  const emit = (bytes: Uint8Array) => {
    for (let from = 0; from < bytes.length; ) {
      const n = Math.min(bytes.length - from, out.length - at);
      out.set(bytes.subarray(from, from + n), at);
      from += n;
      at += n;
      // The Blob takes a copy: the buffer is used again.
      if (at === out.length) (made.push(new Blob([out])), (at = 0));
    }
  };
  for (let r = 0; r < ranges.length; r += 3) {
    const base = starts[ranges[r]];
    if (base + ranges[r + 2] > size || ranges[r + 2] > sources[ranges[r]].size) throw new Error('a source of the export is shorter than its ranges');
    const reading = reader.copy(base + ranges[r + 1], base + ranges[r + 2], emit);
    if (reading) await reading;
  }
  if (at > 0) made.push(new Blob([out.subarray(0, at)]));
  return made.length === 1 ? made[0] : new Blob(made);
}

/**
 * `gather` in a worker of its own (`gather.worker.ts`), stopped once it has answered; on
 * the page where there are no workers (Node's tests). Rejects if the worker fails.
 */
export function gathered(sources: readonly Blob[], ranges: Uint32Array): Promise<Blob> {
  if (typeof Worker === 'undefined') return gather(sources, ranges);
  const worker = new Worker(new URL('./gather.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Blob>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<Blob | { error: string }>) => {
      worker.terminate();
      if (e.data instanceof Blob) resolve(e.data);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'the export could not be gathered'));
    };
    // The ranges are handed over, not copied.
    const own = ranges.slice();
    worker.postMessage({ sources, ranges: own }, [own.buffer]);
  });
}
