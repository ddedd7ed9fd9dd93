/**
 * Loading an atlas at a URL as two parts side by side (two workers on two cores), with the
 * same result as one load. The atlas worker reads the manifest and the catalogue, gives the
 * first half of the layer files to a helper worker, reads and checks the rest, then does the
 * checks across the atlas. They trade what those checks need, and no features: the
 * helper's ids as they are in its files (a later duplicate is the atlas worker's to report),
 * the ids that distance claims name, and, once checked, the helper's problems, kept ids and
 * the few features the distance check reads. Each sends its own features to the page, the
 * helper's first. `loadAtlasInParts` runs both parts in one place, for tests.
 */
import { checkLayerFiles, distanceFeatures, finishAtlas, namedFromIdsOf, readHead, readLayerFiles, seenIdsOf, type AtlasHead, type LoadProgress, type LoadResult, type ReadFile } from './load';
import { EMPTY_ATLAS } from './schema-constants';
import type { EventFeature, LayerDef, Originator, Problem, Source } from './schema';
import type { AtlasReply } from './atlas-client';
import type { PieceSender, SentCatalogue } from './send-pieces';

/** How many of an atlas's layer files the helper takes: half, rounded down (the atlas worker also does the checks across the atlas). */
export function helperLayers(count: number): number {
  return Math.floor(count / 2);
}

/** What the helper is given: its layers (the first ones), the catalogue and its agencies (for citations and search texts) and the manifest's zones. */
export interface HelperTask {
  layers: LayerDef[];
  sources: Source[];
  originators: Originator[];
  zones: Record<string, string> | undefined;
}

/** What the helper hands back once checked: its problems, and what the checks across the atlas need. */
export interface HelperSummary {
  readProblems: Problem[];
  checkProblems: Problem[];
  /** The ids of its layers whose files were read. */
  layerIds: string[];
  keptIds: string[];
  /** Its features the distance check reads (see `distanceFeatures`). */
  forDistances: EventFeature[];
}

/** The line between the two workers. */
export type ToHelper = { type: 'task'; task: HelperTask | null } | { type: 'named'; named: string[] };
export type ToAtlasWorker = { type: 'read'; seenIds: string[] } | { type: 'checked'; summary: HelperSummary };

/** The helper's reading: its files parsed, its problems so far, its ids as read and the ids its distance claims name. */
export async function readHelperPart(read: ReadFile, task: HelperTask, onProgress?: LoadProgress) {
  const readProblems: Problem[] = [];
  const texts = await readLayerFiles(read, task.layers, readProblems, onProgress);
  return { texts, readProblems, seenIds: seenIdsOf(texts), named: namedFromIdsOf(texts) };
}

/** Checks the helper's files (no layer comes before them); `summary` once the ids the atlas worker's claims name are known. */
export function checkHelperPart(task: HelperTask, part: Awaited<ReturnType<typeof readHelperPart>>, onProgress?: LoadProgress) {
  const checkProblems: Problem[] = [];
  const checked = checkLayerFiles(task.layers, part.texts, new Set(task.sources.map((s) => s.id)), new Set(), checkProblems, onProgress);
  const summary = (namedByOther: readonly string[]): HelperSummary => ({
    readProblems: part.readProblems,
    checkProblems,
    layerIds: checked.layers.map((l) => l.id),
    keptIds: checked.features.map((f) => f.id),
    forDistances: distanceFeatures(checked.features, new Set([...part.named, ...namedByOther])),
  });
  return { features: checked.features, summary };
}

/** Checks the atlas worker's own files, after the helper's ids as they are in its files. */
export function checkOwnPart(head: AtlasHead, layers: readonly LayerDef[], texts: readonly unknown[], helperSeenIds: readonly string[], onProgress?: LoadProgress) {
  const problems: Problem[] = [];
  const checked = checkLayerFiles(layers, texts, new Set(head.sources.keys()), new Set(helperSeenIds), problems, onProgress);
  return { ...checked, problems };
}

/**
 * The checks across the atlas, once both parts are checked, and the load's result (its
 * features left out: each part sends its own), the problems in the order one load gives them.
 */
export async function finishParts(
  read: ReadFile,
  head: AtlasHead,
  headProblems: readonly Problem[],
  own: { readProblems: readonly Problem[]; checked: ReturnType<typeof checkOwnPart> },
  helper: HelperSummary,
): Promise<LoadResult> {
  const problems = [...headProblems, ...helper.readProblems, ...own.readProblems, ...helper.checkProblems, ...own.checked.problems];
  const helperLayerIds = new Set(helper.layerIds);
  const layers = [...head.manifest.layers.filter((l) => helperLayerIds.has(l.id)), ...own.checked.layers];
  const featureIds = new Set([...helper.keptIds, ...own.checked.features.map((f) => f.id)]);
  const { places, ...rest } = await finishAtlas(read, head, layers, featureIds, [...helper.forDistances, ...own.checked.features], problems);
  return { atlas: { ...rest, features: [] }, manifest: head.manifest, places, problems };
}

/** Loads an atlas as the two workers do, both parts in this thread (for tests): the same result as `loadAtlas`. */
export async function loadAtlasInParts(read: ReadFile): Promise<LoadResult> {
  const headProblems: Problem[] = [];
  const head = await readHead(read, headProblems);
  if (!head) return { atlas: EMPTY_ATLAS, problems: headProblems };
  const k = helperLayers(head.manifest.layers.length);
  const task: HelperTask = { layers: head.manifest.layers.slice(0, k), sources: [...head.sources.values()], originators: [...head.originators.values()], zones: head.manifest.zones };
  const ownLayers = head.manifest.layers.slice(k);
  const ownReadProblems: Problem[] = [];
  const [helperRead, ownTexts] = await Promise.all([readHelperPart(read, task), readLayerFiles(read, ownLayers, ownReadProblems)]);
  const helper = checkHelperPart(task, helperRead);
  const own = checkOwnPart(head, ownLayers, ownTexts, helperRead.seenIds);
  const result = await finishParts(read, head, headProblems, { readProblems: ownReadProblems, checked: own }, helper.summary(namedFromIdsOf(ownTexts)));
  return { ...result, atlas: { ...result.atlas, features: [...helper.features, ...own.features] } };
}

/** Sends a worker's checked features to the page in pieces, with the progress of the sending; `part` 1 for the helper's. */
export function sendChecked(sender: PieceSender, features: EventFeature[], catalogue: SentCatalogue, post: (msg: AtlasReply) => void, part?: 1): void {
  const which = part ? { part } : {};
  sender.send(
    features,
    catalogue,
    (piece, prepared, seq) => post({ type: 'features', features: piece, prepared, seq, ...which }),
    (sent) => post({ type: 'progress', phase: 'sending', done: sent, total: features.length, ...which }),
  );
}
