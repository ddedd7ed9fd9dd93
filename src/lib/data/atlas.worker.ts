/// <reference lib="webworker" />
/**
 * Loads and checks an atlas off the page's thread: the page starts without valibot and the
 * validators, and a large atlas never freezes it.
 */
import { readerOf, type AtlasSource } from './atlas-source';
import { loadAtlas } from './load';
import type { AtlasReply } from './atlas-client';
import { prepareAll } from '../state/prepared';

const post = (msg: AtlasReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);

self.onmessage = async (e: MessageEvent<AtlasSource>) => {
  try {
    const result = await loadAtlas(readerOf(e.data));
    post({ ok: true, result: { ...result, prepared: prepareAll(result.atlas.features, result.atlas.sources) } });
  } catch (err) {
    post({ ok: false, reason: (err as Error).message });
  }
};
