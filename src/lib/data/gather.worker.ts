/// <reference lib="webworker" />
/** Gathers byte ranges of Blobs into one Blob for the page (see `gathered` in `gather.ts`). */
import { gather } from './gather';

self.onmessage = (e: MessageEvent<{ sources: Blob[]; ranges: Uint32Array }>) => {
  const post = (answer: Blob | { error: string }) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(answer);
  gather(e.data.sources, e.data.ranges).then(post, (err: unknown) => post({ error: err instanceof Error ? err.message : String(err) }));
};
