import type { EventFeature, Source } from '../data/schema';
import { searchText, timeSpan } from './filters';

/** What indexing needs from one feature that costs time to work out: its search text and time span. */
export interface Prepared {
  text: string;
  /** Milliseconds; `end` exclusive; NaN when undated. */
  start: number;
  end: number;
}

/**
 * Work done off the main thread, kept per feature object: the import worker prepares every
 * feature it reads, and the index then only copies numbers and strings.
 */
const cache = new WeakMap<EventFeature, Prepared>();

/** Works out a feature's search text and time span. */
export function prepare(f: EventFeature, sources: ReadonlyMap<string, Source>): Prepared {
  const span = f.properties.time ? timeSpan(f.properties.time) : null;
  return { text: searchText(f, sources), start: span ? span.start : NaN, end: span ? span.end + 1 : NaN };
}

/** The prepared values of a feature: from the cache when a worker sent them, else worked out now. */
export function prepared(f: EventFeature, sources: ReadonlyMap<string, Source>): Prepared {
  return cache.get(f) ?? prepare(f, sources);
}

/** Columns of prepared values, parallel to a feature list: what a worker sends back. */
export interface PreparedColumns {
  text: string[];
  start: Float64Array;
  end: Float64Array;
}

export function prepareAll(features: readonly EventFeature[], sources: ReadonlyMap<string, Source>): PreparedColumns {
  const text: string[] = new Array(features.length);
  const start = new Float64Array(features.length);
  const end = new Float64Array(features.length);
  features.forEach((f, i) => {
    const p = prepare(f, sources);
    text[i] = p.text;
    start[i] = p.start;
    end[i] = p.end;
  });
  return { text, start, end };
}

/** Remembers what a worker prepared for the features it sent. */
export function remember(features: readonly EventFeature[], columns: PreparedColumns): void {
  features.forEach((f, i) => cache.set(f, { text: columns.text[i], start: columns.start[i], end: columns.end[i] }));
}
