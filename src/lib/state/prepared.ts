import type { EventFeature, Incident, Originator, Source } from '../data/schema';
import { actorsOf, incidentSearchTexts, searchTexts, timeSpan } from './filters';

/**
 * What indexing reads from each feature, as columns parallel to a feature list: its search
 * text and time span (which cost time to work out), and its layer, actors and precision
 * radius. The import and atlas workers work them out off the main thread and send them with
 * the features; the index then only copies numbers, and never reads a feature's properties
 * (which stay as text until something shows them, see `data/stored-feature.ts`). Layers and
 * actors are numbers into lists of names: a million features then bring a few names, not
 * two million strings, and joining two sets of columns copies numbers.
 */
export interface PreparedColumns {
  text: string[];
  /** Milliseconds; `end` exclusive; NaN when undated. */
  start: Float64Array;
  end: Float64Array;
  /** Each feature's layer, as a row of `layerIds`. */
  layer: Uint16Array;
  layerIds: string[];
  /** `location.radiusM`. */
  radiusM: Float64Array;
  /** 1 when `location.basis` is an estimate. */
  estimate: Uint8Array;
  /** How many actors each feature has (`actorsOf`: reference places under one name). */
  actorCount: Uint16Array;
  /** Every feature's actors, one after the other, as rows of `actorNames`. */
  actors: Uint32Array;
  actorNames: string[];
}

export const NO_COLUMNS: PreparedColumns = {
  text: [],
  start: new Float64Array(0),
  end: new Float64Array(0),
  layer: new Uint16Array(0),
  layerIds: [],
  radiusM: new Float64Array(0),
  estimate: new Uint8Array(0),
  actorCount: new Uint16Array(0),
  actors: new Uint32Array(0),
  actorNames: [],
};

/** Names numbered in the order first given (after `initial`, which keep their places). */
export class Names {
  readonly list: string[];
  private readonly rows: Map<string, number>;

  constructor(initial: readonly string[] = []) {
    this.list = [...initial];
    this.rows = new Map(this.list.map((name, i) => [name, i]));
  }

  row(name: string): number {
    let r = this.rows.get(name);
    if (r === undefined) {
      r = this.list.push(name) - 1;
      this.rows.set(name, r);
    }
    return r;
  }
}

/** The layer id of row `i`. */
export const layerOf = (c: PreparedColumns, i: number): string => c.layerIds[c.layer[i]];

/** Works out the prepared columns of every feature; `originators`, the agencies the sources name, for search. */
export function prepareAll(features: readonly EventFeature[], sources: ReadonlyMap<string, Source>, originators?: ReadonlyMap<string, Originator>): PreparedColumns {
  const n = features.length;
  // Filled by push, not made with `new Array(n)`: a list made with room for its items is holey, and goes to the page in the structured clone's sparse form (see data/lists.ts).
  const text: string[] = [];
  const actors: number[] = [];
  const layerIds = new Names();
  const actorNames = new Names();
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const layer = new Uint16Array(n);
  const radiusM = new Float64Array(n);
  const estimate = new Uint8Array(n);
  const actorCount = new Uint16Array(n);
  const searchText = searchTexts(sources, originators);
  for (let i = 0; i < n; i++) {
    const f = features[i];
    const p = f.properties;
    const span = p.time ? timeSpan(p.time) : null;
    text.push(searchText(f));
    start[i] = span ? span.start : NaN;
    end[i] = span ? span.end + 1 : NaN;
    layer[i] = layerIds.row(p.layer);
    radiusM[i] = p.location.radiusM;
    estimate[i] = p.location.basis === 'estimate' ? 1 : 0;
    const own = actorsOf(f);
    actorCount[i] = own.length;
    for (const a of own) actors.push(actorNames.row(a));
  }
  return { text, start, end, layer, layerIds: layerIds.list, radiusM, estimate, actorCount, actors: Uint32Array.from(actors), actorNames: actorNames.list };
}

/**
 * The columns with each incident's search words added to its features' texts (see
 * `incidentSearchTexts`): the same columns when there are no incidents.
 */
export function withIncidentTexts(prepared: PreparedColumns, features: readonly EventFeature[], incidents: readonly Incident[], sources: ReadonlyMap<string, Source>, originators?: ReadonlyMap<string, Originator>): PreparedColumns {
  if (incidents.length === 0) return prepared;
  const extra = incidentSearchTexts(incidents, sources, originators);
  const text = prepared.text.slice();
  for (let i = 0; i < features.length; i++) {
    const words = extra.get(features[i].id);
    if (words !== undefined) text[i] += words;
  }
  return { ...prepared, text };
}

/** The columns of each part, one part after the other, copied once; their names numbered anew. */
export function joinColumns(parts: readonly PreparedColumns[]): PreparedColumns {
  const n = parts.reduce((sum, p) => sum + p.text.length, 0);
  const text = ([] as string[]).concat(...parts.map((p) => p.text));
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const layer = new Uint16Array(n);
  const radiusM = new Float64Array(n);
  const estimate = new Uint8Array(n);
  const actorCount = new Uint16Array(n);
  const actors = new Uint32Array(parts.reduce((sum, p) => sum + p.actors.length, 0));
  const layerIds = new Names();
  const actorNames = new Names();
  let at = 0;
  let actorAt = 0;
  for (const p of parts) {
    start.set(p.start, at);
    end.set(p.end, at);
    radiusM.set(p.radiusM, at);
    estimate.set(p.estimate, at);
    actorCount.set(p.actorCount, at);
    const layerRow = p.layerIds.map((id) => layerIds.row(id));
    for (let i = 0; i < p.layer.length; i++) layer[at + i] = layerRow[p.layer[i]];
    const actorRow = p.actorNames.map((a) => actorNames.row(a));
    for (let k = 0; k < p.actors.length; k++) actors[actorAt + k] = actorRow[p.actors[k]];
    at += p.text.length;
    actorAt += p.actors.length;
  }
  return { text, start, end, layer, layerIds: layerIds.list, radiusM, estimate, actorCount, actors, actorNames: actorNames.list };
}

/** Where each row's actors begin in `c.actors`, and where the last ends (one more entry than rows). */
export function actorOffsets(c: PreparedColumns): Uint32Array {
  const out = new Uint32Array(c.actorCount.length + 1);
  for (let i = 0; i < c.actorCount.length; i++) out[i + 1] = out[i] + c.actorCount[i];
  return out;
}

/** The rows `rows` of some columns, in that order (the lists of names kept as they are). */
export function pickColumns(c: PreparedColumns, rows: readonly number[]): PreparedColumns {
  const from = actorOffsets(c);
  const actors: number[] = [];
  for (const i of rows) for (let k = from[i]; k < from[i + 1]; k++) actors.push(c.actors[k]);
  return {
    text: rows.map((i) => c.text[i]),
    start: Float64Array.from(rows, (i) => c.start[i]),
    end: Float64Array.from(rows, (i) => c.end[i]),
    layer: Uint16Array.from(rows, (i) => c.layer[i]),
    layerIds: c.layerIds,
    radiusM: Float64Array.from(rows, (i) => c.radiusM[i]),
    estimate: Uint8Array.from(rows, (i) => c.estimate[i]),
    actorCount: Uint16Array.from(rows, (i) => c.actorCount[i]),
    actors: Uint32Array.from(actors),
    actorNames: c.actorNames,
  };
}
