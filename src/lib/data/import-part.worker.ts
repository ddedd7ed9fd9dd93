/// <reference lib="webworker" />
/**
 * The second worker of a large import: parses and checks the second half of an export's
 * features beside the first worker (see `import-parts.ts`), and sends each checked chunk's
 * features to the page itself, as a piece of one layer, so that they are never copied twice.
 */
import type { ImportReply } from './import-client';
import { checkAndSend, readPart, summarise, type PartRead, type ToFirst, type ToSecond } from './import-parts';
import { readText } from './read-file';
import { PieceSender, postReply, writeAsked, type WriteRequest } from './send-pieces';
import { secondPartText } from './split-export';

const post: (msg: ImportReply) => void = postReply;
const asked = writeAsked(self);

/**
 * Reads and parses the second half's features, reporting progress as the second part's;
 * null when they cannot be read or do not parse as one list (not cut between two features
 * after all): the first worker then reads the file whole, and says what is wrong with it.
 */
async function readFeatures(bytes: Blob): Promise<unknown[] | null> {
  try {
    const text = await readText(bytes, (done) => post({ type: 'progress', phase: 'reading', done, total: bytes.size, part: 1 }));
    const list: unknown = JSON.parse(secondPartText(text));
    return Array.isArray(list) ? list : null;
  } catch {
    return null;
  }
}

self.onmessage = (e: MessageEvent<{ port: MessagePort } | WriteRequest>) => {
  if ('type' in e.data) return; // heard by `asked`
  const line = e.data.port;
  const tell = (msg: ToFirst) => line.postMessage(msg);
  let file = '';
  // The second half's features, once read and parsed; null when they are not one JSON array.
  let features: Promise<unknown[] | null> = Promise.resolve(null);
  let part: PartRead | null = null;
  line.onmessage = async (m: MessageEvent<ToSecond>) => {
    const msg = m.data;
    try {
      if (msg.type === 'part') {
        file = msg.file;
        features = readFeatures(msg.bytes);
      } else if (msg.type === 'offset') {
        const list = await features;
        part = list ? readPart(file, JSON.parse(msg.head), list, msg.offset) : null;
        tell({ type: 'read', part: part && { ids: part.ids, layerIds: part.layerIds } });
      } else if (msg.type === 'check' && part) {
        const sender = new PieceSender();
        const checked = checkAndSend(file, part, msg.order, { first: true, ids: msg.ids }, 1, sender, post);
        tell({ type: 'checked', summary: summarise(part, checked) });
        post({ type: 'part-done' });
        // The page has this part's features: their export texts follow, unless the page stops this worker first.
        await sender.sendTexts(asked, post, 1);
      } else if (msg.type === 'stop') close();
    } catch (err) {
      post({ type: 'failed', reason: (err as Error).message });
    }
  };
};
