import { anchor } from '../data/geometry';
import { StoredFeature } from '../data/stored-feature';
import type { EventFeature, Source } from '../data/schema';
import { queryWords, type Filters, type TimeWindow } from './filters';
import { Names, prepareAll, type PreparedColumns } from './prepared';

/**
 * The features as typed columns, built once per atlas: what filtering, drawing, picking and
 * counting read on every change, so that work never walks the nested feature objects or
 * parses a date again. Row `i` is `atlas.features[i]`.
 */
export interface FeatureIndex {
  n: number;
  ids: string[];
  /** Feature id to row. */
  row: ReadonlyMap<string, number>;
  /** Web Mercator position, 0..1 across the world (what the map's GPU layer draws). */
  x: Float32Array;
  y: Float32Array;
  /** The precision radius in Web Mercator units at the feature's latitude. */
  radius: Float32Array;
  /** 1 when the position is an estimate (drawn dashed and paler). */
  estimate: Uint8Array;
  /** Milliseconds since the epoch; `end` is exclusive. NaN for undated reference places. */
  start: Float64Array;
  end: Float64Array;
  /** Row of each feature's layer in `layerIds`. */
  layer: Uint16Array;
  layerIds: string[];
  /** Each feature's actors as rows of `actors`: `actorRows[actorStart[i]..actorStart[i+1]]`. */
  actorStart: Uint32Array;
  actorRows: Uint16Array;
  /** Every actor in first-seen order, reference places under their own name. */
  actors: string[];
  /** Lower-case text the search looks through, one per feature. */
  text: string[];
  /** Rows in time order, undated ones last. */
  order: Uint32Array;
  /** The span of all dated features, padded to whole UTC days; null when none is dated. */
  extent: TimeWindow | null;
  datedCount: number;
}

const DAY = 86_400_000;
/** Metres around the equator of the sphere Web Mercator uses. */
const EARTH_CIRCUMFERENCE = 40_075_016.686;
/** Widest precision circle drawn, in metres: a quarter of the Earth's circumference (larger radii would wrap round the globe). */
export const MAX_CIRCLE_M = 10_000_000;

/** Web Mercator x and y (0..1) of a longitude and latitude. */
export function mercator(lon: number, lat: number): [number, number] {
  return [(lon + 180) / 360, mercatorY(lat)];
}

function mercatorY(lat: number): number {
  const clamped = Math.max(-85.051129, Math.min(85.051129, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}

/** Builds the columns of a feature list, working out each feature's search text and time span here; `layerIds` fixes the layer rows (unknown layers are appended). */
export function buildIndex(features: readonly EventFeature[], sources: ReadonlyMap<string, Source>, layerIds: readonly string[] = []): FeatureIndex {
  return indexColumns(features, prepareAll(features, sources), layerIds);
}

/**
 * Each row's time as the list orders it: the middle of the span it may have happened in
 * (whole milliseconds; NaN when undated). By the start, a strike reported only as 16
 * January in Pakistan (from 19:00 UTC on the 15th) came before one at 23:36 on 15 January
 * in Iraq, and the list, showing local dates, read out of order.
 */
function middles(start: Float64Array, end: Float64Array): Float64Array {
  const out = new Float64Array(start.length);
  for (let i = 0; i < start.length; i++) out[i] = start[i] + Math.floor((end[i] - start[i]) / 2);
  return out;
}

/** Sort key of a row: its time (see `middles`), undated rows last. */
const keyOf = (start: Float64Array, i: number) => (start[i] === start[i] ? start[i] : Infinity);

/**
 * Builds the columns of a feature list from its prepared columns (parallel to it). Given
 * `base`, the index of the list's first `base.n` features, built with the same layer ids or
 * fewer, only the rows after those are worked out and the rest is copied: adding a file to a
 * million events then costs what the file costs, not a second pass over the million. The
 * extended index takes over the base's `row` map (built the same way, it would only be
 * copied); the base must not be used afterwards.
 */
export function indexColumns(features: readonly EventFeature[], prepared: PreparedColumns, layerIds: readonly string[] = [], base?: FeatureIndex): FeatureIndex {
  const n = features.length;
  if (prepared.text.length !== n) throw new Error(`the prepared columns have ${prepared.text.length} rows for ${n} features`);
  const m = base?.n ?? 0;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const radius = new Float32Array(n);
  const estimate = new Uint8Array(n);
  const layer = new Uint16Array(n);
  const actorStart = new Uint32Array(n + 1);
  if (base) {
    x.set(base.x);
    y.set(base.y);
    radius.set(base.radius);
    estimate.set(base.estimate);
    layer.set(base.layer);
    actorStart.set(base.actorStart);
  }
  const { start, end, text } = prepared;
  const layers = new Names(base && base.layerIds.length >= layerIds.length ? base.layerIds : layerIds);
  const actors = new Names(base?.actors);
  const baseActorRows = base?.actorRows.length ?? 0;
  const actorList: number[] = [];
  const row = (base?.row as Map<string, number> | undefined) ?? new Map<string, number>();
  const ids: string[] = base ? base.ids.slice() : [];
  let lo = Infinity;
  let hi = -Infinity;
  let dated = 0;
  // The prepared columns cover every row; the actors of the rows already indexed are skipped.
  let actorAt = 0;
  for (let k = 0; k < m && k < prepared.actorCount.length; k++) actorAt += prepared.actorCount[k];
  const layerRowOf = rowsOf(prepared.layerIds, layers);
  const actorRowOf = rowsOf(prepared.actorNames, actors);
  for (let i = m; i < n; i++) {
    const f = features[i];
    row.set(f.id, i);
    ids.push(f.id);
    // A stored point is read from its numbers, as `anchor` does; written out here, where it
    // runs for every row, the index of 100,000 rows took 34–46 ms against 64–73 ms with the
    // call (one pair of runs in Node). No geometry object is made either way.
    const [lon, lat] = f instanceof StoredFeature && f.lon === f.lon ? [f.lon, f.lat] : anchor(f);
    x[i] = (lon + 180) / 360;
    y[i] = mercatorY(lat);
    radius[i] = Math.min(prepared.radiusM[i], MAX_CIRCLE_M) / (EARTH_CIRCUMFERENCE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    estimate[i] = prepared.estimate[i];
    if (!Number.isNaN(start[i])) {
      if (start[i] < lo) lo = start[i];
      if (end[i] - 1 > hi) hi = end[i] - 1;
      dated++;
    }
    layer[i] = layerRowOf(prepared.layer[i]);
    actorStart[i] = baseActorRows + actorList.length;
    for (let k = 0; k < prepared.actorCount[i]; k++) actorList.push(actorRowOf(prepared.actors[actorAt++]));
  }
  actorStart[n] = baseActorRows + actorList.length;
  const actorRows = new Uint16Array(baseActorRows + actorList.length);
  if (base) actorRows.set(base.actorRows);
  actorRows.set(actorList, baseActorRows);
  // The new rows in time order (ties keep the file order), merged into the base's order.
  const middle = middles(start, end);
  const fresh = timeOrder(middle, m, n);
  const order = base ? mergeOrder(base.order, fresh, middle) : fresh;
  const padded = dated > 0 ? { start: Math.floor(lo / DAY) * DAY, end: Math.ceil(hi / DAY) * DAY } : null;
  const extent = base?.extent && padded ? { start: Math.min(base.extent.start, padded.start), end: Math.max(base.extent.end, padded.end) } : (padded ?? base?.extent ?? null);
  return { n, ids, row, x, y, radius, estimate, start, end, layer, layerIds: layers.list, actorStart, actorRows, actors: actors.list, text, order, extent, datedCount: (base?.datedCount ?? 0) + dated };
}

/**
 * Rows `from` to `to` in time order: by their times in `start` (the list's are the middles of
 * their spans, see `middles`), undated rows last, ties in row order. Times
 * are whole milliseconds, so the usual case is a stable radix sort, 16 bits a pass, of each
 * time's distance from the earliest: a few passes over the rows, where a sort with a
 * comparator took about 25 ms at 100,000 rows. Fractions or a span beyond 2^48 ms fall back
 * to the comparator.
 */
export function timeOrder(start: Float64Array, from: number, to: number): Uint32Array {
  const n = to - from;
  let rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = from + i;
  let lo = Infinity;
  let hi = -Infinity;
  let whole = true;
  for (let i = from; i < to; i++) {
    const s = start[i];
    if (s !== s) continue;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
    if (s !== Math.floor(s)) whole = false;
  }
  if (lo > hi) return rows; // nothing dated
  const span = hi - lo;
  if (!whole || !(span < 2 ** 48)) return rows.sort((a, b) => keyOf(start, a) - keyOf(start, b) || a - b);
  // The undated rows after every dated one, in row order.
  const key = new Float64Array(to);
  for (let i = from; i < to; i++) key[i] = start[i] === start[i] ? start[i] - lo : span + 1;
  let spare = new Uint32Array(n);
  const count = new Uint32Array(65537);
  for (let shift = 1; shift <= span + 1; shift *= 65536) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(Math.floor(key[rows[i]] / shift) % 65536) + 1]++;
    for (let d = 1; d <= 65536; d++) count[d] += count[d - 1];
    for (let i = 0; i < n; i++) spare[count[Math.floor(key[rows[i]] / shift) % 65536]++] = rows[i];
    [rows, spare] = [spare, rows];
  }
  return rows;
}

/**
 * The index's row of each number of a list of names (`names`, as prepared columns number
 * them), looked up in `into` when first met: a name the index lacks is appended, in the order
 * the rows bring them, as when each row's name was looked up.
 */
function rowsOf(names: readonly string[], into: Names): (code: number) => number {
  const known = new Int32Array(names.length).fill(-1);
  return (code) => (known[code] >= 0 ? known[code] : (known[code] = into.row(names[code])));
}

/** Two runs of rows, each in time order, as one; on equal times the first run's rows (earlier in the file) come first. */
function mergeOrder(a: Uint32Array, b: Uint32Array, start: Float64Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = keyOf(start, b[j]) < keyOf(start, a[i]) ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/**
 * Builds indexes, remembering the last one: when the feature list only grew at its end (a
 * file added), with the same layers first, the next index extends it instead of starting again.
 */
export class Indexer {
  private last: { features: readonly EventFeature[]; layerIds: readonly string[]; index: FeatureIndex } | null = null;

  index(features: readonly EventFeature[], prepared: PreparedColumns, layerIds: readonly string[]): FeatureIndex {
    const last = this.last;
    const base = last && grewFrom(features, last.features) && layersKept(layerIds, last.layerIds, last.index) ? last.index : undefined;
    const index = base && base.n === features.length && base.layerIds.length >= layerIds.length ? base : indexColumns(features, prepared, layerIds, base);
    this.last = { features, layerIds, index };
    return index;
  }
}

/** True when `list` starts with every feature of `before`, the same objects in the same order. */
function grewFrom(list: readonly EventFeature[], before: readonly EventFeature[]): boolean {
  if (list.length < before.length) return false;
  for (let i = 0; i < before.length; i++) if (list[i] !== before[i]) return false;
  return true;
}

/**
 * True when the layer rows of an index built with `before` stay valid for `now`: `now`
 * starts with `before`, and either adds nothing or the index appended no unknown layers.
 */
function layersKept(now: readonly string[], before: readonly string[], index: FeatureIndex): boolean {
  if (now.length < before.length || before.some((id, i) => now[i] !== id)) return false;
  return now.length === before.length || index.layerIds.length === before.length;
}

/**
 * Remembers the last search so that typing one more letter only re-tests the rows the
 * shorter query matched (a longer word can only match fewer rows).
 */
export class SearchCache {
  private words: string[] = [];
  private rows: Uint8Array | null = null;
  constructor(private readonly index: FeatureIndex) {}

  /** 1 for each row whose text holds every word of the query. */
  match(query: string): Uint8Array {
    const words = queryWords(query);
    const out = new Uint8Array(this.index.n);
    const prev = this.rows;
    // Each old word must still be within a new word at the same place, and no word may have gone.
    const narrows = prev !== null && words.length >= this.words.length && this.words.every((w, i) => words[i].includes(w));
    const text = this.index.text;
    for (let i = 0; i < this.index.n; i++) {
      if (narrows && !prev[i]) continue;
      let ok = 1;
      for (const w of words) if (!text[i].includes(w)) { ok = 0; break; }
      out[i] = ok;
    }
    this.words = words;
    this.rows = out;
    return out;
  }
}

/**
 * What the actor and search filters let through: 1 per row. The time window and hidden
 * layers are applied separately (on the GPU for the map), so a timeline step leaves this alone.
 */
export function matchRows(index: FeatureIndex, hiddenActors: ReadonlySet<string>, searchRows: Uint8Array | null): Uint8Array {
  const out = new Uint8Array(index.n);
  const hidden = new Uint8Array(index.actors.length);
  index.actors.forEach((a, r) => (hidden[r] = hiddenActors.has(a) ? 1 : 0));
  for (let i = 0; i < index.n; i++) {
    if (searchRows && !searchRows[i]) continue;
    // A feature is hidden only when every one of its actors is.
    let shown = 0;
    for (let k = index.actorStart[i]; k < index.actorStart[i + 1]; k++) if (!hidden[index.actorRows[k]]) { shown = 1; break; }
    out[i] = shown;
  }
  return out;
}

/** `before` when it holds the same rows as `now` (same length, same bytes), else `now`. */
export function sameRowsOr(before: Uint8Array | null, now: Uint8Array): Uint8Array {
  if (!before || before.length !== now.length) return now;
  for (let i = 0; i < now.length; i++) if (before[i] !== now[i]) return now;
  return before;
}

/** 1 per layer row that is shown. */
export function shownLayers(index: FeatureIndex, hiddenLayers: ReadonlySet<string>): Uint8Array {
  return Uint8Array.from(index.layerIds, (id) => (hiddenLayers.has(id) ? 0 : 1));
}

/**
 * True when row `i` overlaps the window; undated rows always do. Both are half-open, as
 * `end` is: a window to 1 July 00:00 UTC holds none of 1 July, and an event of that day starts there.
 */
export function rowInWindow(index: FeatureIndex, i: number, window: TimeWindow | null): boolean {
  if (!window || Number.isNaN(index.start[i])) return true;
  return index.end[i] > window.start && index.start[i] < window.end;
}

/** Everything the filters show: one pass over the columns. */
export interface Shown {
  /** 1 per row shown. */
  mask: Uint8Array;
  /** Shown rows in time order. */
  rows: Uint32Array;
  datedCount: number;
  perLayer: Uint32Array;
  perActor: Uint32Array;
}

/**
 * Combines the match rows with the hidden layers and the time window. This runs on every
 * timeline step, so the test is inlined and read row by row (each column in memory order);
 * only the second pass, over the time order, reads one byte per row out of order.
 */
export function shownRows(index: FeatureIndex, match: Uint8Array, filters: Pick<Filters, 'window' | 'hiddenLayers'>): Shown {
  const layerOn = shownLayers(index, filters.hiddenLayers);
  const { n, order, start, end, layer, actorStart, actorRows } = index;
  const mask = new Uint8Array(n);
  const perLayer = new Uint32Array(index.layerIds.length);
  const perActor = new Uint32Array(index.actors.length);
  let count = 0;
  let dated = 0;
  // Undated rows always pass the window.
  const lo = filters.window ? filters.window.start : -Infinity;
  const hi = filters.window ? filters.window.end : Infinity;
  for (let i = 0; i < n; i++) {
    const s = start[i];
    const undated = s !== s;
    if (!match[i] || !layerOn[layer[i]] || (!undated && !(end[i] > lo && s < hi))) continue;
    mask[i] = 1;
    count++;
    if (!undated) dated++;
    perLayer[layer[i]]++;
    for (let a = actorStart[i]; a < actorStart[i + 1]; a++) perActor[actorRows[a]]++;
  }
  const rows = new Uint32Array(count);
  for (let k = 0, at = 0; at < count; k++) {
    const i = order[k];
    if (mask[i]) rows[at++] = i;
  }
  return { mask, rows, datedCount: dated, perLayer, perActor };
}

/** Features per layer row and per actor row, whatever the filters. */
export function totals(index: FeatureIndex): { perLayer: Uint32Array; perActor: Uint32Array } {
  const perLayer = new Uint32Array(index.layerIds.length);
  const perActor = new Uint32Array(index.actors.length);
  for (let i = 0; i < index.n; i++) perLayer[index.layer[i]]++;
  for (let k = 0; k < index.actorRows.length; k++) perActor[index.actorRows[k]]++;
  return { perLayer, perActor };
}
