/// <reference lib="webworker" />
/**
 * The second worker of a large import: parses and checks the second half of an export's
 * features beside the first worker (see `import-parts.ts`), then sends its checked features
 * to the page itself, each piece of one layer, so that they are never copied twice.
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
        let checkedSoFar = 0;
        const checked = checkPart(file, part, msg.order, { first: true, ids: msg.ids }, (n) => post({ type: 'progress', phase: 'checking', done: (checkedSoFar += n), total, part: 1 }));
        tell({ type: 'checked', summary: summarise(part, checked) });
        const sources = new Map(part.catalogue.sources.map((s) => [s.id, s]));
        const kept = [...checked.values()].reduce((n, c) => n + c.features.length, 0);
        let sent = 0;
        for (const layer of msg.order) {
          const list = checked.get(layer)?.features ?? [];
          sendInPieces(
            list,
            sources,
            (json, prepared) => post({ type: 'features', outcome: 0, json, prepared, layer, part: 1 }),
            (n) => post({ type: 'progress', phase: 'sending', done: sent + n, total: kept, part: 1 }),
          );
          sent += list.length;
        }
        post({ type: 'part-done' });
        close();
      } else if (msg.type === 'stop') close();
    } catch (err) {
      post({ type: 'failed', reason: (err as Error).message });
    }
  };
};
