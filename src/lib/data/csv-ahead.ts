/**
 * Export CSV written ahead. After a large load the page writes every feature's CSV line, in
 * the time order the list shows, when it is idle; a worker makes the bytes one Blob. An
 * export of the shown events whose lines lie in a few runs of that order (every event, or
 * a timeline window: the events of a time span follow one another) is then that Blob, or a
 * few slices of it, instead of 100,000 lines written, encoded and handed to the browser
 * while the reader waits (1.6–2.0 s at 100,000 events on this machine). Events shown
 * through a layer, actor or search filter are scattered over the order: a worker gathers
 * their lines from the Blob (see `gather.ts`).
 */
import { CSV_HEADER, csvLinesInSteps, lineWriter } from './csv';
import { partsOf } from './piece-blobs';
import { Ranges } from './gather';
import type { Atlas, EventFeature } from './schema';
import { OffThreadBlobWriter } from './off-thread-blob';
import { BlobWriter } from './blob-writer';
import { handBack, STEP } from './steps';
import { AHEAD_MIN, HYDRATE_LIMIT, textsSent } from './stored-feature';
import { WriteGate, writerHolds, type WriterHolds } from './writer-holds';

/**
 * Calls `task` with the time (`performance.now()`) until which it may work: an idle period
 * of the page (after a frame, nothing else to do; up to 50 ms), or 8 ms soon where the
 * browser offers no such periods. Unlike the background tasks the properties are parsed in,
 * an idle period never delays a frame: written in background tasks, the lines held a
 * timeline step of the benchmark at 50 ms and a filter change at 92 ms, against 37–42 and
 * 49–52 ms without them. Taking only 8 ms of each idle period, they took about ten seconds.
 */
function whenIdle(task: (until: number) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback((deadline) => task(performance.now() + deadline.timeRemaining()));
  else setTimeout(() => task(performance.now() + 8), 0);
}

/** Whether the reader has pressed, clicked or typed something the page has not yet heard (Chromium tells; elsewhere, no). */
const inputPending = (): boolean => (globalThis as { navigator?: { scheduling?: { isInputPending?: () => boolean } } }).navigator?.scheduling?.isInputPending?.() ?? false;

/**
 * Bytes gathered before each hand-off to the worker that makes the Blob (a hand-off costs the
 * page nothing but a new buffer). Large on purpose: the worker copies each chunk, and with
 * chunks of 2 or 16 MB the page's process stayed about 70 MB larger once the Blob was made
 * (514–519 MB against 447 MB 40 s after 100,000 events, `bench:memory`, four runs); with
 * 48 MB, 453–458 MB in four runs of six, 510 and 516 MB in the other two (cause not
 * found). Presumably the C library's allocator keeps freed blocks under 32 MB for reuse
 * and hands larger ones back.
 */
const AHEAD_CHUNK = 48 * 1024 * 1024;

/** Each row's place in `order` (the inverse permutation). */
export function placesIn(order: Uint32Array): Uint32Array {
  const posOf = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) posOf[order[k]] = k;
  return posOf;
}

/** Every line of an atlas's CSV, in a given order of its features, written into one Blob. */
export class CsvAhead {
  /** A worker makes the Blob where there are workers (see `blob.worker.ts`); the page, where not (Node's tests). */
  private readonly writer = typeof Worker !== 'undefined' ? new OffThreadBlobWriter(AHEAD_CHUNK) : new BlobWriter(AHEAD_CHUNK);
  private readonly line: (f: EventFeature) => string;
  /** Where each line ends in the Blob, by its place in `order` (it starts where the one before ends). */
  private readonly ends: Uint32Array;
  /** Each row's place in `order`. */
  readonly posOf: Uint32Array;
  /** Lines written so far. */
  private at = 0;
  private blob: Blob | null = null;
  private making: Promise<void> | null = null;
  private stopped = false;
  /** Set while an export waits for the last lines: the idle-time writing stands aside. */
  private hurrying = false;
  /** Where the holds sent while the reader acts are heard, as a writing worker hears them; see `start`. */
  private readonly holdsHeard = new EventTarget();
  private readonly gate = new WriteGate(this.holdsHeard);
  /** Stops the holds being sent here. */
  private release = () => {};

  /** `holds` tells this writer to hold while the reader acts (the page's window, by default). */
  constructor(
    readonly atlas: Atlas,
    readonly order: Uint32Array,
    private readonly holds: WriterHolds = writerHolds,
  ) {
    this.line = lineWriter(atlas);
    this.ends = new Uint32Array(order.length);
    this.posOf = placesIn(order);
  }

  /** Lines still to write. */
  get remaining(): number {
    return this.order.length - this.at;
  }

  /**
   * Writes the lines in the page's idle periods, until done or stopped; none for a while after
   * the reader's last key, click, drag or wheel turn. The idle periods between a search's
   * keystrokes are short but many: right after a load of 100,000 events, lines written in
   * them took 55 ms of a 203 ms first keystroke (a CPU profile), as the workers' writing had
   * before they were held too.
   */
  start(): void {
    this.release = this.holds.add({ postMessage: (msg) => void this.holdsHeard.dispatchEvent(new MessageEvent('message', { data: msg })) });
    const slice = (until: number) => {
      if (this.stopped || this.hurrying) return;
      // An export is being made: the page looks idle, but the reader is waiting on it.
      if (exporting > 0) return void setTimeout(() => whenIdle(slice), HELD_FOR);
      if (this.gate.holding()) return void this.gate.pass().then(() => whenIdle(slice));
      // The clock is read every 64 lines; input waiting ends the period early.
      while (this.at < this.order.length && (this.at & 63 || (performance.now() < until && !inputPending()))) this.writeSome(64 - (this.at & 63));
      if (this.at < this.order.length) whenIdle(slice);
      else void this.finish();
    };
    whenIdle(slice);
  }

  stop(): void {
    this.stopped = true;
    this.release();
    this.writer.stop();
  }

  /** Writes whatever is left now, handing the page back every `STEP` lines (an export is waiting). */
  async hurry(): Promise<void> {
    this.hurrying = true;
    while (!this.stopped && this.at < this.order.length) {
      const until = Math.min(this.order.length, this.at + STEP);
      while (this.at < until) this.writeSome(Math.min(256, until - this.at));
      if (this.at < this.order.length) await handBack();
    }
    await this.finish();
  }

  /** Whether every line is in the Blob. */
  get done(): boolean {
    return this.blob !== null;
  }

  /**
   * The CSV of `rows` (in `order`'s order), header first, from the Blob: the Blob itself or
   * a few slices of it, or, for rows scattered over many runs (a layer, actor or search
   * filter), one Blob a worker gathers from it (see `gather.ts`). Null while lines are
   * missing, or if that worker fails.
   */
  async parts(rows: Uint32Array): Promise<BlobPart[] | null> {
    const blob = this.blob;
    if (!blob) return null;
    const ranges = new Ranges();
    for (let k = 0; k < rows.length; k++) {
      const p = this.posOf[rows[k]];
      ranges.add(0, p === 0 ? 0 : this.ends[p - 1], this.ends[p]);
    }
    const lines = await partsOf([blob], ranges);
    return lines && [CSV_HEADER, ...lines];
  }

  /** Writes the next `n` lines (fewer at the end), encoded together (see `BlobWriter.writeAll`). */
  private writeSome(n: number): void {
    const lines: string[] = [];
    for (let k = this.at; k < Math.min(this.order.length, this.at + n); k++) lines.push(this.line(this.atlas.features[this.order[k]]));
    this.writer.writeAll(lines, this.ends, this.at);
    this.at += lines.length;
  }

  /** Once every line is written, the Blob (asked for once). */
  private finish(): Promise<void> {
    if (this.stopped || this.at < this.order.length) return Promise.resolve();
    this.release();
    this.making ??= this.writer.made().then(
      (blob) => {
        if (!this.stopped) this.blob = blob;
      },
      // A worker that failed leaves no Blob: exports write their lines when asked for.
      () => {},
    );
    return this.making;
  }
}

/** How many exports are being made (see `whileExporting`). */
let exporting = 0;

/** How long the lines ahead wait before looking again whether the exports are done (ms). */
const HELD_FOR = 100;

/**
 * Runs an export with the lines ahead held back: an export waits on a worker or on the
 * browser much of the time, and those idle moments went to writing lines, which shared the
 * two cores here with the export's own work ("GeoJSON: the N shown" of a time window at
 * 100,000 events: 0.95–1.24 s while lines were written, 0.55–0.6 s once they were done).
 */
export async function whileExporting<T>(work: () => Promise<T>): Promise<T> {
  exporting++;
  try {
    return await work();
  } finally {
    exporting--;
  }
}

/** The lines being written ahead, for the latest atlas large enough. */
let ahead: CsvAhead | null = null;

/** Whether `job` writes this atlas's lines in this order. */
const isFor = (job: CsvAhead | null, atlas: Atlas, order: Uint32Array): boolean => job !== null && job.atlas === atlas && job.order === order;

/**
 * Starts writing an atlas's lines ahead, in `order` (its index's time order), once no
 * worker is sending export texts, when it has
 * between `AHEAD_MIN` and `HYDRATE_LIMIT` features; stops the lines of any other atlas.
 * Called again for the same atlas and order, does nothing.
 */
export function writeAhead(atlas: Atlas, order: Uint32Array): void {
  if (isFor(ahead, atlas, order)) return;
  ahead?.stop();
  ahead = null;
  if (order.length < AHEAD_MIN || order.length > HYDRATE_LIMIT || order.length !== atlas.features.length) return;
  const job = (ahead = new CsvAhead(atlas, order));
  // Once the load's workers have sent their export texts (see `textsSent`).
  void textsSent().then(() => job.start());
}

/** Whether this atlas's lines are being (or have been) written ahead in this order. */
export const writesAhead = (atlas: Atlas, order: Uint32Array): boolean => isFor(ahead, atlas, order);

/** Stops the lines written ahead for this atlas and order, if those are the ones being written. */
export function stopAhead(atlas: Atlas, order: Uint32Array): void {
  if (!isFor(ahead, atlas, order)) return;
  ahead?.stop();
  ahead = null;
}

/**
 * Lines still to write ahead, as a share of the lines an export would write itself, below
 * which the export finishes those ahead rather than write its own: with none written ahead
 * yet, the CSV of every event written into Blobs on the page took 2,246–2,577 ms against
 * 2,776–3,403 ms to finish the lines ahead, whose Blob a worker makes (100,000 events, five
 * fresh pages of each build alternating on a busy machine): about 0.8 of the time.
 */
const HURRY_SHARE = 0.8;

/**
 * Export CSV of the shown features, `rows` (the atlas's rows, in `order`'s order). Served from
 * the lines written ahead where they are for this atlas and order; when lines are still
 * missing, the export waits for them if they are few enough (`HURRY_SHARE`). Otherwise
 * written now, for this export alone; the lines ahead are then written later, in idle
 * moments, as before.
 */
export async function csvOfShown(atlas: Atlas, order: Uint32Array, rows: Uint32Array): Promise<BlobPart[]> {
  const job = isFor(ahead, atlas, order) ? ahead : null;
  if (job && (job.done || job.remaining < rows.length * HURRY_SHARE)) {
    if (!job.done) await job.hurry();
    const parts = await job.parts(rows);
    if (parts) return parts;
  }
  return csvLinesInSteps(
    atlas,
    Array.from(rows, (i) => atlas.features[i]),
  );
}
