/**
 * Large exports joined from Blobs the workers made after a load. Each worker writes, for
 * each piece it sent, the bytes a GeoJSON export gives its features, in one Blob
 * (`PieceBytes` in `stored-feature.ts`); the page then hands the browser those Blobs, whole
 * or sliced, instead of 100 MB of new bytes. At 100,000 events on this machine
 * Chromium took about 0.7 s to make a Blob of the GeoJSON's 117 MB on the page and about
 * 0.2 s more to encode them; a Blob of 770 Blobs it holds already took about 70 ms.
 */
import type { EventFeature } from './schema';
import { gathered, Ranges } from './gather';
import { BlobWriter, encodeJoined } from './blob-writer';
import { handBack, STEP } from './steps';

/** Where some bytes lie in a Blob. */
export interface Span {
  blob: Blob;
  start: number;
  end: number;
}

/** At most this many slices of the workers' Blobs in one export: each is a round trip to the browser (about 0.4 ms here). Past it, a worker gathers the bytes. */
export const MAX_SLICES = 256;

/**
 * Where `blobOfTexts` encodes, kept from one call to the next (the Blob takes a copy). A
 * worker writing the bytes of 50,000 features made a fresh buffer for each of its pieces.
 */
let scratch = new Uint8Array(0);

/**
 * Texts as one Blob of their UTF-8 bytes, and where each ends in it (each starts where the one
 * before ends; an empty text has no bytes), encoded joined (see `encodeJoined`).
 */
export function blobOfTexts(texts: readonly string[]): { blob: Blob; ends: Uint32Array } {
  const ends = new Uint32Array(texts.length);
  const joined = texts.join('');
  // Three bytes a UTF-16 unit at most.
  if (joined.length * 3 > scratch.length) scratch = new Uint8Array(Math.max(2 * scratch.length, joined.length * 3, 1 << 16));
  const written = encodeJoined(new TextEncoder(), texts, joined, scratch, ends, 0);
  return { blob: new Blob([scratch.subarray(0, written)]), ends };
}

/** The span of text `at` in a Blob `blobOfTexts` made, or null if it had no bytes. */
export function spanIn(blob: Blob, ends: Uint32Array, at: number): Span | null {
  const start = at === 0 ? 0 : ends[at - 1];
  return ends[at] > start ? { blob, start, end: ends[at] } : null;
}

/**
 * The bytes of `features` one after another: the span `spanOf` gives a feature where it gives
 * one, else the text `write` gives. Spans that follow one another in a Blob make one range;
 * the written texts go into one Blob of their own, so an export asked while the workers are
 * still writing their bytes writes only the features they have not reached. Null if the
 * worker gathering scattered ranges fails (see `partsOf`).
 */
export async function joinSpans(
  features: readonly EventFeature[],
  spanOf: (f: EventFeature, i: number) => Span | null,
  write: (f: EventFeature, i: number) => string,
): Promise<BlobPart[] | null> {
  const sources: Blob[] = [];
  const sourceOf = new Map<Blob, number>();
  const ranges = new Ranges();
  // The written texts, once there are any (the writer's buffer is 24 MB), and where their Blob goes among the sources (it is made at the end).
  let written: BlobWriter | null = null;
  let writtenAt = -1;
  // Where the run of written features going on now starts in their Blob (-1: none): their range is added once it ends, so the writer encodes a batch at a time.
  let runStart = -1;
  const endRun = () => {
    if (runStart < 0) return;
    ranges.add(writtenAt, runStart, written!.size);
    runStart = -1;
  };
  for (let i = 0; i < features.length; i++) {
    if (i > 0 && i % STEP === 0) await handBack();
    const span = spanOf(features[i], i);
    if (span) {
      endRun();
      let source = sourceOf.get(span.blob);
      if (source === undefined) sourceOf.set(span.blob, (source = sources.push(span.blob) - 1));
      ranges.add(source, span.start, span.end);
    } else {
      if (!written) {
        written = new BlobWriter();
        writtenAt = sources.push(EMPTY) - 1;
      }
      if (runStart < 0) runStart = written.size;
      written.write(write(features[i], i));
    }
  }
  endRun();
  if (written) sources[writtenAt] = (written as BlobWriter).blob();
  return partsOf(sources, ranges);
}

/** Holds the written texts' place among the sources until their Blob is made. */
const EMPTY = new Blob([]);

/**
 * The bytes of `ranges` as parts of a Blob: the sources themselves, or slices of them, where
 * at most `MAX_SLICES` ranges are less than a whole source; else one Blob a worker gathers
 * (see `gather.ts`).
 * Null if that worker fails.
 */
export async function partsOf(sources: readonly Blob[], ranges: Ranges): Promise<BlobPart[] | null> {
  const list = ranges.list;
  const whole = (r: number) => list[r + 1] === 0 && list[r + 2] === sources[list[r]].size;
  let slices = 0;
  for (let r = 0; r < list.length && slices <= MAX_SLICES; r += 3) if (!whole(r)) slices++;
  if (slices > MAX_SLICES) return gathered(sources, list).then((blob) => [blob], () => null);
  const parts: BlobPart[] = [];
  for (let r = 0; r < list.length; r += 3) parts.push(whole(r) ? sources[list[r]] : sources[list[r]].slice(list[r + 1], list[r + 2]));
  return parts;
}
