import { NO_COLUMNS, type PreparedColumns } from '../state/prepared';
import type { FileOutcome } from './formats/convert';
import type { ColumnMapping } from './formats/types';
import type { PlanRequest, WriteRequest, WrittenReply } from './send-pieces';
import type { WriterTask } from './export-writer.worker';
import { attachWritten, later, sendingTexts, WRITE_LATEST_MS, type WireFeatures } from './stored-feature';
import { holdForLoad, writerHolds } from './writer-holds';
import type { EventFeature, Source } from './schema';
import { JointProgress, Pieces, SplitPieces, type LoadPhase, type WirePrepared } from './pieces';
import type { PartPlan } from './write-plan';
import { fileSourceIdsInUse } from './formats/file-source-ids';

/**
 * A single JSON file at least this large gets a second worker: when it is an export in the
 * form Export GeoJSON writes, each worker parses and checks half of it (see `import-parts.ts`).
 */
export const SPLIT_BYTES = 8 * 1024 * 1024;

export type ImportPhase = LoadPhase;

export interface ImportRequest {
  files: File[];
  /** Columns the user picked, by file name, for CSV files whose columns were not recognised. */
  mappings: Record<string, ColumnMapping>;
  /** The line to the second worker, when there is one (see `SPLIT_BYTES`). */
  port?: MessagePort;
  /** The sources the map holds under ids a file's own source could take, by id (see `fileSourceIdsInUse`). */
  loaded?: ReadonlyMap<string, Source>;
}

export type ImportReply =
  /** How far a worker got; `part` 1 is the second worker's own share. */
  | { type: 'progress'; phase: ImportPhase; done: number; total: number; part?: 1 }
  | { type: 'failed'; reason: string }
  /**
   * A piece of the features of outcome number `outcome`, in order, with their prepared search
   * columns. From a file read in two parts, each piece is of one `layer` and one `part`.
   */
  | { type: 'features'; outcome: number; features: WireFeatures; prepared: WirePrepared; layer?: string; part?: 0 | 1; seq: number }
  /** The second worker has sent all its pieces. */
  | { type: 'part-done' }
  /** The file read in two parts is read again whole after all (an id repeats, or a half does not read on its own): stop the second worker and drop the parts' pieces. */
  | { type: 'restart' }
  /** The outcomes, their feature lists left empty: the pieces sent before fill them. `split`: the outcome read in two parts, and its layers' order. */
  | { type: 'done'; outcomes: FileOutcome[]; split?: { outcome: number; order: string[] } }
  /** After the load, asked for: how a part's pieces are made again from the file (see `write-plan.ts`), or null when they cannot be. */
  | { type: 'plan'; plan: PartPlan | null }
  /** After the load: a worker's export texts (see `send-pieces.ts`). */
  | WrittenReply;

/** What became of one file; one that added features comes with their prepared columns. */
export type ImportedFile = Exclude<FileOutcome, { kind: 'added' }> | (Extract<FileOutcome, { kind: 'added' }> & { prepared: PreparedColumns });

/** What an import ends with: what became of each file, or why there is nothing. */
export type ImportOutcome = { type: 'done'; outcomes: ImportedFile[] } | { type: 'failed'; reason: string } | { type: 'cancelled' };

/** A running import: its result, and a way to stop it. */
export interface RunningImport {
  result: Promise<ImportOutcome>;
  cancel(): void;
  /**
   * Once the result is in: whether the workers go on to send the features' export texts
   * (see `send-pieces.ts`), or stop. The page says no when it holds too many features to
   * keep a second text of each.
   */
  keepWriting(keep: boolean): void;
}

/** How often at most the bar of an import moves within one phase (see `JointProgress`). */
const PROGRESS_EVERY_MS = 100;

/** Workers of the last import still sending export texts, each with what ends its holds (see `writer-holds.ts`): stopped when another import starts. */
const writing = new Map<Worker, () => void>();
/** Ends the count of the last import's workers sending export texts (see `sendingTexts`). */
let sent = () => {};

/** Whether a pick of files gets a second worker: one JSON file of at least `SPLIT_BYTES`. */
export const splitsWork = (files: readonly File[]): boolean => files.length === 1 && files[0].size >= SPLIT_BYTES && /\.(geo)?json$/i.test(files[0].name);

/** Starts reading, converting and validating files in a worker (two for one large JSON file); `onProgress` hears how far it got. */
export function importInWorker(files: File[], mappings: Record<string, ColumnMapping>, onProgress: (phase: ImportPhase, done: number, total: number) => void, loaded: ReadonlyMap<string, Source> = new Map()): RunningImport {
  // The sources of files added before, so that a newer download of one gets its own (see `fileSourceId`).
  const held = fileSourceIdsInUse(loaded.values());
  for (const [w, release] of writing) {
    w.terminate();
    release();
  }
  writing.clear();
  sent();
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const helper = splitsWork(files) ? new Worker(new URL('./import-part.worker.ts', import.meta.url), { type: 'module' }) : null;
  let settle: (outcome: ImportOutcome) => void = () => {};
  const result = new Promise<ImportOutcome>((resolve) => (settle = resolve));
  const stop = (w: Worker | null) => {
    if (w) {
      w.terminate();
      writing.get(w)?.();
      writing.delete(w);
    }
    if (writing.size === 0) sent();
  };
  const finish = (outcome: ImportOutcome) => {
    stop(worker);
    stop(helper);
    progress.stop();
    settle(outcome);
  };
  /** Each piece's features, by worker and number, until its export texts come. */
  const made = new Map<string, EventFeature[]>();
  const progress = new JointProgress(onProgress, PROGRESS_EVERY_MS);
  const pieces = new Map<number, Pieces>();
  let split = new SplitPieces();
  // Once the parts give way to one reading of the whole file, pieces of theirs still on the way are dropped.
  let splitDropped = false;
  let done: Extract<ImportReply, { type: 'done' }> | null = null;
  let helperDone = false;
  const complete = () => {
    if (!done || (done.split && !helperDone)) return;
    const { outcomes, split: splitOutcome } = done;
    if (splitOutcome) pieces.set(splitOutcome.outcome, split.assemble(splitOutcome.order));
    const files = outcomes.map((o, k): ImportedFile => {
      if (o.kind !== 'added') return o;
      const got = pieces.get(k);
      return { ...o, atlas: { ...o.atlas, features: got?.features ?? [] }, prepared: got?.columns() ?? NO_COLUMNS };
    });
    progress.stop();
    settle({ type: 'done', outcomes: files });
  };
  const hear = (e: MessageEvent<ImportReply>) => {
    const msg = e.data;
    if (msg.type === 'progress') progress.hear(msg.part ?? 0, msg.phase, msg.done, msg.total);
    else if (msg.type === 'restart') {
      // The second worker has no part in reading the whole file: stopped, it leaves its core to the first.
      stop(helper);
      splitDropped = true;
      split = new SplitPieces();
      made.clear();
    } else if (msg.type === 'features') {
      if (msg.layer !== undefined && splitDropped) return;
      let got = pieces.get(msg.outcome);
      if (!got && msg.layer === undefined) pieces.set(msg.outcome, (got = new Pieces()));
      made.set(`${msg.part ?? 0}:${msg.seq}`, msg.layer !== undefined ? split.add(msg.layer, msg.part ?? 0, msg.features, msg.prepared) : got!.add(msg.features, msg.prepared));
    } else if (msg.type === 'written') {
      const key = `${msg.part ?? 0}:${msg.seq}`;
      attachWritten(made.get(key) ?? [], msg.written);
      made.delete(key);
    } else if (msg.type === 'written-done') {
      if (writer) {
        // Stopped once it has written both parts, in whichever order it was given them.
        if (++writerDone === 2) stop(writer);
        return;
      }
      stop(msg.part === 1 ? helper : worker);
      // One worker writes at a time, the helper when the first has sent its texts: the two side by side held about 90 MB more at the tab's highest (100,000 events).
      if (msg.part !== 1 && helper && writing.has(helper)) helper.postMessage({ type: 'write' } satisfies WriteRequest);
    } else if (msg.type === 'plan') {
      plans.push(msg.plan);
      if (plans.length === 2) writeFromPlans();
    }
    else if (msg.type === 'part-done') {
      helperDone = true;
      complete();
    } else if (msg.type === 'done') {
      done = msg;
      complete();
    } else if (writer && e.target === writer) stop(writer);
    else finish(msg);
  };
  /** The two parts' plans in the order they come (see `write-plan.ts`), and the worker that writes from them. */
  const plans: (PartPlan | null)[] = [];
  let writer: Worker | null = null;
  /** How many parts the writer has written all of. */
  let writerDone = 0;
  /**
   * Once both parts have said how their pieces are made again: stops the two workers that
   * read the file (which frees what each holds at once) and has one fresh worker write both
   * parts' texts from the file. When either cannot say, the two write them as before.
   */
  const writeFromPlans = () => {
    const [first, second] = plans;
    if (!first || !second || !done?.split || !helper) {
      later(() => worker.postMessage({ type: 'write' } satisfies WriteRequest), WRITE_LATEST_MS);
      return;
    }
    const outcome = done.outcomes[done.split.outcome];
    const titles = outcome.kind === 'added' ? outcome.atlas.layers.map((l): [string, string] => [l.id, l.title]) : [];
    writer = new Worker(new URL('./export-writer.worker.ts', import.meta.url), { type: 'module' });
    writer.onmessage = hear;
    writer.onerror = () => stop(writer);
    // Counted as writing before the two stop, so that what waits for the texts (`textsSent`) goes on waiting.
    writing.set(writer, writerHolds.add(writer));
    stop(worker);
    stop(helper);
    // In the file's order, whichever answered first.
    writer.postMessage({ name: files[0].name, parts: [first, second].sort((a, b) => a.part - b.part), titles } satisfies WriterTask);
    const w = writer;
    later(() => w.postMessage({ type: 'write' } satisfies WriteRequest), WRITE_LATEST_MS);
  };
  worker.onmessage = hear;
  worker.onerror = (e) => finish({ type: 'failed', reason: e.message || 'the import stopped unexpectedly' });
  const request: ImportRequest = { files, mappings, loaded: held };
  if (helper) {
    helper.onmessage = hear;
    helper.onerror = (e) => finish({ type: 'failed', reason: e.message || 'the import stopped unexpectedly' });
    const line = new MessageChannel();
    helper.postMessage({ port: line.port2 }, [line.port2]);
    worker.postMessage({ ...request, port: line.port1 } satisfies ImportRequest, [line.port1]);
  } else worker.postMessage(request);
  onProgress('reading', 0, files.reduce((n, f) => n + f.size, 0));
  holdForLoad(result);
  return {
    result,
    cancel: () => finish({ type: 'cancelled' }),
    keepWriting: (keep) => {
      if (keep) sent = sendingTexts();
      for (const w of [worker, helper]) if (w) keep ? writing.set(w, writerHolds.add(w)) : stop(w);
      if (!keep) return;
      // A file read in two parts: each worker says how its pieces are made again, and one fresh worker writes them (see `writeFromPlans`).
      if (helper && done?.split && writing.has(helper)) for (const w of [worker, helper]) w.postMessage({ type: 'plan' } satisfies PlanRequest);
      // Asked once the page has drawn what it took: before, the texts would compete with that for the cores.
      else later(() => worker.postMessage({ type: 'write' } satisfies WriteRequest), WRITE_LATEST_MS);
    },
  };
}
