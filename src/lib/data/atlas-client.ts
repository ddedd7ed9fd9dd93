import type { PreparedColumns } from '../state/prepared';
import type { AtlasSource } from './atlas-source';
import type { ImportPhase } from './import-client';
import type { LoadResult } from './load';
import { Pieces } from './pieces';
import type { WriteRequest, WrittenReply } from './send-pieces';
import { attachWritten, HYDRATE_LIMIT, later, WRITE_LATEST_MS, type WireFeatures } from './stored-feature';
import type { EventFeature } from './schema';

/** What the atlas worker says: how far it got, a piece of the features, the rest of the result, or why it failed. */
export type AtlasReply =
  | { type: 'progress'; phase: ImportPhase; done: number; total: number }
  | { type: 'features'; features: WireFeatures; prepared: PreparedColumns; seq: number }
  /** The result, its feature list left empty: the pieces sent before fill it. */
  | { type: 'done'; result: LoadResult }
  /** After the load: the export texts of the pieces, then that all have been sent (see `send-pieces.ts`). */
  | WrittenReply
  | { type: 'failed'; reason: string };

/** Hears how far a load got: a phase, and how much of it is done. */
export type OnLoadProgress = (phase: ImportPhase, done: number, total: number) => void;

/** Loads an atlas: read, parse and check in a worker, and hand back the result; `signal` stops it (a newer atlas was asked for). */
export type AtlasLoader = (source: AtlasSource, onProgress?: OnLoadProgress, signal?: AbortSignal) => Promise<LoadResult>;

/**
 * Loads and checks an atlas in a worker (`atlas.worker.ts`); rejects with the reason when it
 * cannot. After the result, the worker goes on to send the features' export texts, and
 * stops once it has (or when a newer atlas is asked for); not for an atlas of more than
 * `HYDRATE_LIMIT` features, whose texts would not be kept.
 */
export const loadAtlasInWorker: AtlasLoader = (source, onProgress, signal) => {
  const worker = new Worker(new URL('./atlas.worker.ts', import.meta.url), { type: 'module' });
  const pieces = new Pieces();
  const made: EventFeature[][] = [];
  const stop = () => worker.terminate();
  // A large atlas keeps a core busy for seconds: one nobody waits for any more is stopped.
  signal?.addEventListener('abort', stop, { once: true });
  return new Promise<LoadResult>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new Error('a newer atlas was asked for')), { once: true });
    worker.onmessage = (e: MessageEvent<AtlasReply>) => {
      const msg = e.data;
      if (msg.type === 'progress') onProgress?.(msg.phase, msg.done, msg.total);
      else if (msg.type === 'features') made[msg.seq] = pieces.add(msg.features, msg.prepared);
      else if (msg.type === 'done') {
        resolve({ ...msg.result, atlas: { ...msg.result.atlas, features: pieces.features }, prepared: pieces.columns() });
        // The export texts are asked for once the page has drawn the atlas (before, they would compete with that for the cores).
        if (pieces.features.length > HYDRATE_LIMIT) stop();
        else later(() => worker.postMessage({ type: 'write' } satisfies WriteRequest), WRITE_LATEST_MS);
      } else if (msg.type === 'written') attachWritten(made[msg.seq] ?? [], msg.written);
      else if (msg.type === 'written-done') stop();
      else {
        reject(new Error(msg.reason));
        stop();
      }
    };
    worker.onerror = (e) => {
      reject(new Error(e.message || 'the atlas could not be loaded'));
      stop();
    };
    worker.postMessage(source);
  });
};

/**
 * Loads an atlas as the app does: the one built in from the chunk the build checked it into
 * (`virtual:checked-atlas`), so a cold start starts no worker; any other in the worker. When
 * that chunk cannot be loaded, the built-in atlas's files are read and checked in the worker.
 */
export const loadAtlasInApp: AtlasLoader = async (source, onProgress, signal) => {
  if (source.kind === 'built-in') {
    try {
      return (await import('virtual:checked-atlas')).default();
    } catch {
      // The same atlas, from its files.
    }
  }
  return loadAtlasInWorker(source, onProgress, signal);
};
