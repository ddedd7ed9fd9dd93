/**
 * Loading an atlas at a URL as two parts side by side (two workers on two cores), with the
 * same result as one load: the first part (its own worker) reads and checks the first half
 * of the layer files, the second (the atlas worker) the rest, then the checks across the
 * atlas. They trade what those checks need, and no features: the first part's ids as they
 * are in its files (a later duplicate is the second part's to report), the ids that
 * distance claims name, and, once checked, the first part's kept ids and the few features
 * the distance check reads. `loadAtlasInParts` runs both parts in one place, for tests.
 */
import { checkLayerFiles, distanceFeatures, finishAtlas, namedFromIdsOf, readHead, readLayerFiles, seenIdsOf, type AtlasHead, type LoadResult, type ReadFile } from './load';
import type { EventFeature, LayerDef, Problem, Source } from './schema';

const EMPTY_ATLAS = { layers: [], features: [], relations: [], incidents: [], routes: [], story: [], sources: new Map(), originators: new Map() };

/** How many of an atlas's layer files the first part takes: half, rounded down (the second part also does the checks across the atlas). */
export function firstPartLayers(count: number): number {
  return Math.floor(count / 2);
}

/** What the first part is given: its layers, the catalogue (for citations and search texts) and the manifest's zones. */
export interface FirstPartTask {
  layers: LayerDef[];
  sources: Source[];
  zones: Record<string, string> | undefined;
}

/** What the first part hands back once checked: its problems, and what the checks across the atlas need. */
export interface FirstPartSummary {
  readProblems: Problem[];
  checkProblems: Problem[];
  /** The ids of its layers whose files were read. */
  layerIds: string[];
  keptIds: string[];
  /** Its features the distance check reads (see `distanceFeatures`). */
  forDistances: EventFeature[];
}

/** The first part's work: read, then (told nothing but its task) check; its ids as read go to the second part before it checks. */
export async function readFirstPart(read: ReadFile, task: FirstPartTask) {
  const readProblems: Problem[] = [];
  const texts = await readLayerFiles(read, task.layers, readProblems);
  return { texts, readProblems, seenIds: seenIdsOf(texts), named: namedFromIdsOf(texts) };
}

/** Checks the first part's files (nothing comes before them), and sums it up once it knows the ids the second part's claims name. */
export function checkFirstPart(task: FirstPartTask, part: Awaited<ReturnType<typeof readFirstPart>>) {
  const checkProblems: Problem[] = [];
  const checked = checkLayerFiles(task.layers, part.texts, new Set(task.sources.map((s) => s.id)), new Set(), checkProblems);
  const summary = (namedBySecond: readonly string[]): FirstPartSummary => ({
    readProblems: part.readProblems,
    checkProblems,
    layerIds: checked.layers.map((l) => l.id),
    keptIds: checked.features.map((f) => f.id),
    forDistances: distanceFeatures(checked.features, new Set([...part.named, ...namedBySecond])),
  });
  return { features: checked.features, summary };
}

/**
 * The second part's end: its own layers checked after the first part's ids, then the
 * checks across the atlas, with the problems in the order one load gives them.
 */
export async function finishSecondPart(
  read: ReadFile,
  head: AtlasHead,
  headProblems: Problem[],
  mine: { layers: LayerDef[]; texts: unknown[]; readProblems: Problem[] },
  firstSeenIds: readonly string[],
  first: FirstPartSummary,
): Promise<{ result: LoadResult; features: EventFeature[] }> {
  const checkProblems: Problem[] = [];
  const checked = checkLayerFiles(mine.layers, mine.texts, new Set(head.sources.keys()), new Set(firstSeenIds), checkProblems);
  const problems = [...headProblems, ...first.readProblems, ...mine.readProblems, ...first.checkProblems, ...checkProblems];
  const firstLayers = new Set(first.layerIds);
  const layers = [...head.manifest.layers.filter((l) => firstLayers.has(l.id)), ...checked.layers];
  const featureIds = new Set([...first.keptIds, ...checked.features.map((f) => f.id)]);
  const { places, ...rest } = await finishAtlas(read, head, layers, featureIds, [...first.forDistances, ...checked.features], problems);
  return { result: { atlas: { ...rest, features: [] }, manifest: head.manifest, places, problems }, features: checked.features };
}

/** Loads an atlas as the two workers do, both parts in this thread (for tests): the same result as `loadAtlas`. */
export async function loadAtlasInParts(read: ReadFile): Promise<LoadResult> {
  const headProblems: Problem[] = [];
  const head = await readHead(read, headProblems);
  if (!head) return { atlas: EMPTY_ATLAS, problems: headProblems };
  const k = firstPartLayers(head.manifest.layers.length);
  const task: FirstPartTask = { layers: head.manifest.layers.slice(0, k), sources: [...head.sources.values()], zones: head.manifest.zones };
  const secondLayers = head.manifest.layers.slice(k);
  const secondReadProblems: Problem[] = [];
  const [firstRead, secondTexts] = await Promise.all([readFirstPart(read, task), readLayerFiles(read, secondLayers, secondReadProblems)]);
  const firstChecked = checkFirstPart(task, firstRead);
  const summary = firstChecked.summary(namedFromIdsOf(secondTexts));
  const { result, features } = await finishSecondPart(read, head, headProblems, { layers: secondLayers, texts: secondTexts, readProblems: secondReadProblems }, firstRead.seenIds, summary);
  return { ...result, atlas: { ...result.atlas, features: [...firstChecked.features, ...features] } };
}
