/// <reference lib="webworker" />
/**
 * Writes the export texts of a large export read in two parts, in place of the two workers
 * that read it, which the page stops as soon as the load is over (see `write-plan.ts`):
 * makes each part's pieces again from the file's bytes, as the plans say, and posts their
 * texts as those workers would have, part by part, holding while the page asks it to.
 */
import { openHead } from './import-parts';
import { writtenPiece, type WrittenReply } from './send-pieces';
import { WriteGate } from './writer-holds';
import { PlannedPart, type PartPlan } from './write-plan';

/** What the page gives the writer: the file's name, both parts' plans, in order, and the layers' titles by id. */
export interface WriterTask {
  name: string;
  parts: PartPlan[];
  titles: [string, string][];
}

/** What the writer posts: the parts' texts, or why it stopped. */
export type WriterReply = WrittenReply | { type: 'failed'; reason: string };

const post = (msg: WriterReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);
/** What the page says about the export texts: when to write them, and when to hold. */
const gate = new WriteGate(self);

self.onmessage = async (e: MessageEvent<WriterTask | { type: string }>) => {
  if ('type' in e.data) return; // heard by `gate`
  const { name, parts, titles } = e.data;
  try {
    await gate.asked;
    const titled = new Map(titles);
    for (const plan of parts) {
      const opened = openHead(name, JSON.parse(plan.head));
      if (opened) {
        const part = new PlannedPart(name, opened.head, plan);
        for (let seq = 0; seq < plan.pieces.length; seq++) {
          const features = await part.piece(seq);
          // A piece that cannot be made again goes without texts: the page writes its features itself when exporting them.
          if (features) post({ type: 'written', seq, written: await writtenPiece(features, opened.catalogue.byId, titled, () => gate.pass()), part: plan.part });
        }
      }
      post({ type: 'written-done', part: plan.part });
    }
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
