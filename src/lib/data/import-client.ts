import { remember, type PreparedColumns } from '../state/prepared';
import type { Atlas, Problem } from './schema';

/** The largest file the import accepts: past this the tab would outgrow its memory. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export type ImportPhase = 'reading' | 'parsing' | 'checking';

export interface ImportRequest {
  file: File;
  name: string;
}

export type ImportReply =
  | { type: 'progress'; phase: ImportPhase; done: number; total: number }
  | { type: 'not-json'; reason: string }
  | { type: 'failed'; reason: string }
  | { type: 'done'; atlas: Atlas; problems: Problem[]; prepared: PreparedColumns };

/** What an import ends with: the checked atlas, or why there is none. */
export type ImportOutcome =
  | { type: 'done'; atlas: Atlas; problems: Problem[] }
  | { type: 'not-json' | 'failed'; reason: string }
  | { type: 'cancelled' };

/** A running import: its result, and a way to stop it. */
export interface RunningImport {
  result: Promise<ImportOutcome>;
  cancel(): void;
}

/** Starts reading, parsing and validating a file in a worker; `onProgress` hears how far it got. */
export function importInWorker(file: File, name: string, onProgress: (phase: ImportPhase, done: number, total: number) => void): RunningImport {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  let settle: (outcome: ImportOutcome) => void = () => {};
  const result = new Promise<ImportOutcome>((resolve) => (settle = resolve));
  const finish = (outcome: ImportOutcome) => {
    worker.terminate();
    settle(outcome);
  };
  worker.onmessage = (e: MessageEvent<ImportReply>) => {
    const msg = e.data;
    if (msg.type === 'progress') onProgress(msg.phase, msg.done, msg.total);
    else if (msg.type === 'done') {
      remember(msg.atlas.features, msg.prepared);
      finish({ type: 'done', atlas: msg.atlas, problems: msg.problems });
    } else finish(msg);
  };
  worker.onerror = (e) => finish({ type: 'failed', reason: e.message || 'the import stopped unexpectedly' });
  worker.postMessage({ file, name } satisfies ImportRequest);
  onProgress('reading', 0, file.size);
  return { result, cancel: () => finish({ type: 'cancelled' }) };
}
