import { foldSearch } from './filters';

/**
 * How many actors the filter lists at a time once there are more than a few. A year of
 * ACLED rows for a region names hundreds (each `actor1` and `assoc_actor_1`): listed whole,
 * they pushed the list of events thousands of pixels down the sidebar.
 */
export const ACTORS_LISTED = 12;

/** Up to this many actors are all listed, in the order the data names them, with no box to find one. */
export const ACTORS_ALL_LISTED = ACTORS_LISTED + 3;

/** Which actors the filter lists (rows of `actors`, in order), how many match what is typed, and how many of those are not listed. */
export interface ListedActors {
  rows: number[];
  matching: number;
  more: number;
}

/**
 * The actors the filter lists. All of them, in the data's order, when there are at most
 * `ACTORS_ALL_LISTED`; else those whose name holds `find` (folded as search folds text),
 * the most events first, at most `limit` of them, and every hidden actor besides, whatever
 * `find` says, so that one hidden stays in reach to be shown again.
 */
export function listedActors(actors: readonly string[], totals: ArrayLike<number>, hidden: ReadonlySet<string>, find: string, limit = ACTORS_LISTED): ListedActors {
  if (actors.length <= ACTORS_ALL_LISTED) return { rows: actors.map((_, row) => row), matching: actors.length, more: 0 };
  const wanted = foldSearch(find.trim());
  const matching: number[] = [];
  for (let row = 0; row < actors.length; row++) if (wanted === '' || foldSearch(actors[row]).includes(wanted)) matching.push(row);
  // The most events first; the data's order between equals (a stable sort).
  const byTotal = (a: number, b: number) => totals[b] - totals[a];
  matching.sort(byTotal);
  const listed = new Set(matching.slice(0, limit));
  const more = matching.length - listed.size;
  for (let row = 0; row < actors.length; row++) if (hidden.has(actors[row])) listed.add(row);
  return { rows: [...listed].sort(byTotal), matching: matching.length, more };
}
