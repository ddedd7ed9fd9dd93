import type { EventFeature, Source } from '../data/schema';
import { actorsOf, searchTexts, timeSpan } from './filters';

/**
 * What indexing reads from each feature, as columns parallel to a feature list: its search
 * text and time span (which cost time to work out), and its layer, actors and precision
 * radius. The import and atlas workers work them out off the main thread and send them with
 * the features; the index then only copies numbers, and never reads a feature's properties
 * (which stay as text until something shows them, see `data/stored-feature.ts`).
 */
export interface PreparedColumns {
  text: string[];
  /** Milliseconds; `end` exclusive; NaN when undated. */
  start: Float64Array;
  end: Float64Array;
  layer: string[];
  /** `location.radiusM`. */
  radiusM: Float64Array;
  /** 1 when `location.basis` is an estimate. */
  estimate: Uint8Array;
  /** How many of `actors` each feature has (`actorsOf`: reference places under one name). */
  actorCount: Uint16Array;
  /** Every feature's actors, one after the other. */
  actors: string[];
}

export const NO_COLUMNS: PreparedColumns = {
  text: [],
  start: new Float64Array(0),
  end: new Float64Array(0),
  layer: [],
  radiusM: new Float64Array(0),
  estimate: new Uint8Array(0),
  actorCount: new Uint16Array(0),
  actors: [],
};

/** Works out the prepared columns of every feature. */
export function prepareAll(features: readonly EventFeature[], sources: ReadonlyMap<string, Source>): PreparedColumns {
  const n = features.length;
  // Lists filled by push, not made with `new Array(n)`: a list made with room for its items is holey, and goes to the page in the structured clone's sparse form (see data/lists.ts).
  const text: string[] = [];
  const layer: string[] = [];
  const actors: string[] = [];
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const radiusM = new Float64Array(n);
  const estimate = new Uint8Array(n);
  const actorCount = new Uint16Array(n);
  const searchText = searchTexts(sources);
  for (let i = 0; i < n; i++) {
    const f = features[i];
    const p = f.properties;
    const span = p.time ? timeSpan(p.time) : null;
    text.push(searchText(f));
    start[i] = span ? span.start : NaN;
    end[i] = span ? span.end + 1 : NaN;
    layer.push(p.layer);
    radiusM[i] = p.location.radiusM;
    estimate[i] = p.location.basis === 'estimate' ? 1 : 0;
    const own = actorsOf(f);
    actorCount[i] = own.length;
    for (const a of own) actors.push(a);
  }
  return { text, start, end, layer, radiusM, estimate, actorCount, actors };
}

/** The columns of each part, one part after the other, copied once. */
export function joinColumns(parts: readonly PreparedColumns[]): PreparedColumns {
  const n = parts.reduce((sum, p) => sum + p.text.length, 0);
  const text = ([] as string[]).concat(...parts.map((p) => p.text));
  const layer = ([] as string[]).concat(...parts.map((p) => p.layer));
  const actors = ([] as string[]).concat(...parts.map((p) => p.actors));
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const radiusM = new Float64Array(n);
  const estimate = new Uint8Array(n);
  const actorCount = new Uint16Array(n);
  let at = 0;
  for (const p of parts) {
    start.set(p.start, at);
    end.set(p.end, at);
    radiusM.set(p.radiusM, at);
    estimate.set(p.estimate, at);
    actorCount.set(p.actorCount, at);
    at += p.text.length;
  }
  return { text, start, end, layer, radiusM, estimate, actorCount, actors };
}

/** Where each row's actors begin in `c.actors`, and where the last ends (one more entry than rows). */
export function actorOffsets(c: PreparedColumns): Uint32Array {
  const out = new Uint32Array(c.actorCount.length + 1);
  for (let i = 0; i < c.actorCount.length; i++) out[i + 1] = out[i] + c.actorCount[i];
  return out;
}

/** The rows `rows` of some columns, in that order. */
export function pickColumns(c: PreparedColumns, rows: readonly number[]): PreparedColumns {
  const from = actorOffsets(c);
  const actors: string[] = [];
  for (const i of rows) for (let k = from[i]; k < from[i + 1]; k++) actors.push(c.actors[k]);
  return {
    text: rows.map((i) => c.text[i]),
    start: Float64Array.from(rows, (i) => c.start[i]),
    end: Float64Array.from(rows, (i) => c.end[i]),
    layer: rows.map((i) => c.layer[i]),
    radiusM: Float64Array.from(rows, (i) => c.radiusM[i]),
    estimate: Uint8Array.from(rows, (i) => c.estimate[i]),
    actorCount: Uint16Array.from(rows, (i) => c.actorCount[i]),
    actors,
  };
}
