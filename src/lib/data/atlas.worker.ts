/// <reference lib="webworker" />
/**
 * Loads and checks an atlas off the page's thread: the page starts without valibot and the
 * validators, and a large atlas never freezes it. Reports progress, and hands the features
 * over in pieces as the import worker does. Given lines to helper workers
 * (`atlas-part.worker.ts`), it hands them the first layer files (see `partPlan`) and
 * checks the rest beside them (see `atlas-parts.ts`).
 */
import { readerOf } from './atlas-source';
import { loadFromHead, readHead, readLayerFiles, namedFromIdsOf, type LoadProgress, type LoadResult, type ReadFile } from './load';
import { append } from './atlas-queries';
import { EMPTY_ATLAS } from './schema-constants';
import type { AtlasReply, AtlasRequest } from './atlas-client';
import { checkOwnPart, finishParts, partPlan, planLayers, sendChecked, type HelperTask, type ToAtlasWorker, type ToHelper } from './atlas-parts';
import { Answers } from './line';
import { PieceSender, postReply, titlesOf, type ToWriter } from './send-pieces';
import { WriteGate } from './writer-holds';
import type { Problem } from './schema';

const post: (msg: AtlasReply) => void = postReply;
/** What the page says about the export texts: when to write them, and when to hold. */
const gate = new WriteGate(self);

const progress: LoadProgress = (phase, done, total) => post({ type: 'progress', phase, done, total });

/**
 * Loads the atlas, sending its features as they are checked. With lines to helpers, the
 * helpers take the first layer files as `partPlan` shares them, and a helper the plan
 * leaves out is told there is nothing for it.
 */
async function load(read: ReadFile, lines: readonly MessagePort[], sender: PieceSender): Promise<LoadResult> {
  const problems: Problem[] = [];
  const head = await readHead(read, problems);
  const tells = lines.map((line) => (msg: ToHelper) => line.postMessage(msg));
  const groups = head ? planLayers(head.manifest.layers, partPlan(head.manifest.layers.length, navigator.hardwareConcurrency || 1, lines.length + 1)) : [];
  const own = groups.pop() ?? [];
  tells.slice(groups.length).forEach((tell) => tell({ type: 'task', task: null }));
  if (!head) return { atlas: EMPTY_ATLAS, problems };
  if (groups.length === 0) {
    const result = await loadFromHead(read, head, problems, progress);
    sendChecked(sender, result.atlas.features, head, post);
    return result;
  }
  const answers = groups.map((_, i) => new Answers<ToAtlasWorker>(lines[i], 'a helper atlas worker'));
  groups.forEach((layers, i) => {
    const task: HelperTask = { layers, sources: [...head.sources.values()], leftOutSources: head.leftOutSources, unreadCatalogue: head.unreadCatalogue, originators: [...head.originators.values()], zones: head.manifest.zones };
    tells[i]({ type: 'task', task });
  });
  tells[0]({ type: 'before', seenIds: [] });
  const readProblems: Problem[] = [];
  const reading = readLayerFiles(read, own, readProblems, progress);
  // Each helper checks once the parts before it are read: it reports a duplicate of their ids as one load would.
  const seenIds: string[] = [];
  const named: string[] = [];
  for (const [i, a] of answers.entries()) {
    const part = await a.next('read');
    append(seenIds, part.seenIds);
    append(named, part.named);
    if (i + 1 < groups.length) tells[i + 1]({ type: 'before', seenIds });
  }
  const texts = await reading;
  append(named, namedFromIdsOf(texts));
  for (const tell of tells.slice(0, groups.length)) tell({ type: 'named', named });
  const checked = checkOwnPart(head, own, texts, seenIds, progress);
  sendChecked(sender, checked.features, head, post);
  const summaries = [];
  for (const a of answers) summaries.push((await a.next('checked')).summary);
  return finishParts(read, head, problems, { readProblems, checked }, summaries, seenIds);
}

self.onmessage = async (e: MessageEvent<AtlasRequest | ToWriter>) => {
  if ('type' in e.data) return; // heard by `gate`
  const { source, lines } = e.data;
  try {
    const read = readerOf(source);
    const sender = new PieceSender();
    const result = await load(read, lines ?? [], sender);
    post({ type: 'done', result: { ...result, atlas: { ...result.atlas, features: [] } } });
    // The page has the features: their export texts follow, unless the page stops this worker first.
    await sender.sendTexts(gate, post, undefined, titlesOf(result.atlas.layers));
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
