import type { PreparedColumns } from '../state/prepared';
import type { AtlasSource } from './atlas-source';
import type { ImportPhase } from './import-client';
import type { LoadResult } from './load';
import { Pieces } from './pieces';
import type { WireFeatures } from './stored-feature';

/** What the atlas worker says: how far it got, a piece of the features, the rest of the result, or why it failed. */
export type AtlasReply =
  | { type: 'progress'; phase: ImportPhase; done: number; total: number }
  | { type: 'features'; features: WireFeatures; prepared: PreparedColumns }
  /** The result, its feature list left empty: the pieces sent before fill it. */
  | { type: 'done'; result: LoadResult }
  | { type: 'failed'; reason: string };

/** Hears how far a load got: a phase, and how much of it is done. */
export type OnLoadProgress = (phase: ImportPhase, done: number, total: number) => void;

/** Loads an atlas: read, parse and check in a worker, and hand back the result; `signal` stops it (a newer atlas was asked for). */
export type AtlasLoader = (source: AtlasSource, onProgress?: OnLoadProgress, signal?: AbortSignal) => Promise<LoadResult>;

/** Loads and checks an atlas in a worker (`atlas.worker.ts`); rejects with the reason when it cannot. */
export const loadAtlasInWorker: AtlasLoader = (source, onProgress, signal) => {
  const worker = new Worker(new URL('./atlas.worker.ts', import.meta.url), { type: 'module' });
  const pieces = new Pieces();
  return new Promise<LoadResult>((resolve, reject) => {
    // A large atlas keeps a core busy for seconds: one nobody waits for any more is stopped.
    signal?.addEventListener('abort', () => reject(new Error('a newer atlas was asked for')), { once: true });
    worker.onmessage = (e: MessageEvent<AtlasReply>) => {
      const msg = e.data;
      if (msg.type === 'progress') onProgress?.(msg.phase, msg.done, msg.total);
      else if (msg.type === 'features') pieces.add(msg.features, msg.prepared);
      else if (msg.type === 'done') resolve({ ...msg.result, atlas: { ...msg.result.atlas, features: pieces.features }, prepared: pieces.columns() });
      else reject(new Error(msg.reason));
    };
    worker.onerror = (e) => {
      reject(new Error(e.message || 'the atlas could not be loaded'));
    };
    worker.postMessage(source);
  }).finally(() => worker.terminate()); // one answer per worker, whichever it is
};
