/// <reference lib="webworker" />
/**
 * The second worker of a large import: scans and checks the second half of an export's
 * features beside the first worker (see `import-parts.ts`), and sends each checked slice's
 * features to the page itself, as pieces of their layers, so that they are never copied twice.
 */
import type { ImportReply } from './import-client';
import { checkAndSend, openHead, scanPart, type PartScan, type ToFirst, type ToSecond } from './import-parts';
import { readText } from './read-file';
import { PieceSender, postReply, writeAsked, type WriteRequest } from './send-pieces';
import { secondPartText } from './split-export';

const post: (msg: ImportReply) => void = postReply;
const asked = writeAsked(self);

/**
 * Reads and scans the second half's features, reporting progress as the second part's;
 * null when they cannot be read or do not parse as slices of one list (not cut between two
 * features after all): the first worker then reads the file whole, and says what is wrong with it.
 */
async function scanFeatures(bytes: Blob): Promise<PartScan | null> {
  try {
    const text = await readText(bytes, (done) => post({ type: 'progress', phase: 'reading', done, total: bytes.size, part: 1 }));
    return scanPart(secondPartText(text), undefined, (done, total) => post({ type: 'progress', phase: 'parsing', done, total, part: 1 }));
  } catch {
    return null;
  }
}

self.onmessage = (e: MessageEvent<{ port: MessagePort } | WriteRequest>) => {
  if ('type' in e.data) return; // heard by `asked`
  const line = e.data.port;
  const tell = (msg: ToFirst) => line.postMessage(msg);
  let file = '';
  // The second half's scan, once read; null when it cannot be read on its own.
  let scan: Promise<PartScan | null> = Promise.resolve(null);
  let part: { scan: PartScan; offset: number; opened: NonNullable<ReturnType<typeof openHead>> } | null = null;
  line.onmessage = async (m: MessageEvent<ToSecond>) => {
    const msg = m.data;
    try {
      if (msg.type === 'part') {
        file = msg.file;
        scan = scanFeatures(msg.bytes);
      } else if (msg.type === 'offset') {
        const scanned = await scan;
        const opened = openHead(file, JSON.parse(msg.head));
        part = scanned && opened ? { scan: scanned, offset: msg.offset, opened } : null;
        tell({ type: 'read', part: part && { ids: part.scan.ids, layerIds: part.scan.layerIds } });
      } else if (msg.type === 'check' && part) {
        const sender = new PieceSender();
        const { scan: mine, offset, opened } = part;
        const summary = checkAndSend(file, mine, offset, opened.head, opened.catalogue, msg.order, 1, sender, post);
        tell({ type: 'checked', summary });
        post({ type: 'part-done' });
        // The page has this part's features: their export texts follow, unless the page stops this worker first.
        await sender.sendTexts(asked, post, 1);
      } else if (msg.type === 'stop') close();
    } catch (err) {
      post({ type: 'failed', reason: (err as Error).message });
    }
  };
};
