import { NO_COLUMNS, type PreparedColumns } from '../state/prepared';
import type { FileOutcome } from './formats/convert';
import type { ColumnMapping } from './formats/types';
import { Pieces } from './pieces';
import type { EventFeature } from './schema';

/** The largest file the import accepts: past this the tab would outgrow its memory. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export type ImportPhase = 'reading' | 'parsing' | 'checking' | 'sending';

export interface ImportRequest {
  files: File[];
  /** Columns the user picked, by file name, for CSV files whose columns were not recognised. */
  mappings: Record<string, ColumnMapping>;
}

export type ImportReply =
  | { type: 'progress'; phase: ImportPhase; done: number; total: number }
  | { type: 'failed'; reason: string }
  /** A piece of the features of outcome number `outcome`, in order, with their prepared search columns. */
  | { type: 'features'; outcome: number; features: EventFeature[]; prepared: PreparedColumns }
  /** The outcomes, their feature lists left empty: the pieces sent before fill them. */
  | { type: 'done'; outcomes: FileOutcome[] };

/** What became of one file; one that added features comes with their prepared columns. */
export type ImportedFile = Exclude<FileOutcome, { kind: 'added' }> | (Extract<FileOutcome, { kind: 'added' }> & { prepared: PreparedColumns });

/** What an import ends with: what became of each file, or why there is nothing. */
export type ImportOutcome = { type: 'done'; outcomes: ImportedFile[] } | { type: 'failed'; reason: string } | { type: 'cancelled' };

/** A running import: its result, and a way to stop it. */
export interface RunningImport {
  result: Promise<ImportOutcome>;
  cancel(): void;
}

/** Starts reading, converting and validating files in a worker; `onProgress` hears how far it got. */
export function importInWorker(files: File[], mappings: Record<string, ColumnMapping>, onProgress: (phase: ImportPhase, done: number, total: number) => void): RunningImport {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  let settle: (outcome: ImportOutcome) => void = () => {};
  const result = new Promise<ImportOutcome>((resolve) => (settle = resolve));
  const finish = (outcome: ImportOutcome) => {
    worker.terminate();
    settle(outcome);
  };
  const pieces = new Map<number, Pieces>();
  worker.onmessage = (e: MessageEvent<ImportReply>) => {
    const msg = e.data;
    if (msg.type === 'progress') onProgress(msg.phase, msg.done, msg.total);
    else if (msg.type === 'features') {
      let got = pieces.get(msg.outcome);
      if (!got) pieces.set(msg.outcome, (got = new Pieces()));
      got.add(msg.features, msg.prepared);
    } else if (msg.type === 'done') {
      const outcomes = msg.outcomes.map((o, k): ImportedFile => {
        if (o.kind !== 'added') return o;
        const got = pieces.get(k);
        return { ...o, atlas: { ...o.atlas, features: got?.features ?? [] }, prepared: got?.columns() ?? NO_COLUMNS };
      });
      finish({ type: 'done', outcomes });
    } else finish(msg);
  };
  worker.onerror = (e) => finish({ type: 'failed', reason: e.message || 'the import stopped unexpectedly' });
  worker.postMessage({ files, mappings } satisfies ImportRequest);
  onProgress('reading', 0, files.reduce((n, f) => n + f.size, 0));
  return { result, cancel: () => finish({ type: 'cancelled' }) };
}
