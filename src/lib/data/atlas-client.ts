import type { PreparedColumns } from '../state/prepared';
import type { AtlasSource } from './atlas-source';
import type { LoadResult } from './load';
import { JointProgress, Pieces, type LoadPhase, type WirePrepared } from './pieces';
import type { WriteRequest, WrittenReply } from './send-pieces';
import { attachWritten, HYDRATE_LIMIT, later, sendingTexts, WRITE_LATEST_MS, type WireFeatures } from './stored-feature';
import type { EventFeature } from './schema';

/**
 * What the atlas worker and its helpers say: how far they got, a piece of the features, the
 * rest of the result (the atlas worker), that all their pieces are sent (a helper; `idle`,
 * one with no share of the files), or why they failed. `part` 1 marks a helper's progress
 * and pieces.
 */
export type AtlasReply =
  | { type: 'progress'; phase: LoadPhase; done: number; total: number; part?: 1 }
  | { type: 'features'; features: WireFeatures; prepared: WirePrepared; seq: number; part?: 1 }
  /** The result, its feature list left empty: the pieces sent before fill it. */
  | { type: 'done'; result: LoadResult }
  | { type: 'part-done'; idle?: true }
  /** After the load: the export texts of the pieces, then that all have been sent (see `send-pieces.ts`). */
  | WrittenReply
  | { type: 'failed'; reason: string };

/** What the page asks the atlas worker: the atlas to load, and the lines to its helpers. */
export interface AtlasRequest {
  source: AtlasSource;
  lines?: MessagePort[];
}

/**
 * Helpers started beside the atlas worker: two where the machine has two cores or more, so
 * that an atlas of three layer files is read in three parts (see `partPlan` in
 * `atlas-parts.ts`, which the page does not load: it brings the validators); the atlas
 * worker tells a helper the plan leaves out that there is nothing for it.
 */
const helperCount = (): number => ((globalThis.navigator?.hardwareConcurrency ?? 1) >= 2 ? 2 : 0);

/** Hears how far a load got: a phase, and how much of it is done. */
export type OnLoadProgress = (phase: LoadPhase, done: number, total: number) => void;

/** Loads an atlas: read, parse and check in a worker, and hand back the result; `signal` stops it (a newer atlas was asked for). */
export type AtlasLoader = (source: AtlasSource, onProgress?: OnLoadProgress, signal?: AbortSignal) => Promise<LoadResult>;

/**
 * Loads and checks an atlas in workers (`atlas.worker.ts`, and `atlas-part.worker.ts` for
 * the first layer files; see `atlas-parts.ts`); rejects with the reason when it cannot. The
 * features are the helpers' pieces in order, then the atlas worker's. After the result, the
 * workers go on, one at a time, to send the features' export texts, and stop once they have
 * (or when a newer atlas is asked for); not for an atlas of more than `HYDRATE_LIMIT`
 * features, whose texts would not be kept.
 */
export const loadAtlasInWorker: AtlasLoader = (source, onProgress, signal) => {
  const worker = new Worker(new URL('./atlas.worker.ts', import.meta.url), { type: 'module' });
  const helpers = Array.from({ length: helperCount() }, () => new Worker(new URL('./atlas-part.worker.ts', import.meta.url), { type: 'module' }));
  /** In the parts' order: the helpers, then the atlas worker. */
  const workers = [...helpers, worker];
  /** By worker: the pieces, and each piece's features until its export texts come. */
  const pieces = workers.map(() => new Pieces());
  const made: EventFeature[][][] = workers.map(() => []);
  /** Helpers with no share of the files: they have closed, and write nothing. */
  const idle = new Set<Worker>();
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
  const loading = new Promise<LoadResult>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new Error('a newer atlas was asked for')), { once: true });
    let result: LoadResult | null = null;
    let helpersDone = 0;
    const fail = (reason: string) => {
      reject(new Error(reason));
      stop();
    };
    /** The workers that write export texts, in the order they write them. */
    const writers = () => workers.filter((w) => !idle.has(w));
    const finish = () => {
      if (!result || helpersDone < helpers.length) return;
      const all = new Pieces();
      for (const part of pieces) all.takeAll(part);
      resolve({ ...result, atlas: { ...result.atlas, features: all.features }, prepared: all.columns() });
      // The export texts are asked for once the page has drawn the atlas (before, they would compete with that for the cores).
      if (all.features.length > HYDRATE_LIMIT) stop();
      // One worker writes at a time (the next when the one before has sent its texts): two side by side held about 90 MB more at the tab's highest.
      else {
        sent = sendingTexts();
        void holdsLoaded.then((holds) => {
          if (over || !holds) return;
          const releases = writers().map((w) => holds.writerHolds.add(w));
          released = () => releases.forEach((release) => release());
        });
        later(() => writers()[0].postMessage({ type: 'write' } satisfies WriteRequest), WRITE_LATEST_MS);
      }
    };
    workers.forEach((w, who) => {
      w.onmessage = (e: MessageEvent<AtlasReply>) => {
        const msg = e.data;
        // The atlas worker leads the bar, as part 0 of the joint progress; the helpers add to it.
        if (msg.type === 'progress') progress.hear(w === worker ? 0 : who + 1, msg.phase, msg.done, msg.total);
        else if (msg.type === 'features') made[who][msg.seq] = pieces[who].add(msg.features, msg.prepared);
        else if (msg.type === 'done') {
          result = msg.result;
          finish();
        } else if (msg.type === 'part-done') {
          if (msg.idle) idle.add(w);
          helpersDone++;
          finish();
        } else if (msg.type === 'written') attachWritten(made[who][msg.seq] ?? [], msg.written);
        else if (msg.type === 'written-done') {
          w.terminate();
          if (w === worker) {
            over = true;
            sent();
            released();
          }
          const order = writers();
          order[order.indexOf(w) + 1]?.postMessage({ type: 'write' } satisfies WriteRequest);
        }
        else fail(msg.reason);
      };
      w.onerror = (e) => fail(e.message || 'the atlas could not be loaded');
    });
    const lines = helpers.map(() => new MessageChannel());
    worker.postMessage({ source, lines: lines.map((l) => l.port1) } satisfies AtlasRequest, lines.map((l) => l.port1));
    helpers.forEach((h, i) => h.postMessage({ source, line: lines[i].port2 }, [lines[i].port2]));
  });
  void holdsLoaded.then((holds) => holds?.holdForLoad(loading));
  return loading;
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
