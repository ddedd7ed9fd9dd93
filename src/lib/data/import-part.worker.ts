/// <reference lib="webworker" />
/**
 * The second worker of a large import: parses and checks the second half of an export's
 * features beside the first worker (see `import-parts.ts`), and sends each checked chunk's
 * features to the page itself, as a piece of one layer, so that they are never copied twice.
 */
import type { ImportReply } from './import-client';
import { checkAndSend, readPart, summarise, type PartRead, type ToFirst, type ToSecond } from './import-parts';
import { PieceSender, postReply, writeAsked, type WriteRequest } from './send-pieces';

const post: (msg: ImportReply) => void = postReply;
const asked = writeAsked(self);

self.onmessage = (e: MessageEvent<{ port: MessagePort } | WriteRequest>) => {
  if ('type' in e.data) return; // heard by `asked`
  const line = e.data.port;
  const tell = (msg: ToFirst) => line.postMessage(msg);
  let file = '';
  let head: unknown;
  let features: unknown[] | null = null;
  let part: PartRead | null = null;
  line.onmessage = async (m: MessageEvent<ToSecond>) => {
    const msg = m.data;
    try {
      if (msg.type === 'part') {
        file = msg.file;
        try {
          head = JSON.parse(msg.head);
          const list: unknown = JSON.parse(msg.features);
          features = Array.isArray(list) ? list : null;
        } catch {
          features = null; // not cut between two features after all: the first worker reads the file whole
        }
      } else if (msg.type === 'offset') {
        part = features ? readPart(file, head, features, msg.offset) : null;
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
