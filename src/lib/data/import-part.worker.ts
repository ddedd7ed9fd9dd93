/// <reference lib="webworker" />
/**
 * The second worker of a large import: reads and checks the second half of an export's
 * features beside the first worker (see `import-parts.ts`), and sends each checked slice's
 * features to the page itself, as pieces of their layers, so that they are never copied twice.
 */
import type { ImportReply } from './import-client';
import { checkAndSend, openHead, type PartChecked, type ToFirst, type ToSecond } from './import-parts';
import { readPart } from './read-file';
import { PieceSender, postReply, titlesOf, type ToWriter } from './send-pieces';
import { WriteGate } from './writer-holds';
import { secondPartBody } from './split-export';

const post: (msg: ImportReply) => void = postReply;
/** What the page says about the export texts: when to write them, and when to hold. */
const gate = new WriteGate(self);

/** The second half as read: its text and its bytes (see `readPart`); null when its bytes cannot be read. */
type Read = Awaited<ReturnType<typeof readPart>> | null;

/** The second half, while it waits to be checked: kept here rather than in a promise, so that it can be let go. */
const half: { read: Read } = { read: null };

/** Reads the second half's features into `half`, reporting progress as the second part's. */
async function readFeatures(bytes: Blob): Promise<void> {
  try {
    half.read = await readPart(bytes, (done) => post({ type: 'progress', phase: 'reading', done, total: bytes.size, part: 1 }));
  } catch {
    half.read = null;
  }
}

/**
 * Checks the second half once read, sending its features to the page. A function of its
 * own, taking the half from `half`, so that its text is garbage once this returns (the
 * export texts are then written from the file's bytes, see `part-bytes.ts`).
 */
async function checkSecondPart(file: string, reading: Promise<void>, msg: { offset: number; head: string }, sender: PieceSender): Promise<PartChecked | null> {
  await reading;
  const read = half.read;
  half.read = null;
  const opened = openHead(file, JSON.parse(msg.head));
  // Null when this half does not read on its own (not cut between two features after all): the first worker then reads the file whole, and says what is wrong with it.
  return read !== null && opened ? checkAndSend(file, read.text, secondPartBody(read.text), msg.offset, opened.head, opened.catalogue, 1, sender, post, read.bytes) : null;
}

self.onmessage = (e: MessageEvent<{ port: MessagePort } | ToWriter>) => {
  if ('type' in e.data) return; // heard by `gate`
  const line = e.data.port;
  const tell = (msg: ToFirst) => line.postMessage(msg);
  let file = '';
  let reading = Promise.resolve();
  line.onmessage = async (m: MessageEvent<ToSecond>) => {
    const msg = m.data;
    try {
      if (msg.type === 'part') {
        file = msg.file;
        reading = readFeatures(msg.bytes);
      } else if (msg.type === 'offset') {
        const sender = new PieceSender();
        const summary = await checkSecondPart(file, reading, msg, sender);
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
