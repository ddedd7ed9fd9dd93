/// <reference lib="webworker" />
/**
 * Reads, parses and validates an imported file off the main thread, so a large file never
 * freezes the page. Reports progress; the page ends the worker to cancel.
 */
import { prepareAll } from '../state/prepared';
import { encodingOf, importExport, parseJsonText } from './import';
import type { ImportReply, ImportRequest } from './import-client';

const post = (msg: ImportReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);

/** Reads the file in pieces, so progress can be shown while the bytes arrive. */
async function readText(file: File): Promise<string> {
  const reader = file.stream().getReader();
  // The first piece says the encoding (a UTF-16 file starts with its byte order mark).
  let decoder: TextDecoder | null = null;
  const parts: string[] = [];
  let done = 0;
  let last = 0;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    decoder ??= new TextDecoder(encodingOf(value));
    parts.push(decoder.decode(value, { stream: true }));
    done += value.byteLength;
    if (done - last > 4_000_000) {
      last = done;
      post({ type: 'progress', phase: 'reading', done, total: file.size });
    }
  }
  if (decoder) parts.push(decoder.decode());
  return parts.join('');
}

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const { file, name } = e.data;
  try {
    const text = await readText(file);
    post({ type: 'progress', phase: 'parsing', done: 0, total: 1 });
    const parsed = parseJsonText(text);
    if ('reason' in parsed) {
      post({ type: 'not-json', reason: parsed.reason });
      return;
    }
    const { atlas, problems } = importExport(name, parsed.json, (done, total) => post({ type: 'progress', phase: 'checking', done, total }));
    // The search text and time spans are worked out here too, so the page only copies them into its index.
    post({ type: 'done', atlas, problems, prepared: prepareAll(atlas.features, atlas.sources) });
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
