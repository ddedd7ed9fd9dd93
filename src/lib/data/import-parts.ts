/**
 * Reading one large export as two parts checked side by side (two workers on two cores),
 * with the same result as reading it whole: the same features in the same order, the same
 * problems in the same order. Each part is parsed, grouped and checked where it is; the
 * parts trade only ids (see `PartIds`) and, at the end, each layer's problems and kept ids.
 */
import { checkGroups, closeCatalogue, finishExport, groupFeatures, openExport, partIds, type CheckedLayers, type ExportCatalogue, type ExportGroups, type ExportHead, type OnChunk, type OtherPart, type PartIds } from './import';
import type { ImportReply } from './import-client';
import type { PieceSender } from './send-pieces';
import type { Atlas, EventFeature, LayerDef, Problem } from './schema';

/** One part read and grouped, before it is checked. */
export interface PartRead {
  head: ExportHead;
  groups: ExportGroups;
  catalogue: ExportCatalogue;
  ids: PartIds;
  /** The layers in the order they first appear in this part. */
  layerIds: string[];
}

/**
 * Reads one part: `head` is the file's collection without its features, `features` this
 * part's, `offset` the place in the file of its first feature. Null when the part cannot be
 * read on its own: the head is not an export this app reads, or the features carry whole
 * source records (the earlier form, whose catalogue is gathered from every feature).
 */
export function readPart(file: string, head: unknown, features: unknown[], offset: number): PartRead | null {
  const opened = openExport(file, head);
  if ('refused' in opened) return null;
  const { records, conflicting } = opened.cited;
  const before = [records.size, conflicting.size];
  const groups = groupFeatures(file, opened, features, offset);
  if (records.size !== before[0] || conflicting.size !== before[1]) return null;
  const catalogue = closeCatalogue(file, opened);
  return { head: opened, groups, catalogue, ids: partIds(groups), layerIds: [...groups.layers.keys()] };
}

/** The layers of the whole file in the order they first appear: the first part's, then the second's new ones. */
export function layerOrder(first: readonly string[], second: readonly string[]): string[] {
  const seen = new Set(first);
  return [...first, ...second.filter((id) => !seen.has(id))];
}

/** Checks one part, told the other part's ids and whether that part comes first; `onChunk` hears each checked chunk, whose kept features can go to the page at once. */
export function checkPart(file: string, part: PartRead, order: readonly string[], other: OtherPart, onChunk?: OnChunk): CheckedLayers {
  return checkGroups(file, part.groups, order, part.catalogue.known, other, onChunk);
}

/**
 * Checks one part in its worker (`which`: 0 the first, 1 the second), sending each checked
 * chunk's kept features to the page at once, as a piece of its layer and part, and the
 * part's progress: the page takes them while both workers go on checking.
 */
export function checkAndSend(file: string, part: PartRead, order: readonly string[], other: OtherPart, which: 0 | 1, sender: PieceSender, post: (msg: ImportReply) => void): CheckedLayers {
  const sources = part.catalogue.byId;
  const total = part.groups.count;
  let done = 0;
  return checkPart(file, part, order, other, (n, layer, kept) => {
    sender.send(kept, sources, (piece, prepared, seq) => post({ type: 'features', outcome: 0, features: piece, prepared, layer, part: which, seq }));
    post({ type: 'progress', phase: 'checking', done: (done += n), total, ...(which === 1 ? { part: 1 as const } : {}) });
  });
}

/** What the second part hands back once checked: its features stay in its worker. */
export interface PartSummary {
  groupingProblems: Problem[];
  layers: LayerDef[];
  /** Per layer: the problems found and the ids of the features kept. */
  checked: Map<string, { problems: Problem[]; kept: string[] }>;
}

export function summarise(part: PartRead, checked: CheckedLayers): PartSummary {
  const out: PartSummary['checked'] = new Map();
  for (const [layerId, { problems, features }] of checked) out.set(layerId, { problems, kept: features.map((f) => f.id) });
  return { groupingProblems: part.groups.problems, layers: [...part.groups.layers.values()], checked: out };
}

/**
 * Puts the two parts together as one reading of the file would have: its problems in
 * order, its layers, and the ids of every feature kept (for checking the links). The
 * features themselves are put together where they arrive: each layer's first part, then its second.
 */
export function joinParts(file: string, first: PartRead, firstChecked: CheckedLayers, second: PartSummary, order: readonly string[]): { atlas: Atlas; problems: Problem[] } {
  const problems = [...first.head.problems, ...first.groups.problems, ...second.groupingProblems, ...first.catalogue.problems];
  const layerDefs = new Map(first.groups.layers);
  for (const l of second.layers) if (!layerDefs.has(l.id)) layerDefs.set(l.id, l);
  const featureIds = new Set<string>();
  const features: EventFeature[] = [];
  for (const layerId of order) {
    const a = firstChecked.get(layerId);
    const b = second.checked.get(layerId);
    if (a) {
      for (const p of a.problems) problems.push(p);
      for (const f of a.features) {
        features.push(f);
        featureIds.add(f.id);
      }
    }
    if (b) {
      for (const p of b.problems) problems.push(p);
      for (const id of b.kept) featureIds.add(id);
    }
  }
  return finishExport(file, first.head, first.catalogue, order.map((id) => layerDefs.get(id)!), features, featureIds, problems);
}

/**
 * The whole exchange in one thread, for tests: reads `json` (a parsed export) as two parts
 * cut before feature `cut`, and returns what reading it whole returns, with the second
 * part's features put in their places. Null when the file cannot be read in parts.
 */
export function importExportInParts(file: string, json: { features: unknown[] } & Record<string, unknown>, cut: number): { atlas: Atlas; problems: Problem[] } | null {
  const head = { ...json, features: [] };
  const first = readPart(file, head, json.features.slice(0, cut), 0);
  const second = readPart(file, { ...head }, json.features.slice(cut), cut);
  if (!first || !second) return null;
  const order = layerOrder(first.layerIds, second.layerIds);
  const a = checkPart(file, first, order, { first: false, ids: second.ids });
  const b = checkPart(file, second, order, { first: true, ids: first.ids });
  const joined = joinParts(file, first, a, summarise(second, b), order);
  // What the page does with the pieces the two workers send: each layer's first part, then its second.
  const features: EventFeature[] = [];
  for (const layerId of order) for (const checked of [a, b]) for (const f of checked.get(layerId)?.features ?? []) features.push(f);
  return { ...joined, atlas: { ...joined.atlas, features } };
}

/** What the first worker tells the second over the line between them. */
export type ToSecond =
  /** The bytes of the second half of the file's features (see `cutExportBytes`): read and parse them now. */
  | { type: 'part'; file: string; bytes: Blob }
  /** The file's head (the collection without its features), and how many features the first half has: the place in the file of the second half's first. */
  | { type: 'offset'; offset: number; head: string }
  /** The layers' order and the first part's ids: check now. */
  | { type: 'check'; order: string[]; ids: PartIds }
  /** The file is read whole after all. */
  | { type: 'stop' };

/** What the second worker answers: its ids once read (null when it cannot be read on its own), then its summary once checked. */
export type ToFirst = { type: 'read'; part: { ids: PartIds; layerIds: string[] } | null } | { type: 'checked'; summary: PartSummary };
