/// <reference lib="webworker" />
/**
 * The second worker of a large import: reads and checks the second half of an export's
 * features beside the first worker (see `import-parts.ts`), and sends each checked slice's
 * features to the page itself, as pieces of their layers, so that they are never copied twice.
 */
import type { ImportReply } from './import-client';
import { checkAndSend, openHead, type ToFirst, type ToSecond } from './import-parts';
import { readUtf8 } from './read-file';
import { PieceSender, postReply, titlesOf, type ToWriter } from './send-pieces';
import { WriteGate } from './writer-holds';
import { secondPartBody } from './split-export';
import { answerPlans, type SentPart } from './write-plan';

const post: (msg: ImportReply) => void = postReply;
/** What the page says about the export texts: when to write them, and when to hold. */
const gate = new WriteGate(self);
/** How this worker's half is made again from the file (see `write-plan.ts`). */
let planned: () => SentPart | null = () => null;
answerPlans(self, post, () => planned());

/** The text of the second half's features, reporting progress as the second part's; null when its bytes cannot be read, or are not UTF-8. */
async function readFeatures(bytes: Blob): Promise<string | null> {
  try {
    return await readUtf8(bytes, (done) => post({ type: 'progress', phase: 'reading', done, total: bytes.size, part: 1 }));
  } catch {
    return null;
  }
}

self.onmessage = (e: MessageEvent<{ port: MessagePort } | ToWriter>) => {
  if ('type' in e.data) return; // heard by `gate`
  const line = e.data.port;
  const tell = (msg: ToFirst) => line.postMessage(msg);
  let file = '';
  let part: Blob | null = null;
  let text: Promise<string | null> = Promise.resolve(null);
  line.onmessage = async (m: MessageEvent<ToSecond>) => {
    const msg = m.data;
    try {
      if (msg.type === 'part') {
        file = msg.file;
        part = msg.bytes;
        text = readFeatures(msg.bytes);
      } else if (msg.type === 'offset') {
        const features = await text;
        const opened = openHead(file, JSON.parse(msg.head));
        const sender = new PieceSender();
        let slices: readonly [number, number][] = [];
        // Null when this half does not read on its own (not cut between two features after all): the first worker then reads the file whole, and says what is wrong with it.
        const summary = features !== null && opened ? checkAndSend(file, features, secondPartBody(features), msg.offset, opened.head, opened.catalogue, 1, sender, post, (ranges) => (slices = ranges)) : null;
        if (summary && features !== null) planned = () => ({ part: 1, head: msg.head, bytes: part!, text: features, slices, pieces: sender.plans() });
        tell({ type: 'checked', summary });
        post({ type: 'part-done' });
        // The page has this part's features: their export texts follow, unless the page stops this worker first.
        if (summary) await sender.sendTexts(gate, post, 1, titlesOf(summary.layers));
      } else if (msg.type === 'stop') close();
    } catch (err) {
      post({ type: 'failed', reason: (err as Error).message });
    }
  };
};
