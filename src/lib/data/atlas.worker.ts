/// <reference lib="webworker" />
/**
 * Loads and checks an atlas off the page's thread: the page starts without valibot and the
 * validators, and a large atlas never freezes it. Reports progress, and hands the features
 * over in pieces as the import worker does.
 */
import { readerOf, type AtlasSource } from './atlas-source';
import { loadAtlas } from './load';
import type { AtlasReply } from './atlas-client';
import { PieceSender, postReply, writeAsked, type WriteRequest } from './send-pieces';

const post: (msg: AtlasReply) => void = postReply;
const asked = writeAsked(self);

self.onmessage = async (e: MessageEvent<AtlasSource | WriteRequest>) => {
  if ('type' in e.data) return; // heard by `asked`
  try {
    const result = await loadAtlas(readerOf(e.data), (phase, done, total) => post({ type: 'progress', phase, done, total }));
    const { features, sources } = result.atlas;
    const sender = new PieceSender();
    sender.send(
      features,
      sources,
      (piece, prepared, seq) => post({ type: 'features', features: piece, prepared, seq }),
      (sent) => post({ type: 'progress', phase: 'sending', done: sent, total: features.length }),
    );
    post({ type: 'done', result: { ...result, atlas: { ...result.atlas, features: [] } } });
    // The page has the features: their export texts follow, unless the page stops this worker first.
    await sender.sendTexts(asked, post);
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
