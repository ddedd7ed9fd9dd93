/**
 * How the features of a large export read in two parts (see `import-parts.ts`) are made
 * again after the load, for their export texts, by one fresh worker reading the file again
 * (`export-writer.worker.ts`), so that the two workers that read it can stop as soon as
 * the load is over. Ending a worker frees its memory at once; data it merely lets go of
 * stays until its next full collection, and each held its half's text (about 60 MB at
 * 100,000 events) and its heap while the other wrote, at the time the tab was at its largest.
 */
import { groupFeatures, keptItems, parseList, type ExportGroups, type ExportHead } from './import';
import type { EventFeature } from './schema';
import { utf8Length } from './utf8';

/**
 * How a piece's features are made again: the items of layer `layerId` at `keptAt` among
 * those of slice `slice` of the part, grouped with `at` the place in the file of the
 * slice's first feature; from `from` to `to` of them.
 */
export interface PiecePlan {
  slice: number;
  at: number;
  layerId: string;
  keptAt: Uint32Array;
  from: number;
  to: number;
}

/** What a fresh worker needs to make a part's pieces again from the file. */
export interface PartPlan {
  part: 0 | 1;
  /** The file's head (the collection without its features) as JSON text. */
  head: string;
  /** The part's bytes: a slice of the file, read from the file. */
  bytes: Blob;
  /** Each slice's `[from, to)` in `bytes`. */
  slices: [number, number][];
  /** Every piece the part sent, by number. */
  pieces: PiecePlan[];
}

/**
 * The byte ranges of a part's slices (`ranges`, places in `text`), the text being the UTF-8
 * decoding of `size` bytes (a byte order mark, which decoding drops, may open them); null
 * when the text cannot be placed in its bytes exactly (a replacement character in it: bytes
 * that were not UTF-8).
 */
export function byteRanges(text: string, ranges: readonly [number, number][], size: number): [number, number][] | null {
  if (text.length === size) return ranges.map(([a, b]) => [a, b]);
  if (text.includes('\uFFFD')) return null;
  const bom = size - utf8Length(text, 0, text.length);
  if (bom !== 0 && bom !== 3) return null;
  const out: [number, number][] = [];
  let at = 0;
  let bytes = bom;
  const to = (end: number) => {
    bytes += utf8Length(text, at, end);
    at = end;
    return bytes;
  };
  for (const [from, end] of ranges) out.push([to(from), to(end)]);
  return out;
}

/** Slices of about this many bytes are read from the file at once: a read per slice (about 500 KB) cost a round trip to the browser each. */
const READ_BYTES = 8 << 20;

/** Makes a part's pieces again from the file, reading its slices a few megabytes at a time, in order. */
export class PlannedPart {
  private readonly head: ExportHead;
  private chunk: Chunk | null = null;
  /** The chunk after it, being read. */
  private ahead: { first: number; chunk: Promise<Chunk> } | null = null;
  private group: { slice: number; items: ExportGroups } | null = null;
  private readonly decoder = new TextDecoder();

  /** `name`: the file's, as problems name it; `head`: the file's head, opened. */
  constructor(
    private readonly name: string,
    head: ExportHead,
    readonly plan: PartPlan,
  ) {
    this.head = head;
  }

  /** Piece `seq`'s features, made again; null when its slice no longer reads as it did. */
  async piece(seq: number): Promise<EventFeature[] | null> {
    const p = this.plan.pieces[seq];
    const groups = await this.groups(p.slice, p.at);
    return groups && keptItems(groups, p.layerId, p.keptAt, p.from, p.to);
  }

  private async groups(slice: number, at: number): Promise<ExportGroups | null> {
    if (this.group?.slice === slice) return this.group.items;
    const list = parseList(await this.sliceText(slice));
    if (!list) return null;
    this.group = { slice, items: groupFeatures(this.name, this.head, list, at) };
    return this.group.items;
  }

  /**
   * The text of a slice, from the chunk of the file holding it. Chunks are read in order, the
   * next one asked for as soon as one arrives, so that reading goes on while this one is written.
   */
  private async sliceText(slice: number): Promise<string> {
    const [from, to] = this.plan.slices[slice];
    if (!this.chunk || slice < this.chunk.first || slice > this.chunk.last) {
      const ahead = this.ahead?.first === slice ? this.ahead.chunk : this.read(slice);
      this.chunk = await ahead;
      const next = this.chunk.last + 1;
      this.ahead = next < this.plan.slices.length ? { first: next, chunk: this.read(next) } : null;
    }
    return this.decoder.decode(this.chunk.bytes.subarray(from - this.chunk.from, to - this.chunk.from));
  }

  /** The chunk of about `READ_BYTES` starting with slice `first`. */
  private async read(first: number): Promise<Chunk> {
    const from = this.plan.slices[first][0];
    let last = first;
    while (last + 1 < this.plan.slices.length && this.plan.slices[last + 1][1] - from <= READ_BYTES) last++;
    return { first, last, from, bytes: new Uint8Array(await this.plan.bytes.slice(from, this.plan.slices[last][1]).arrayBuffer()) };
  }
}

/** Bytes of a part read at once: slices `first` to `last`, starting at `from` in the part. */
interface Chunk {
  first: number;
  last: number;
  from: number;
  bytes: Uint8Array;
}

/**
 * What an import worker knows of its part once it has sent it: its bytes, their text, cut
 * in `slices` (places in the text), and how its pieces are made again (`pieces`, null when
 * some cannot be).
 */
export interface SentPart {
  part: 0 | 1;
  head: string;
  bytes: Blob;
  text: string;
  slices: readonly [number, number][];
  pieces: PiecePlan[] | null;
}

/** Answers the page's request for a part's plan (see `PlanRequest`) in an import worker, from what `part` gives (null before the part is sent). */
export function answerPlans(scope: Pick<EventTarget, 'addEventListener'>, post: (msg: { type: 'plan'; plan: PartPlan | null }) => void, part: () => SentPart | null): void {
  scope.addEventListener('message', (e) => {
    if (((e as MessageEvent).data as { type?: string } | null)?.type !== 'plan') return;
    const p = part();
    const slices = p?.pieces ? byteRanges(p.text, p.slices, p.bytes.size) : null;
    post({ type: 'plan', plan: p && p.pieces && slices ? { part: p.part, head: p.head, bytes: p.bytes, slices, pieces: p.pieces } : null });
  });
}
