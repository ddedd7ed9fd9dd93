/// <reference lib="webworker" />
/**
 * Loads and checks an atlas off the page's thread: the page starts without valibot and the
 * validators, and a large atlas never freezes it. Reports progress, and hands the features
 * over in pieces as the import worker does. Given a line to a helper worker
 * (`atlas-part.worker.ts`), it hands the first half of the layer files to that worker and
 * checks the rest beside it (see `atlas-parts.ts`).
 */
import { readerOf } from './atlas-source';
import { loadFromHead, readHead, readLayerFiles, namedFromIdsOf, type LoadProgress, type LoadResult, type ReadFile } from './load';
import { EMPTY_ATLAS } from './schema-constants';
import type { AtlasReply, AtlasRequest } from './atlas-client';
import { checkOwnPart, finishParts, helperLayers, sendChecked, type ToAtlasWorker, type ToHelper } from './atlas-parts';
import { Answers } from './line';
import { PieceSender, postReply, titlesOf, type ToWriter } from './send-pieces';
import { WriteGate } from './writer-holds';
import type { Problem } from './schema';

const post: (msg: AtlasReply) => void = postReply;
/** What the page says about the export texts: when to write them, and when to hold. */
const gate = new WriteGate(self);

const progress: LoadProgress = (phase, done, total) => post({ type: 'progress', phase, done, total });

/**
 * Loads the atlas, sending its features as they are checked. With a line to the helper,
 * the helper takes the first half of the layer files, or is told there is nothing for it
 * (an atlas of one layer, or none).
 */
async function load(read: ReadFile, line: MessagePort | undefined, sender: PieceSender): Promise<LoadResult> {
  const problems: Problem[] = [];
  const head = await readHead(read, problems);
  const k = head && line ? helperLayers(head.manifest.layers.length) : 0;
  if (line && k === 0) line.postMessage({ type: 'task', task: null } satisfies ToHelper);
  if (!head) return { atlas: EMPTY_ATLAS, problems };
  if (!line || k === 0) {
    const result = await loadFromHead(read, head, problems, progress);
    sendChecked(sender, result.atlas.features, head, post);
    return result;
  }
  const tell = (msg: ToHelper) => line.postMessage(msg);
  const answers = new Answers<ToAtlasWorker>(line, 'the helper atlas worker');
  const layers = head.manifest.layers;
  tell({ type: 'task', task: { layers: layers.slice(0, k), sources: [...head.sources.values()], originators: [...head.originators.values()], zones: head.manifest.zones } });
  const own = layers.slice(k);
  const readProblems: Problem[] = [];
  const texts = await readLayerFiles(read, own, readProblems, progress);
  tell({ type: 'named', named: namedFromIdsOf(texts) });
  const { seenIds } = await answers.next('read');
  const checked = checkOwnPart(head, own, texts, seenIds, progress);
  sendChecked(sender, checked.features, head, post);
  const { summary } = await answers.next('checked');
  return finishParts(read, head, problems, { readProblems, checked }, summary);
}

self.onmessage = async (e: MessageEvent<AtlasRequest | ToWriter>) => {
  if ('type' in e.data) return; // heard by `gate`
  const { source, line } = e.data;
  try {
    const read = readerOf(source);
    const sender = new PieceSender();
    const result = await load(read, line, sender);
    post({ type: 'done', result: { ...result, atlas: { ...result.atlas, features: [] } } });
    // The page has the features: their export texts follow, unless the page stops this worker first.
    await sender.sendTexts(gate, post, undefined, titlesOf(result.atlas.layers));
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
