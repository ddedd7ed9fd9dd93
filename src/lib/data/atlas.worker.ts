/// <reference lib="webworker" />
/**
 * Loads and checks an atlas off the page's thread: the page starts without valibot and the
 * validators, and a large atlas never freezes it.
 */
import { readerOf, type AtlasSource } from './atlas-source';
import { loadAtlas } from './load';
import type { AtlasReply } from './atlas-client';

const post = (msg: AtlasReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);

self.onmessage = async (e: MessageEvent<AtlasSource>) => {
  try {
    post({ ok: true, result: await loadAtlas(readerOf(e.data)) });
  } catch (err) {
    post({ ok: false, reason: (err as Error).message });
  }
};
