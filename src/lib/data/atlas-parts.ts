/**
 * Loading an atlas at a URL as parts side by side (workers on the machine's cores), with the
 * same result as one load. The atlas worker reads the manifest and the catalogue, gives the
 * first layer files to one or two helper workers (see `partPlan`), reads and checks the
 * rest, then does the checks across the atlas. They trade what those checks need, and no
 * features: each part's ids as they are in its files (a duplicate is reported by the later
 * part, so each helper waits for the ids of the parts before it), the ids that distance
 * claims name, and, once checked, each helper's problems, kept ids and the few features the
 * distance check reads. Each sends its own features to the page, in the parts' order.
 * `loadAtlasInParts` runs every part in one place, for tests.
 */
import { checkLayerFiles, distanceFeatures, finishAtlas, knownSources, namedFromIdsOf, readHead, readLayerFiles, seenIdsOf, type AtlasHead, type LoadProgress, type LoadResult, type ReadFile } from './load';
import { EMPTY_ATLAS } from './schema-constants';
import { keptOf } from './validate';
import { append } from './atlas-queries';
import type { EventFeature, LayerDef, Originator, Problem, Source } from './schema';
import type { AtlasReply } from './atlas-client';
import type { PieceSender, SentCatalogue } from './send-pieces';

/** Most parts a load is shared into: the atlas worker and two helpers. */
export const MAX_PARTS = 3;

/**
 * How many layer files each part of a load takes, in the manifest's order, the atlas
 * worker's part last (it also does the checks across the atlas, so it takes the fewest).
 * Files are taken to cost alike (their sizes are not known before they are read). No part
 * takes more than the files divided by the cores, so that the parts together keep every
 * core busy to the end: three files on two cores go one to each of three parts, which the
 * system shares over both cores (about one and a half files' time), where two parts (one of
 * them with two files) took two files' time. One file, or one core, is one part.
 */
export function partPlan(count: number, cores: number, maxParts = MAX_PARTS): number[] {
  if (count <= 1 || cores <= 1 || maxParts <= 1) return [count];
  let per = Math.max(1, Math.floor(count / cores));
  if (Math.ceil(count / per) > maxParts) per = Math.ceil(count / maxParts);
  const parts = Math.ceil(count / per);
  return Array.from({ length: parts }, (_, i) => (i < parts - 1 ? per : count - per * (parts - 1)));
}

/** What the helper is given: its layers (the first ones), the catalogue and its agencies (for citations and search texts) and the manifest's zones. */
export interface HelperTask {
  layers: LayerDef[];
  sources: Source[];
  /** The catalogue's ids left out for a problem of their own (see `keptOf`). */
  leftOutSources: string[];
  /** The catalogue's file name, when it could not be read (see `AtlasHead`). */
  unreadCatalogue?: string;
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

/**
 * The line between the atlas worker and a helper: its task (none when the plan has no part
 * for it), the ids of the parts before it as they are in their files, and the ids that
 * every part's distance claims name; the helper answers with its own ids and named ids
 * once read, and its summary once checked.
 */
export type ToHelper = { type: 'task'; task: HelperTask | null } | { type: 'before'; seenIds: string[] } | { type: 'named'; named: string[] };
export type ToAtlasWorker = { type: 'read'; seenIds: string[]; named: string[] } | { type: 'checked'; summary: HelperSummary };

/** The helper's reading: its files parsed, its problems so far, its ids as read and the ids its distance claims name. */
export async function readHelperPart(read: ReadFile, task: HelperTask, onProgress?: LoadProgress) {
  const readProblems: Problem[] = [];
  const texts = await readLayerFiles(read, task.layers, readProblems, onProgress);
  return { texts, readProblems, seenIds: seenIdsOf(texts), named: namedFromIdsOf(texts) };
}

/** Checks a helper's files after the ids of the parts before it (`before`); `summary` once the ids the other parts' claims name are known. */
export function checkHelperPart(task: HelperTask, part: Awaited<ReturnType<typeof readHelperPart>>, before: readonly string[], onProgress?: LoadProgress) {
  const checkProblems: Problem[] = [];
  const known = knownSources(task.sources.map((s) => s.id), task);
  const checked = checkLayerFiles(task.layers, part.texts, known, new Set(before), checkProblems, onProgress);
  const summary = (namedByOther: readonly string[]): HelperSummary => ({
    readProblems: part.readProblems,
    checkProblems,
    layerIds: checked.layers.map((l) => l.id),
    keptIds: checked.features.map((f) => f.id),
    forDistances: distanceFeatures(checked.features, new Set([...part.named, ...namedByOther])),
  });
  return { features: checked.features, summary };
}

/** Checks the atlas worker's own files, after the helpers' ids as they are in their files. */
export function checkOwnPart(head: AtlasHead, layers: readonly LayerDef[], texts: readonly unknown[], helperSeenIds: readonly string[], onProgress?: LoadProgress) {
  const problems: Problem[] = [];
  const checked = checkLayerFiles(layers, texts, knownSources(head.sources.keys(), head), new Set(helperSeenIds), problems, onProgress);
  return { ...checked, problems, seenIds: () => seenIdsOf(texts) };
}

/**
 * The checks across the atlas, once every part is checked, and the load's result (its
 * features left out: each part sends its own), the problems in the order one load gives them.
 */
export async function finishParts(
  read: ReadFile,
  head: AtlasHead,
  headProblems: readonly Problem[],
  own: { readProblems: readonly Problem[]; checked: ReturnType<typeof checkOwnPart> },
  helpers: readonly HelperSummary[],
  /** The ids in the helpers' files as read (for naming those left out, see `keptOf`). */
  helperSeenIds: readonly string[],
): Promise<LoadResult> {
  const problems = [...headProblems, ...helpers.flatMap((h) => h.readProblems), ...own.readProblems, ...helpers.flatMap((h) => h.checkProblems), ...own.checked.problems];
  const helperLayerIds = new Set(helpers.flatMap((h) => h.layerIds));
  const layers = [...head.manifest.layers.filter((l) => helperLayerIds.has(l.id)), ...own.checked.layers];
  const kept = new Set(helpers.flatMap((h) => h.keptIds));
  for (const f of own.checked.features) kept.add(f.id);
  const featureIds = keptOf(kept, () => [...helperSeenIds, ...own.checked.seenIds()]);
  const { places, ...rest } = await finishAtlas(read, head, layers, featureIds, [...helpers.flatMap((h) => h.forDistances), ...own.checked.features], problems);
  return { atlas: { ...rest, features: [] }, manifest: head.manifest, places, problems };
}

/** The layers of each part of a plan (see `partPlan`), in order. */
export function planLayers(layers: readonly LayerDef[], plan: readonly number[]): LayerDef[][] {
  let from = 0;
  return plan.map((n) => layers.slice(from, (from += n)));
}

/** Loads an atlas as the workers do, every part in this thread (for tests), shared as on `cores` cores: the same result as `loadAtlas`. */
export async function loadAtlasInParts(read: ReadFile, cores = 2): Promise<LoadResult> {
  const headProblems: Problem[] = [];
  const head = await readHead(read, headProblems);
  if (!head) return { atlas: EMPTY_ATLAS, problems: headProblems };
  const groups = planLayers(head.manifest.layers, partPlan(head.manifest.layers.length, cores));
  const ownLayers = groups.pop()!;
  const tasks = groups.map((layers): HelperTask => ({ layers, sources: [...head.sources.values()], leftOutSources: head.leftOutSources, unreadCatalogue: head.unreadCatalogue, originators: [...head.originators.values()], zones: head.manifest.zones }));
  const ownReadProblems: Problem[] = [];
  const [helperReads, ownTexts] = await Promise.all([Promise.all(tasks.map((t) => readHelperPart(read, t))), readLayerFiles(read, ownLayers, ownReadProblems)]);
  const before: string[] = [];
  const checked = tasks.map((t, i) => {
    const part = checkHelperPart(t, helperReads[i], [...before]);
    append(before, helperReads[i].seenIds);
    return part;
  });
  const own = checkOwnPart(head, ownLayers, ownTexts, before);
  const named = [...helperReads.flatMap((r) => r.named), ...namedFromIdsOf(ownTexts)];
  const result = await finishParts(read, head, headProblems, { readProblems: ownReadProblems, checked: own }, checked.map((c) => c.summary(named)), before);
  return { ...result, atlas: { ...result.atlas, features: [...checked.flatMap((c) => c.features), ...own.features] } };
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
