/// <reference lib="webworker" />
/**
 * The second worker of a large import: parses and checks the second half of an export's
 * features beside the first worker (see `import-parts.ts`), and sends each checked chunk's
 * features to the page itself, as a piece of one layer, so that they are never copied twice.
 */
import type { ImportReply } from './import-client';
import { checkPart, readPart, summarise, type PartRead, type ToFirst, type ToSecond } from './import-parts';
import { sendInPieces } from './pieces';

const post = (msg: ImportReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);

self.onmessage = (e: MessageEvent<{ port: MessagePort }>) => {
  const line = e.data.port;
  const tell = (msg: ToFirst) => line.postMessage(msg);
  let file = '';
  let head: unknown;
  let features: unknown[] | null = null;
  let part: PartRead | null = null;
  line.onmessage = (m: MessageEvent<ToSecond>) => {
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
        tell({ type: 'read', part: part && { ids: part.ids, layerIds: part.layerIds, count: features!.length } });
      } else if (msg.type === 'check' && part) {
        const total = features!.length;
        const sources = new Map(part.catalogue.sources.map((s) => [s.id, s]));
        let checkedSoFar = 0;
        // Each chunk's kept features go to the page as soon as they are checked (see the first worker).
        const checked = checkPart(file, part, msg.order, { first: true, ids: msg.ids }, (n, layer, kept) => {
          sendInPieces(kept, sources, (piece, prepared) => post({ type: 'features', outcome: 0, features: piece, prepared, layer, part: 1 }));
          post({ type: 'progress', phase: 'checking', done: (checkedSoFar += n), total, part: 1 });
        });
        tell({ type: 'checked', summary: summarise(part, checked) });
        post({ type: 'part-done' });
        close();
      } else if (msg.type === 'stop') close();
    } catch (err) {
      post({ type: 'failed', reason: (err as Error).message });
    }
  };
};
