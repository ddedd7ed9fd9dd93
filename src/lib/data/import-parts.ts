/**
 * Reading one large export as two parts checked side by side (two workers on two cores),
 * with the same result as reading it whole: the same features in the same order, the same
 * problems in the same order. Each part is read in slices of a few hundred features, each
 * parsed, checked and sent to the page before the next, so a worker never holds more than
 * one slice of parsed features: holding a whole half (50,000 features) cost each worker
 * over 200 MB and much of its time in garbage collection. At the end the parts trade their
 * ids (see `PartIds`), each layer's problems and the ids of the features kept.
 *
 * Each part is checked before it knows the other's ids, and slice by slice, which meets
 * each layer's features in file order, as reading the file whole does, but the layers
 * interleaved. Neither changes anything unless an id repeats (which copy is named the
 * duplicate depends on the layers' order and on both parts), so a file whose feature or
 * claim ids repeat (`repeatsIds`) is read again whole, and the pieces sent are dropped.
 */
import { closeCatalogue, finishExport, groupFeatures, keptItems, openExport, parseList, partIds, type ExportCatalogue, type ExportGroups, type ExportHead, type PartIds } from './import';
import type { ImportReply } from './import-client';
import type { PieceSender } from './send-pieces';
import type { Atlas, EventFeature, LayerDef, Problem } from './schema';
import { keptOf, unique, validateLayerFile } from './validate';
import { append } from './atlas-queries';
import { byteRanges, PlannedPart, type PiecePlan } from './write-plan';

/** About how many characters of a features list each slice holds: some 400 features of the benchmark's, whose parsed objects mostly die young. */
export const SLICE_CHARS = 500_000;

const BETWEEN = '},{"type":"Feature"';

/**
 * Where the slices of a features list lie in a text (by default the whole text is the list,
 * a JSON array as `firstPartText` and `secondPartText` give; else `body` says where the
 * list's body lies): each range `[from, to)` of the body holds whole features when every
 * boundary found lies between two features of the list; `'[' + text.slice(from, to) + ']'`
 * is then one slice's list. A boundary inside a feature leaves a slice that does not parse
 * (the one before it ends inside that feature), and the part is read whole. Null when there
 * is no list: the text is not one bracketed list, and no body is given.
 */
export function sliceRanges(text: string, size = SLICE_CHARS, body: ListBody | null = bodyOf(text)): [number, number][] | null {
  if (!body) return null;
  const close = body[1];
  const out: [number, number][] = [];
  let from = body[0];
  while (from < close) {
    const at = from + size < close ? text.indexOf(BETWEEN, from + size) : -1;
    if (at < 0 || at >= close) {
      out.push([from, close]);
      break;
    }
    out.push([from, at + 1]);
    from = at + 2;
  }
  return out;
}

/**
 * Where a features list's body lies in a text: from just after its opening bracket to its
 * closing one. A worker's part is read where it lies in the text of its bytes (see
 * `firstPartBody`, `secondPartBody`), since a text made by joining a bracket to it is copied
 * whole the first time it is read: 165–224 ms for half of the 117 MB export in a worker.
 */
export type ListBody = [from: number, close: number];

/** The body of a text that is one bracketed list (white space may follow it), or null. */
export function bodyOf(text: string): ListBody | null {
  const close = lastNonSpace(text);
  return text[0] === '[' && text[close] === ']' ? [1, close] : null;
}

/** The place of a text's last character that is not white space; -1 when there is none. */
export function lastNonSpace(text: string): number {
  let at = text.length - 1;
  while (at >= 0 && /\s/.test(text[at])) at--;
  return at;
}

/** One slice's features, or null when they do not parse as one list. */
function parseSlice(text: string, [from, to]: [number, number]): unknown[] | null {
  return parseList(text.slice(from, to));
}

function joinList(into: Map<string, string[]>, key: string, items: readonly string[]): void {
  const list = into.get(key);
  if (list) append(list, items);
  else into.set(key, [...items]);
}

/**
 * A part's ids as numbers, sorted: what the two parts compare to find a repeated id, each
 * worker working out its own as its check ends. Looked up in sets of strings, the second
 * part's 150,000 ids (feature and claim ids at 100,000 events) took about 80 ms of the first
 * worker's time at the end of the load, while the page waited; two sorted lists of numbers
 * are compared in a few. A key is a 52-bit hash of the id (of the layer and the id, for a
 * claim id, which need only be unique within its layer), so two keys that match are
 * checked against the ids themselves, which rarely happens but for a real repeat.
 */
export interface IdKeys {
  features: Float64Array;
  claims: Float64Array;
}

/** A 52-bit hash of `text` after `seed` (two 26-bit halves of FNV-1a-style hashes with different multipliers), exact in a double. */
function keyOf(text: string, seed = 0): number {
  let h1 = 0x811c9dc5 ^ seed;
  let h2 = 0x27d4eb2f ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 6) * 0x4000000 + (h2 >>> 6);
}

/** The seed of a layer's claim keys: its id's hash, folded to 32 bits. */
const layerSeed = (layerId: string): number => keyOf(layerId) % 0x100000000 | 0;

/** The sorted keys of a part's ids; `hash` is the key function (tests give one that makes every id collide). */
export function idKeys(ids: PartIds, hash: (text: string, seed?: number) => number = keyOf): IdKeys {
  const features: number[] = [];
  const claims: number[] = [];
  for (const list of ids.features.values()) for (const id of list) features.push(hash(id));
  for (const [layerId, list] of ids.claims) {
    const seed = layerSeed(layerId);
    for (const id of list) claims.push(hash(id, seed));
  }
  return { features: Float64Array.from(features).sort(), claims: Float64Array.from(claims).sort() };
}

/** The values a sorted list holds more than once. */
function repeatedKeys(a: Float64Array): Set<number> {
  const out = new Set<number>();
  for (let i = 1; i < a.length; i++) if (a[i] === a[i - 1]) out.add(a[i]);
  return out;
}

/** The values in both sorted lists. */
function sharedKeys(a: Float64Array, b: Float64Array): Set<number> {
  const out = new Set<number>();
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out.add(a[i]);
      i++;
      j++;
    }
  }
  return out;
}

/** Each id of the parts whose key is among `keys`: a feature id after `f`, a claim id with its layer as a JSON pair (which no layer and id of other names can also spell). */
function idsWithKeys(parts: readonly PartIds[], keys: { features: Set<number>; claims: Set<number> }, hash: (text: string, seed?: number) => number): string[][] {
  return parts.map((ids) => {
    const out: string[] = [];
    if (keys.features.size > 0) for (const list of ids.features.values()) for (const id of list) if (keys.features.has(hash(id))) out.push(`f\0${id}`);
    if (keys.claims.size > 0)
      for (const [layerId, list] of ids.claims) {
        const seed = layerSeed(layerId);
        for (const id of list) if (keys.claims.has(hash(id, seed))) out.push(JSON.stringify([layerId, id]));
      }
    return out;
  });
}

/** Whether an id repeats within a part whose sorted keys are `keys`. */
export function repeatsWithin(ids: PartIds, keys: IdKeys, hash: (text: string, seed?: number) => number = keyOf): boolean {
  const shared = { features: repeatedKeys(keys.features), claims: repeatedKeys(keys.claims) };
  if (shared.features.size === 0 && shared.claims.size === 0) return false;
  const [mine] = idsWithKeys([ids], shared, hash);
  return new Set(mine).size < mine.length;
}

/**
 * Whether any feature id repeats anywhere in the two parts, or any claim id within a layer:
 * only then would checking slice by slice name a different copy than reading the file whole.
 * Each part has said whether its own ids repeat; the keys find those the two share.
 */
export function repeatsIds(a: Pick<PartChecked, 'ids' | 'keys' | 'repeats'>, b: Pick<PartChecked, 'ids' | 'keys' | 'repeats'>, hash: (text: string, seed?: number) => number = keyOf): boolean {
  if (a.repeats || b.repeats) return true;
  const shared = { features: sharedKeys(a.keys.features, b.keys.features), claims: sharedKeys(a.keys.claims, b.keys.claims) };
  if (shared.features.size === 0 && shared.claims.size === 0) return false;
  const [mine, theirs] = idsWithKeys([a.ids, b.ids], shared, hash);
  const seen = new Set(mine);
  return theirs.some((id) => seen.has(id));
}

/**
 * Whether the first half read as its text promised: it parsed slice by slice and held the
 * `offset` features told to the second. If not, the halves give way to one whole reading
 * without waiting for the second.
 */
export const firstHalfReads = (first: PartChecked | null, offset: number): first is PartChecked => first !== null && first.count === offset;

/** Whether the two halves' reading stands: the second read too, and no id repeats between or within them. */
export const halvesStand = (first: PartChecked, second: PartChecked | null): second is PartChecked => second !== null && !repeatsIds(first, second);

/** The layers of the whole file in the order they first appear: the first part's, then the second's new ones. */
export function layerOrder(first: readonly string[], second: readonly string[]): string[] {
  const seen = new Set(first);
  return [...first, ...second.filter((id) => !seen.has(id))];
}

/** A part once checked: what the file's reading needs of it, its features being with the page already. */
export interface PartChecked {
  groupingProblems: Problem[];
  /** The layers in the order they first appear in this part, each titled by its first feature. */
  layers: LayerDef[];
  /** Per layer: the problems found and the ids of the features kept, in file order. */
  checked: Map<string, { problems: Problem[]; kept: string[] }>;
  /** The ids the part carries, for `repeatsIds`. */
  ids: PartIds;
  /** The same ids as sorted keys (see `IdKeys`), and whether one repeats within the part. */
  keys: IdKeys;
  repeats: boolean;
  count: number;
}

/**
 * Hears where the part's slices lie in its text (`sliced`, once, before any is checked), the
 * kept features of one layer in one slice (`remake` makes them again, the same, from the
 * slice's text), and progress.
 */
export interface CheckListener {
  sliced?(ranges: readonly [number, number][]): void;
  kept(layerId: string, features: EventFeature[], remake: Remake): void;
  progress(done: number, total: number): void;
}

/**
 * How many features a part's text holds if every `},{"type":"Feature"` in it lies between
 * two of them; the part's check then finds as many, or the file is read whole. Told to
 * the second part before either is checked, as the place in the file of its first feature.
 */
export function countFeatures(text: string, body: ListBody | null = bodyOf(text)): number {
  // What `sliceRanges(text, 1).length` gives, without making a range per feature: on the first
  // worker's way to telling the second where its half starts, that took 211 ms cold for 50,000
  // features in Node, against 6 ms for this loop.
  if (!body) return 0;
  const close = body[1];
  let count = 0;
  for (let from = body[0]; from < close; ) {
    count++;
    const at = from + 1 < close ? text.indexOf(BETWEEN, from + 1) : -1;
    if (at < 0 || at >= close) break;
    from = at + 2;
  }
  return count;
}

/**
 * Checks a part's features text slice by slice, `offset` being the place in the file of its
 * first feature, with the file's head and catalogue; `listen` hears each slice's kept
 * features, layer by layer, as they are checked. Null when a slice does not parse, or a
 * feature embeds a whole source record (the earlier form, whose catalogue is gathered from
 * every feature): the file is then read whole.
 */
export function checkPart(file: string, text: string, offset: number, head: ExportHead, catalogue: ExportCatalogue, listen: CheckListener, size = SLICE_CHARS, body: ListBody | null = bodyOf(text)): PartChecked | null {
  const slices = sliceRanges(text, size, body);
  if (!slices) return null;
  listen.sliced?.(slices);
  const layers = new Map<string, LayerDef>();
  const checked: PartChecked['checked'] = new Map();
  const groupingProblems: Problem[] = [];
  const ids: PartIds = { features: new Map(), claims: new Map() };
  const seen = new Set<string>();
  const claimIds = new Map<string, (id: unknown) => boolean>();
  const { records, conflicting } = head.cited;
  const before = [records.size, conflicting.size];
  // The slice last parsed again to make its features again, for the export texts written after the load.
  let again: { index: number; groups: ExportGroups } | null = null;
  const regroup = (index: number, at: number): ExportGroups => {
    if (again?.index !== index) again = { index, groups: groupFeatures(file, head, parseSlice(text, slices[index])!, at) };
    return again.groups;
  };
  let at = offset;
  for (const [index, range] of slices.entries()) {
    const list = parseSlice(text, range);
    if (!list) return null;
    const groups = groupFeatures(file, head, list, at);
    if (records.size !== before[0] || conflicting.size !== before[1]) return null;
    append(groupingProblems, groups.problems);
    const mine = partIds(groups);
    for (const [layerId, f] of mine.features) joinList(ids.features, layerId, f);
    for (const [layerId, c] of mine.claims) joinList(ids.claims, layerId, c);
    for (const [layerId, group] of groups.byLayer) {
      if (!layers.has(layerId)) layers.set(layerId, groups.layers.get(layerId)!);
      let claimsSeen = claimIds.get(layerId);
      if (!claimsSeen) claimIds.set(layerId, (claimsSeen = unique()));
      let into = checked.get(layerId);
      if (!into) checked.set(layerId, (into = { problems: [], kept: [] }));
      const result = validateLayerFile(file, { type: 'FeatureCollection', features: group.items }, layers.get(layerId)!, catalogue.known, seen, claimsSeen, (k) => group.at[k]);
      append(into.problems, result.problems);
      for (const f of result.features) into.kept.push(f.id);
      listen.kept(layerId, result.features, remaker(regroup, index, at, layerId, keptPlaces(group.items, result.features)));
    }
    at += list.length;
    listen.progress(range[1], text.length);
  }
  const keys = idKeys(ids);
  return { groupingProblems, layers: [...layers.values()], checked, ids, keys, repeats: repeatsWithin(ids, keys), count: at - offset };
}

/**
 * Makes a slice's kept features of one layer again from its text. A function of its own, so
 * that what it keeps is only what it names: a closure made in the loop would keep the whole
 * slice's parsed features alive with the loop's scope.
 */
function remaker(regroup: (index: number, at: number) => ExportGroups, index: number, at: number, layerId: string, keptAt: Uint32Array): Remake {
  const remake = () => keptItems(regroup(index, at), layerId, keptAt)!;
  return Object.assign(remake, { plan: { slice: index, at, layerId, keptAt } });
}

/** Makes a slice's kept features of one layer again; `plan` says how, for a worker that has only the file (see `write-plan.ts`). */
export type Remake = (() => EventFeature[]) & { plan: Omit<PiecePlan, 'from' | 'to'> };

/** The places in `items` of the features kept from them, in order (kept is a subsequence of items). */
function keptPlaces(items: readonly unknown[], kept: readonly EventFeature[]): Uint32Array {
  const out = new Uint32Array(kept.length);
  let k = 0;
  for (let i = 0; i < items.length && k < kept.length; i++) if (items[i] === kept[k]) out[k++] = i;
  return out;
}

/**
 * Checks a part in its worker (`which`: 0 the first, 1 the second), sending each slice's kept
 * features to the page at once, as pieces of their layer and part, and the part's progress
 * (characters of its text checked).
 */
export function checkAndSend(
  file: string,
  text: string,
  body: ListBody | null,
  offset: number,
  head: ExportHead,
  catalogue: ExportCatalogue,
  which: 0 | 1,
  sender: PieceSender,
  post: (msg: ImportReply) => void,
  sliced?: (ranges: readonly [number, number][]) => void,
): PartChecked | null {
  const sent = { sources: catalogue.byId, originators: catalogue.originators };
  return checkPart(
    file,
    text,
    offset,
    head,
    catalogue,
    {
      sliced,
      kept: (layer, features, remake) => sender.send(features, sent, (piece, prepared, seq) => post({ type: 'features', outcome: 0, features: piece, prepared, layer, part: which, seq }), undefined, remake),
      progress: (done) => post({ type: 'progress', phase: 'checking', done, total: text.length, ...(which === 1 ? { part: 1 as const } : {}) }),
    },
    SLICE_CHARS,
    body,
  );
}

/**
 * Puts the two parts together as one reading of the file would have: its problems in
 * order, its layers, and the ids of every feature kept (for checking the links). The
 * features themselves are put together where they arrive: each layer's first part, then its second.
 */
export function joinParts(file: string, head: ExportHead, catalogue: ExportCatalogue, first: PartChecked, second: PartChecked, order: readonly string[]): { atlas: Atlas; problems: Problem[] } {
  const problems = [...head.problems, ...first.groupingProblems, ...second.groupingProblems, ...catalogue.problems];
  const layerDefs = new Map(first.layers.map((l) => [l.id, l]));
  for (const l of second.layers) if (!layerDefs.has(l.id)) layerDefs.set(l.id, l);
  const kept = new Set<string>();
  for (const layerId of order) {
    for (const part of [first, second]) {
      const c = part.checked.get(layerId);
      if (!c) continue;
      for (const p of c.problems) problems.push(p);
      for (const id of c.kept) kept.add(id);
    }
  }
  const all = () => [first, second].flatMap((part) => [...part.ids.features.values()].flat());
  return finishExport(file, head, catalogue, order.map((id) => layerDefs.get(id)!), [], keptOf(kept, all), problems);
}

/** The file's head opened and its catalogue closed, as each part checks with them; null when the head is not an export this app reads. */
export function openHead(file: string, head: unknown): { head: ExportHead; catalogue: ExportCatalogue } | null {
  const opened = openExport(file, head);
  if ('refused' in opened) return null;
  return { head: opened, catalogue: closeCatalogue(file, opened) };
}

/**
 * The whole exchange in one thread, for tests: reads the text of an export (as its features
 * list's two halves' texts) in slices of about `size` characters, and returns what reading
 * it whole returns, with each layer's kept features put in their places, `sent` as the
 * parts heard them and `remade` as they are made again for the export texts; `fromFile`
 * makes them again as a fresh worker does, from the halves' bytes (see `write-plan.ts`).
 * Null when the file is read whole instead.
 */
export function importExportInParts(
  file: string,
  head: unknown,
  halves: [string, string],
  size = SLICE_CHARS,
): { atlas: Atlas; problems: Problem[]; sent: EventFeature[]; remade: EventFeature[]; fromFile: (bytes: [Blob, Blob]) => Promise<EventFeature[] | null> } | null {
  const opened = openHead(file, head);
  if (!opened) return null;
  const got = new Map<string, EventFeature[][]>();
  const sent: EventFeature[] = [];
  const remakes: (() => EventFeature[])[] = [];
  const plans: PiecePlan[][] = [[], []];
  const slices: (readonly [number, number][])[] = [[], []];
  const check = (which: 0 | 1, offset: number) =>
    checkPart(
      file,
      halves[which],
      offset,
      opened.head,
      opened.catalogue,
      {
        sliced: (ranges) => (slices[which] = ranges),
        kept: (layer, features, remake) => {
          if (!got.has(layer)) got.set(layer, [[], []]);
          got.get(layer)![which].push(...features);
          sent.push(...features);
          remakes.push(remake);
          if (features.length > 0) plans[which].push({ ...remake.plan, from: 0, to: features.length });
        },
        progress: () => {},
      },
      size,
    );
  const offset = countFeatures(halves[0]);
  const a = check(0, 0);
  const b = check(1, offset);
  if (!firstHalfReads(a, offset) || !halvesStand(a, b)) return null;
  const order = layerOrder(a.layers.map((l) => l.id), b.layers.map((l) => l.id));
  const joined = joinParts(file, opened.head, opened.catalogue, a, b, order);
  const features = order.flatMap((layer) => (got.get(layer) ?? []).flat());
  const fromFile = async (bytes: [Blob, Blob]): Promise<EventFeature[] | null> => {
    const out: EventFeature[] = [];
    for (const which of [0, 1] as const) {
      const ranges = byteRanges(halves[which], slices[which], bytes[which].size);
      if (!ranges) return null;
      const part = new PlannedPart(file, opened.head, { part: which, head: '', bytes: bytes[which], slices: ranges, pieces: plans[which] });
      for (let seq = 0; seq < plans[which].length; seq++) {
        const piece = await part.piece(seq);
        if (!piece) return null;
        append(out, piece);
      }
    }
    return out;
  };
  return { ...joined, atlas: { ...joined.atlas, features }, sent, remade: remakes.flatMap((r) => r()), fromFile };
}

/** What the first worker tells the second over the line between them. */
export type ToSecond =
  /** The bytes of the second half of the file's features (see `cutExportBytes`): read them now. */
  | { type: 'part'; file: string; bytes: Blob }
  /** The file's head (the collection without its features), and how many features the first half has (`countFeatures`): the place in the file of the second half's first. Check now. */
  | { type: 'offset'; offset: number; head: string }
  /** The file is read whole after all. */
  | { type: 'stop' };

/** What the second worker answers once it has checked its half and sent its features: what it found, or null when its half cannot be read on its own. */
export type ToFirst = { type: 'checked'; summary: PartChecked | null };
