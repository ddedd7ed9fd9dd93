/**
 * Loading an atlas at a URL as two parts side by side (two workers on two cores), with the
 * same result as one load. The atlas worker reads the manifest and the catalogue and gives
 * the first half of the layer files to a helper worker; when their number is odd, the
 * helper also takes the first half of the features of the file in the middle, and the
 * atlas worker the second half (see `layer-halves.ts`): the benchmark's three files of
 * equal size, shared as whole files, left one worker busy for 2.3 s and the other 1.5 s.
 * Both read their files, then trade what their checks need, and no features: the helper's
 * ids as they are in its files (a later duplicate is the atlas worker's to report) and its
 * half's claim ids; whether both halves of the middle file read (if not, the atlas worker
 * reads that file whole); the ids that distance claims name; and, once checked, the
 * helper's problems, kept ids and the few features the distance check reads. Each sends
 * its own features to the page, the helper's first. `loadAtlasInParts` runs both parts in
 * one place, for tests.
 */
import { checkLayerFiles, distanceFeatures, EMPTY_ATLAS, finishAtlas, namedFromIdsOf, parseJson, readHead, readLayerFiles, readText, seenIdsOf, type AtlasHead, type LoadProgress, type LoadResult, type ReadFile } from './load';
import type { EventFeature, LayerDef, Problem, Source } from './schema';
import type { AtlasReply } from './atlas-client';
import type { PieceSender } from './send-pieces';
import { claimIdsOf, layerHalf, type LayerHalf } from './layer-halves';
import { unique, validateLayerFile } from './validate';
import { append } from './atlas-queries';

/** How an atlas's layer files are shared: the helper takes the first `whole` of them and, when `middle`, the first half of the next one's features. */
export interface Share {
  whole: number;
  middle: boolean;
}

/** Half the layer files each, the one in the middle of an odd number cut in two. */
export function shareOf(count: number): Share {
  return { whole: Math.floor(count / 2), middle: count % 2 === 1 };
}

/** Whether a share gives the helper anything. */
export const helps = (share: Share): boolean => share.whole > 0 || share.middle;

/** What the helper is given: its layers (the first ones), the middle layer when it has half of it, the catalogue (for citations and search texts) and the manifest's zones. */
export interface HelperTask {
  layers: LayerDef[];
  middle: LayerDef | null;
  sources: Source[];
  zones: Record<string, string> | undefined;
}

/** The task a share gives the helper. */
export function helperTask(head: AtlasHead, share: Share): HelperTask {
  const layers = head.manifest.layers;
  return { layers: layers.slice(0, share.whole), middle: share.middle ? layers[share.whole] : null, sources: [...head.sources.values()], zones: head.manifest.zones };
}

/** What the helper's half of the middle file tells the atlas worker's check: its ids as they are in the file, its claim ids, and how many features it holds. */
export interface MiddleRead {
  seenIds: string[];
  claimIds: string[];
  count: number;
}

/** What the helper hands back once checked: its problems, and what the checks across the atlas need. */
export interface HelperSummary {
  readProblems: Problem[];
  checkProblems: Problem[];
  /** The ids of its layers whose files were read (the middle one too when its half stood). */
  layerIds: string[];
  keptIds: string[];
  /** Its features the distance check reads (see `distanceFeatures`). */
  forDistances: EventFeature[];
}

/** The line between the two workers. */
export type ToHelper = { type: 'task'; task: HelperTask | null } | { type: 'named'; named: string[]; split: boolean };
export type ToAtlasWorker = { type: 'read'; seenIds: string[]; middle: MiddleRead | null } | { type: 'checked'; summary: HelperSummary };

/** The helper's reading: its files parsed and its half of the middle one, its problems so far, and what the atlas worker's check needs of it. A middle file that cannot be read is the atlas worker's to report. */
export async function readHelperPart(read: ReadFile, task: HelperTask, onProgress?: LoadProgress) {
  const readProblems: Problem[] = [];
  const [texts, text] = await Promise.all([readLayerFiles(read, task.layers, readProblems, onProgress), task.middle ? read(task.middle.file).catch(() => undefined) : undefined]);
  const half = text === undefined ? null : layerHalf(text, 0);
  const middle: MiddleRead | null = half && { seenIds: seenIdsOf([half.json]), claimIds: claimIdsOf(half.json.features), count: half.count };
  return { texts, readProblems, half, seenIds: seenIdsOf(texts), middle };
}

/** Checks the helper's files (no layer comes before them), and its half of the middle one when both halves stood (`split`). */
export function checkHelperPart(task: HelperTask, part: Awaited<ReturnType<typeof readHelperPart>>, split: boolean, namedByOther: readonly string[], onProgress?: LoadProgress) {
  const checkProblems: Problem[] = [];
  const known = new Set(task.sources.map((s) => s.id));
  const seen = new Set<string>();
  const checked = checkLayerFiles(task.layers, part.texts, known, seen, checkProblems, onProgress);
  const { features } = checked;
  const layerIds = checked.layers.map((l) => l.id);
  const named = new Set([...namedFromIdsOf(part.texts), ...namedByOther]);
  if (split && task.middle && part.half) {
    const result = validateLayerFile(task.middle.file, part.half.json, task.middle, known, seen);
    append(checkProblems, result.problems);
    append(features, result.features);
    layerIds.push(task.middle.id);
    for (const id of namedFromIdsOf([part.half.json])) named.add(id);
  }
  const summary: HelperSummary = { readProblems: part.readProblems, checkProblems, layerIds, keptIds: features.map((f) => f.id), forDistances: distanceFeatures(features, named) };
  return { features, summary };
}

/** The atlas worker's reading: its files parsed, and the middle file's text with the second half of its features. */
export async function readOwnPart(read: ReadFile, head: AtlasHead, share: Share, onProgress?: LoadProgress) {
  const layers = head.manifest.layers;
  const middle = share.middle ? layers[share.whole] : null;
  const own = layers.slice(share.whole + (middle ? 1 : 0));
  const readProblems: Problem[] = [];
  const middleProblems: Problem[] = [];
  const [texts, text] = await Promise.all([readLayerFiles(read, own, readProblems, onProgress), middle ? readText(read, middle.file, middleProblems) : undefined]);
  const half = text === undefined ? null : layerHalf(text, 1);
  return { own, texts, readProblems, middle: middle && { layer: middle, text, half, problems: middleProblems } };
}

type OwnRead = Awaited<ReturnType<typeof readOwnPart>>;

/**
 * Once the helper has read: the middle file as the second half when both halves stood
 * (`split`), else parsed whole; the read problems in the order one load gives them (the
 * middle file's first), and the ids the atlas worker's distance claims name.
 */
export function settleMiddle(part: OwnRead, theirs: MiddleRead | null) {
  const m = part.middle;
  const split = m !== null && m.half !== null && theirs !== null;
  let json: unknown;
  if (m) json = split ? m.half!.json : m.text === undefined ? undefined : parseJson(m.layer.file, m.text, m.problems);
  return { split, json, readProblems: [...(m?.problems ?? []), ...part.readProblems], named: namedFromIdsOf([json, ...part.texts]) };
}

/** Checks the atlas worker's files, after the helper's ids as they are in its files: the middle one (its second half, or whole), then its own. */
export function checkOwnPart(head: AtlasHead, part: OwnRead, settled: ReturnType<typeof settleMiddle>, helper: { seenIds: readonly string[]; middle: MiddleRead | null }, onProgress?: LoadProgress) {
  const problems: Problem[] = [];
  const known = new Set(head.sources.keys());
  const theirs = settled.split ? helper.middle! : null;
  const seen = new Set([...helper.seenIds, ...(theirs?.seenIds ?? [])]);
  const features: EventFeature[] = [];
  const layers: LayerDef[] = [];
  const m = part.middle;
  if (m && theirs) {
    const claims = unique();
    for (const id of theirs.claimIds) claims(id);
    const result = validateLayerFile(m.layer.file, settled.json, m.layer, known, seen, claims, (i) => theirs.count + i);
    append(problems, result.problems);
    append(features, result.features);
    layers.push(m.layer);
  }
  const files = m && !theirs ? [m.layer, ...part.own] : part.own;
  const checked = checkLayerFiles(files, m && !theirs ? [settled.json, ...part.texts] : part.texts, known, seen, problems, onProgress);
  append(features, checked.features);
  append(layers, checked.layers);
  return { features, layers, problems };
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
  const kept = new Set([...helper.layerIds, ...own.checked.layers.map((l) => l.id)]);
  const layers = head.manifest.layers.filter((l) => kept.has(l.id));
  const featureIds = new Set([...helper.keptIds, ...own.checked.features.map((f) => f.id)]);
  const { places, ...rest } = await finishAtlas(read, head, layers, featureIds, [...helper.forDistances, ...own.checked.features], problems);
  return { atlas: { ...rest, features: [] }, manifest: head.manifest, places, problems };
}

/** Loads an atlas as the two workers do, both parts in this thread (for tests): the same result as `loadAtlas`. */
export async function loadAtlasInParts(read: ReadFile): Promise<LoadResult> {
  const headProblems: Problem[] = [];
  const head = await readHead(read, headProblems);
  if (!head) return { atlas: EMPTY_ATLAS, problems: headProblems };
  const share = shareOf(head.manifest.layers.length);
  const task = helperTask(head, share);
  const [helperRead, ownRead] = await Promise.all([readHelperPart(read, task), readOwnPart(read, head, share)]);
  const settled = settleMiddle(ownRead, helperRead.middle);
  const helper = checkHelperPart(task, helperRead, settled.split, settled.named);
  const own = checkOwnPart(head, ownRead, settled, helperRead);
  const result = await finishParts(read, head, headProblems, { readProblems: settled.readProblems, checked: own }, helper.summary);
  return { ...result, atlas: { ...result.atlas, features: [...helper.features, ...own.features] } };
}

/** Sends a worker's checked features to the page in pieces, with the progress of the sending; `part` 1 for the helper's. */
export function sendChecked(sender: PieceSender, features: EventFeature[], sources: ReadonlyMap<string, Source>, post: (msg: AtlasReply) => void, part?: 1): void {
  const which = part ? { part } : {};
  sender.send(
    features,
    sources,
    (piece, prepared, seq) => post({ type: 'features', features: piece, prepared, seq, ...which }),
    (sent) => post({ type: 'progress', phase: 'sending', done: sent, total: features.length, ...which }),
  );
}
