/// <reference lib="webworker" />
/**
 * Loads and checks an atlas off the page's thread: the page starts without valibot and the
 * validators, and a large atlas never freezes it. Reports progress, and hands the features
 * over in pieces as the import worker does.
 */
import { readerOf, type AtlasSource } from './atlas-source';
import { loadAtlas } from './load';
import type { AtlasReply } from './atlas-client';
import { sendInPieces } from './pieces';

const post = (msg: AtlasReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);

self.onmessage = async (e: MessageEvent<AtlasSource>) => {
  try {
    const result = await loadAtlas(readerOf(e.data), (phase, done, total) => post({ type: 'progress', phase, done, total }));
    const { features, sources } = result.atlas;
    sendInPieces(
      features,
      sources,
      (piece, prepared) => post({ type: 'features', features: piece, prepared }),
      (sent) => post({ type: 'progress', phase: 'sending', done: sent, total: features.length }),
    );
    post({ type: 'done', result: { ...result, atlas: { ...result.atlas, features: [] } } });
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
