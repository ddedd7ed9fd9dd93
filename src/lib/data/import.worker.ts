/// <reference lib="webworker" />
/**
 * Reads, recognises, converts and validates imported files off the main thread, so a large
 * file never freezes the page. Reports progress; the page ends the worker to cancel.
 */
import { convertInputs } from './formats/convert';
import type { InputFile } from './formats/types';
import { encodingOf } from './import';
import type { ImportReply, ImportRequest } from './import-client';
import { sendInPieces } from './pieces';

const post = (msg: ImportReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);

/**
 * Reads a file in pieces, so progress can be shown while the bytes arrive, into one buffer
 * decoded once at the end (no text per piece to join; measured no quicker than that, but
 * simpler, and a character split between two pieces needs no streaming decoder).
 */
async function readText(file: File, before: number, total: number): Promise<string> {
  const reader = file.stream().getReader();
  const bytes = new Uint8Array(file.size);
  let done = 0;
  let last = 0;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    bytes.set(value.subarray(0, bytes.length - done), done);
    done += value.byteLength;
    if (done - last > 4_000_000) {
      last = done;
      post({ type: 'progress', phase: 'reading', done: before + done, total });
    }
  }
  // The first bytes say the encoding (a UTF-16 file starts with its byte order mark).
  return new TextDecoder(encodingOf(bytes)).decode(bytes.subarray(0, Math.min(done, bytes.length)));
}

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const { files, mappings } = e.data;
  try {
    const total = files.reduce((n, f) => n + f.size, 0);
    const inputs: InputFile[] = [];
    let before = 0;
    for (const file of files) {
      // An archive is kept as bytes; everything else is read as text.
      const zipped = /\.kmz$/i.test(file.name);
      inputs.push({
        name: file.name,
        text: zipped ? '' : await readText(file, before, total),
        ...(zipped ? { bytes: new Uint8Array(await file.arrayBuffer()) } : {}),
        modified: file.lastModified,
      });
      before += file.size;
    }
    post({ type: 'progress', phase: 'parsing', done: 0, total: 1 });
    const outcomes = convertInputs(inputs, mappings, (done, all) => post({ type: 'progress', phase: 'checking', done, total: all }));
    // The features go over in pieces (see pieces.ts), each with its search texts and time spans.
    const count = outcomes.reduce((n, o) => n + (o.kind === 'added' ? o.atlas.features.length : 0), 0);
    let sentBefore = 0;
    const light = outcomes.map((o, k) => {
      if (o.kind !== 'added') return o;
      sendInPieces(
        o.atlas.features,
        o.atlas.sources,
        (features, prepared) => post({ type: 'features', outcome: k, features, prepared }),
        (sent) => post({ type: 'progress', phase: 'sending', done: sentBefore + sent, total: count }),
      );
      sentBefore += o.atlas.features.length;
      return { ...o, atlas: { ...o.atlas, features: [] } };
    });
    post({ type: 'done', outcomes: light });
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
