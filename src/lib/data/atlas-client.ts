import type { AtlasSource } from './atlas-source';
import type { LoadResult } from './load';

/** What the atlas worker answers. */
export type AtlasReply = { ok: true; result: LoadResult } | { ok: false; reason: string };

/** Loads an atlas: read, parse and check in a worker, and hand back the result. */
export type AtlasLoader = (source: AtlasSource) => Promise<LoadResult>;

/** Loads and checks an atlas in a worker (`atlas.worker.ts`); rejects with the reason when it cannot. */
export const loadAtlasInWorker: AtlasLoader = (source) => {
  const worker = new Worker(new URL('./atlas.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<LoadResult>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<AtlasReply>) => {
      if (e.data.ok) resolve(e.data.result);
      else reject(new Error(e.data.reason));
    };
    worker.onerror = (e) => {
      reject(new Error(e.message || 'the atlas could not be loaded'));
    };
    worker.postMessage(source);
  }).finally(() => worker.terminate()); // one answer per worker, whichever it is
};
