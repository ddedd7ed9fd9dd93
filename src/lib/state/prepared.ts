import type { EventFeature, Source } from '../data/schema';
import { searchTexts, timeSpan } from './filters';

/**
 * What indexing needs from each feature that costs time to work out, as columns parallel to a
 * feature list: its search text and its time span. The import and atlas workers work them out
 * off the main thread and send them with the features; the index then only copies numbers.
 */
export interface PreparedColumns {
  text: string[];
  /** Milliseconds; `end` exclusive; NaN when undated. */
  start: Float64Array;
  end: Float64Array;
}

export const NO_COLUMNS: PreparedColumns = { text: [], start: new Float64Array(0), end: new Float64Array(0) };

/** Works out the search text and time span of every feature. */
export function prepareAll(features: readonly EventFeature[], sources: ReadonlyMap<string, Source>): PreparedColumns {
  const n = features.length;
  // Filled by push, not made with `new Array(n)`: a list made with room for its items is holey, and goes to the page in the structured clone's sparse form (see data/lists.ts).
  const text: string[] = [];
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const searchText = searchTexts(sources);
  for (let i = 0; i < n; i++) {
    const f = features[i];
    const span = f.properties.time ? timeSpan(f.properties.time) : null;
    text.push(searchText(f));
    start[i] = span ? span.start : NaN;
    end[i] = span ? span.end + 1 : NaN;
  }
  return { text, start, end };
}

/** The columns of each part, one part after the other, copied once. */
export function joinColumns(parts: readonly PreparedColumns[]): PreparedColumns {
  const n = parts.reduce((sum, p) => sum + p.text.length, 0);
  const text = ([] as string[]).concat(...parts.map((p) => p.text));
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  let at = 0;
  for (const p of parts) {
    start.set(p.start, at);
    end.set(p.end, at);
    at += p.text.length;
  }
  return { text, start, end };
}

/** The rows `rows` of some columns, in that order. */
export function pickColumns(c: PreparedColumns, rows: readonly number[]): PreparedColumns {
  return {
    text: rows.map((i) => c.text[i]),
    start: Float64Array.from(rows, (i) => c.start[i]),
    end: Float64Array.from(rows, (i) => c.end[i]),
  };
}
