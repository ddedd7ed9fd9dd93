import type { PreparedColumns } from '../state/prepared';
import type { AtlasSource } from './atlas-source';
import type { LoadResult } from './load';
import { JointProgress, Pieces, type LoadPhase, type WirePrepared } from './pieces';
import type { WriteRequest, WrittenReply } from './send-pieces';
import { attachWritten, HYDRATE_LIMIT, later, sendingTexts, WRITE_LATEST_MS, type WireFeatures } from './stored-feature';
import type { EventFeature } from './schema';

/**
 * What the atlas worker and its helper say: how far they got, a piece of the features, the
 * rest of the result (the atlas worker), that all their pieces are sent (the helper), or
 * why they failed. `part` 1 marks the helper's progress and pieces.
 */
export type AtlasReply =
  | { type: 'progress'; phase: LoadPhase; done: number; total: number; part?: 1 }
  | { type: 'features'; features: WireFeatures; prepared: WirePrepared; seq: number; part?: 1 }
  /** The result, its feature list left empty: the pieces sent before fill it. */
  | { type: 'done'; result: LoadResult }
  | { type: 'part-done' }
  /** After the load: the export texts of the pieces, then that all have been sent (see `send-pieces.ts`). */
  | WrittenReply
  | { type: 'failed'; reason: string };

/** What the page asks the atlas worker: the atlas to load, and the line to its helper when there is one. */
export interface AtlasRequest {
  source: AtlasSource;
  line?: MessagePort;
}

/** Hears how far a load got: a phase, and how much of it is done. */
export type OnLoadProgress = (phase: LoadPhase, done: number, total: number) => void;

/** Loads an atlas: read, parse and check in a worker, and hand back the result; `signal` stops it (a newer atlas was asked for). */
export type AtlasLoader = (source: AtlasSource, onProgress?: OnLoadProgress, signal?: AbortSignal) => Promise<LoadResult>;

/**
 * Loads and checks an atlas in two workers (`atlas.worker.ts`, and `atlas-part.worker.ts`
 * for the first half of its layer files; see `atlas-parts.ts`); rejects with the reason when
 * it cannot. The features are the helper's pieces, then the atlas worker's. After the
 * result, both go on to send the features' export texts, and stop once they have (or when
 * a newer atlas is asked for); not for an atlas of more than `HYDRATE_LIMIT` features,
 * whose texts would not be kept.
 */
export const loadAtlasInWorker: AtlasLoader = (source, onProgress, signal) => {
  const worker = new Worker(new URL('./atlas.worker.ts', import.meta.url), { type: 'module' });
  const helper = new Worker(new URL('./atlas-part.worker.ts', import.meta.url), { type: 'module' });
  const workers = [helper, worker] as const;
  /** By worker (0 the helper, 1 the atlas worker): the pieces, and each piece's features until its export texts come. */
  const pieces = [new Pieces(), new Pieces()];
  const made: EventFeature[][][] = [[], []];
  const progress = new JointProgress(onProgress ?? (() => {}));
  // Loaded with the load, not with the page (the atlas built in never gets here), so that it hears the reader from the start:
  // a writer added while someone types holds at once (see `WriterHolds.add`).
  const holdsLoaded = import('./writer-holds').catch(() => null);
  /** Ends the count of workers sending export texts, once they go on to send them (see `sendingTexts`). */
  let sent = () => {};
  /** Ends the holds sent to the workers while the reader acts (see `writer-holds.ts`). */
  let released = () => {};
  /** Set once the workers are stopped or have sent their texts: no holds are taken on after that. */
  let over = false;
  const stop = () => {
    over = true;
    workers.forEach((w) => w.terminate());
    sent();
    released();
  };
  // A large atlas keeps the cores busy for seconds: a load nobody waits for any more is stopped.
  signal?.addEventListener('abort', stop, { once: true });
  return new Promise<LoadResult>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new Error('a newer atlas was asked for')), { once: true });
    let result: LoadResult | null = null;
    let helperDone = false;
    const fail = (reason: string) => {
      reject(new Error(reason));
      stop();
    };
    const finish = () => {
      if (!result || !helperDone) return;
      const all = new Pieces();
      for (const part of pieces) all.takeAll(part);
      resolve({ ...result, atlas: { ...result.atlas, features: all.features }, prepared: all.columns() });
      // The export texts are asked for once the page has drawn the atlas (before, they would compete with that for the cores).
      if (all.features.length > HYDRATE_LIMIT) stop();
      // One worker writes at a time (the next when the one before has sent its texts): the two side by side held about 90 MB more at the tab's highest.
      else {
        sent = sendingTexts();
        void holdsLoaded.then((holds) => {
          if (over || !holds) return;
          const releases = workers.map((w) => holds.writerHolds.add(w));
          released = () => releases.forEach((release) => release());
        });
        later(() => workers[0].postMessage({ type: 'write' } satisfies WriteRequest), WRITE_LATEST_MS);
      }
    };
    workers.forEach((w, who) => {
      w.onmessage = (e: MessageEvent<AtlasReply>) => {
        const msg = e.data;
        // The atlas worker (1) leads the bar, as part 0 of the joint progress; the helper (0) adds to it.
        if (msg.type === 'progress') progress.hear(who === 1 ? 0 : 1, msg.phase, msg.done, msg.total);
        else if (msg.type === 'features') made[who][msg.seq] = pieces[who].add(msg.features, msg.prepared);
        else if (msg.type === 'done') {
          result = msg.result;
          finish();
        } else if (msg.type === 'part-done') {
          helperDone = true;
          finish();
        } else if (msg.type === 'written') attachWritten(made[who][msg.seq] ?? [], msg.written);
        else if (msg.type === 'written-done') {
          w.terminate();
          if (who === 1) {
            over = true;
            sent();
            released();
          }
          workers[who + 1]?.postMessage({ type: 'write' } satisfies WriteRequest);
        }
        else fail(msg.reason);
      };
      w.onerror = (e) => fail(e.message || 'the atlas could not be loaded');
    });
    const line = new MessageChannel();
    worker.postMessage({ source, line: line.port1 } satisfies AtlasRequest, [line.port1]);
    helper.postMessage({ source, line: line.port2 }, [line.port2]);
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
