import { anchor } from '../data/geometry';
import type { EventFeature, Source } from '../data/schema';
import { actorsOf, type Filters, type TimeWindow } from './filters';
import { prepared } from './prepared';

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
  const clamped = Math.max(-85.051129, Math.min(85.051129, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}

/** Builds the columns of a feature list; `layerIds` fixes the layer rows (unknown layers are appended). */
export function buildIndex(features: readonly EventFeature[], sources: ReadonlyMap<string, Source>, layerIds: readonly string[] = []): FeatureIndex {
  const n = features.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const radius = new Float32Array(n);
  const estimate = new Uint8Array(n);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const layer = new Uint16Array(n);
  const layers = [...layerIds];
  const layerRow = new Map(layers.map((id, i) => [id, i]));
  const actors: string[] = [];
  const actorRow = new Map<string, number>();
  const actorStart = new Uint32Array(n + 1);
  const actorList: number[] = [];
  const text: string[] = new Array(n);
  const row = new Map<string, number>();
  const ids: string[] = new Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  let datedCount = 0;
  for (let i = 0; i < n; i++) {
    const f = features[i];
    const p = f.properties;
    row.set(f.id, i);
    ids[i] = f.id;
    const [lon, lat] = anchor(f);
    [x[i], y[i]] = mercator(lon, lat);
    radius[i] = Math.min(p.location.radiusM, MAX_CIRCLE_M) / (EARTH_CIRCUMFERENCE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    estimate[i] = p.location.basis === 'estimate' ? 1 : 0;
    const ready = prepared(f, sources);
    start[i] = ready.start;
    end[i] = ready.end;
    text[i] = ready.text;
    if (!Number.isNaN(ready.start)) {
      if (ready.start < lo) lo = ready.start;
      if (ready.end - 1 > hi) hi = ready.end - 1;
      datedCount++;
    }
    let l = layerRow.get(p.layer);
    if (l === undefined) {
      l = layers.push(p.layer) - 1;
      layerRow.set(p.layer, l);
    }
    layer[i] = l;
    actorStart[i] = actorList.length;
    for (const a of actorsOf(f)) {
      let r = actorRow.get(a);
      if (r === undefined) {
        r = actors.push(a) - 1;
        actorRow.set(a, r);
      }
      actorList.push(r);
    }
  }
  actorStart[n] = actorList.length;
  const order = new Uint32Array(n);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    // Undated rows sort last.
    key[i] = Number.isNaN(start[i]) ? Infinity : start[i];
  }
  // Ties keep the file order.
  order.sort((a, b) => key[a] - key[b] || a - b);
  const extent = datedCount > 0 ? { start: Math.floor(lo / DAY) * DAY, end: Math.ceil(hi / DAY) * DAY } : null;
  return { n, ids, row, x, y, radius, estimate, start, end, layer, layerIds: layers, actorStart, actorRows: Uint16Array.from(actorList), actors, text, order, extent, datedCount };
}

/** The words of a search, lower-cased. */
export function queryWords(query: string): string[] {
  return query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
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

/** 1 per layer row that is shown. */
export function shownLayers(index: FeatureIndex, hiddenLayers: ReadonlySet<string>): Uint8Array {
  return Uint8Array.from(index.layerIds, (id) => (hiddenLayers.has(id) ? 0 : 1));
}

/** True when row `i` overlaps the window (both ends included); undated rows always do. */
export function rowInWindow(index: FeatureIndex, i: number, window: TimeWindow | null): boolean {
  if (!window || Number.isNaN(index.start[i])) return true;
  return index.end[i] > window.start && index.start[i] <= window.end;
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

/** Combines the match rows with the hidden layers and the time window. */
export function shownRows(index: FeatureIndex, match: Uint8Array, filters: Filters): Shown {
  const layerOn = shownLayers(index, filters.hiddenLayers);
  const mask = new Uint8Array(index.n);
  const rows = new Uint32Array(index.n);
  const perLayer = new Uint32Array(index.layerIds.length);
  const perActor = new Uint32Array(index.actors.length);
  let count = 0;
  let dated = 0;
  // The window's test inlined (this runs on every timeline step): undated rows always pass.
  const lo = filters.window ? filters.window.start : -Infinity;
  const hi = filters.window ? filters.window.end : Infinity;
  const { order, start, end, layer, actorStart, actorRows } = index;
  for (let k = 0; k < index.n; k++) {
    const i = order[k];
    const s = start[i];
    const undated = s !== s;
    if (!match[i] || !layerOn[layer[i]] || (!undated && !(end[i] > lo && s <= hi))) continue;
    mask[i] = 1;
    rows[count++] = i;
    if (!undated) dated++;
    perLayer[layer[i]]++;
    for (let a = actorStart[i]; a < actorStart[i + 1]; a++) perActor[actorRows[a]]++;
  }
  return { mask, rows: rows.slice(0, count), datedCount: dated, perLayer, perActor };
}

/** Features per layer row and per actor row, whatever the filters. */
export function totals(index: FeatureIndex): { perLayer: Uint32Array; perActor: Uint32Array } {
  const perLayer = new Uint32Array(index.layerIds.length);
  const perActor = new Uint32Array(index.actors.length);
  for (let i = 0; i < index.n; i++) perLayer[index.layer[i]]++;
  for (let k = 0; k < index.actorRows.length; k++) perActor[index.actorRows[k]]++;
  return { perLayer, perActor };
}
