/// <reference lib="webworker" />
/**
 * Reads, recognises, converts and validates imported files off the main thread, so a large
 * file never freezes the page. Reports progress; the page ends the worker to cancel.
 */
import { APP_EXPORT_FORMAT, convertInputs, isAppExport } from './formats/convert';
import { timemapKind } from './formats/timemap';
import type { InputFile } from './formats/types';
import type { ImportReply, ImportRequest } from './import-client';
import { checkAndSend, countFeatures, firstHalfReads, halvesStand, joinParts, layerOrder, openHead, type ToFirst, type ToSecond } from './import-parts';
import { PieceSender, postReply, titlesOf, type ToWriter } from './send-pieces';
import { WriteGate } from './writer-holds';
import { readText, readUtf8 } from './read-file';
import { cutExportBytes, firstPartBody } from './split-export';
import { Answers } from './line';
import { answerPlans, type SentPart } from './write-plan';

const post: (msg: ImportReply) => void = postReply;

/**
 * Reads one large export as two halves, this worker the first and the second worker the
 * other, side by side on two cores, each reading its own bytes of the file, with the same
 * result as reading it whole (see `import-parts.ts`). False when the file cannot be read
 * that way, having told the page to drop any pieces already sent; the caller then reads it
 * whole.
 */
async function readInParts(file: File, line: MessagePort): Promise<boolean> {
  const cut = await cutExportBytes(file);
  if (!cut) return false;
  const answers = new Answers<ToFirst>(line, 'the second import worker');
  const tell = (msg: ToSecond) => line.postMessage(msg);
  // The second worker reads its half while this one reads the first.
  tell({ type: 'part', file: file.name, bytes: file.slice(cut.second, cut.end) });
  const text = await readUtf8(file.slice(0, cut.first), (done) => post({ type: 'progress', phase: 'reading', done, total: cut.first }));
  if (text === null) return false;
  const split = firstPartBody(text);
  if (!split) return false;
  let head: unknown;
  try {
    head = JSON.parse(split.head);
  } catch {
    return false;
  }
  // Only what the whole file would be read as (see convertInputs): the app's export, not a TimeMap file.
  if (!isAppExport(head) || timemapKind(head) !== undefined) return false;
  const opened = openHead(file.name, head);
  if (!opened) return false;
  const offset = countFeatures(text, split.body);
  tell({ type: 'offset', offset, head: split.head });
  const sender = new PieceSender();
  let slices: readonly [number, number][] = [];
  const mine = checkAndSend(file.name, text, split.body, 0, opened.head, opened.catalogue, 0, sender, post, (ranges) => (slices = ranges));
  // A first half that does not read on its own (a file broken there) needs nothing of the second: the page stops it at once.
  const theirs = firstHalfReads(mine, offset) ? (await answers.next('checked')).summary : null;
  if (!firstHalfReads(mine, offset) || !halvesStand(mine, theirs)) {
    post({ type: 'restart' });
    return false;
  }
  const order = layerOrder(
    mine.layers.map((l) => l.id),
    theirs.layers.map((l) => l.id),
  );
  const { atlas, problems } = joinParts(file.name, opened.head, opened.catalogue, mine, theirs, order);
  post({ type: 'done', outcomes: [{ kind: 'added', file: file.name, format: APP_EXPORT_FORMAT, atlas, problems }], split: { outcome: 0, order } });
  planned = () => ({ part: 0, head: split.head, bytes: file.slice(0, cut.first), text, slices, pieces: sender.plans() });
  await sender.sendTexts(gate, post, undefined, titlesOf(atlas.layers));
  return true;
}

/** What the page says about the export texts: when to write them, and when to hold. */
const gate = new WriteGate(self);
/** How the part this worker read is made again from the file, once it is read in two parts (see `write-plan.ts`). */
let planned: () => SentPart | null = () => null;
answerPlans(self, post, () => planned());

self.onmessage = async (e: MessageEvent<ImportRequest | ToWriter>) => {
  if ('type' in e.data) return; // heard by `gate`
  const { files, mappings, port, loaded } = e.data;
  try {
    if (port) {
      if (files.length === 1 && (await readInParts(files[0], port))) return;
      port.postMessage({ type: 'stop' } satisfies ToSecond);
      // The second worker's reading no longer counts: the bar follows this worker's reading of the whole file.
      post({ type: 'progress', phase: 'parsing', done: 0, total: 0, part: 1 });
    }
    const total = files.reduce((n, f) => n + f.size, 0);
    const inputs: InputFile[] = [];
    let before = 0;
    for (const file of files) {
      // An archive is kept as bytes; everything else is read as text.
      const zipped = /\.kmz$/i.test(file.name);
      const from = before;
      const read = zipped ? { text: '' } : await readText(file, (done) => post({ type: 'progress', phase: 'reading', done: from + done, total }));
      inputs.push({
        name: file.name,
        ...read,
        ...(zipped ? { bytes: new Uint8Array(await file.arrayBuffer()) } : {}),
        modified: file.lastModified,
        loaded,
      });
      before += file.size;
    }
    post({ type: 'progress', phase: 'parsing', done: 0, total: 1 });
    const outcomes = convertInputs(inputs, mappings, (phase, done, all) => post({ type: 'progress', phase, done, total: all }));
    // The features go over in pieces (see send-pieces.ts), each with its prepared columns.
    const count = outcomes.reduce((n, o) => n + (o.kind === 'added' ? o.atlas.features.length : 0), 0);
    let sentBefore = 0;
    const sender = new PieceSender();
    const light = outcomes.map((o, k) => {
      if (o.kind !== 'added') return o;
      sender.send(
        o.atlas.features,
        o.atlas,
        (piece, prepared, seq) => post({ type: 'features', outcome: k, features: piece, prepared, seq }),
        (sent) => post({ type: 'progress', phase: 'sending', done: sentBefore + sent, total: count }),
      );
      sentBefore += o.atlas.features.length;
      return { ...o, atlas: { ...o.atlas, features: [] } };
    });
    post({ type: 'done', outcomes: light });
    // The page has the features: their export texts follow, unless the page stops this worker first.
    // Titled by the first file that names a layer, as the page's merge titles it (where they differ, the page checks and writes the texts itself).
    const titles = titlesOf(light.flatMap((o) => (o.kind === 'added' ? o.atlas.layers : [])).reverse());
    await sender.sendTexts(gate, post, undefined, titles);
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
