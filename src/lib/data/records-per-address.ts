import type { Source } from './schema';

const counted = new WeakMap<ReadonlyMap<string, Source>, Map<string, number>>();

/**
 * How many records of the catalogue have each web address: more than one where a story was
 * rewritten under one address and the records cite its versions (see the README, "Stories
 * rewritten under one address"). Counted once per catalogue.
 */
export function recordsPerAddress(sources: ReadonlyMap<string, Source>): ReadonlyMap<string, number> {
  let counts = counted.get(sources);
  if (!counts) {
    counts = new Map();
    for (const s of sources.values()) if (s.url) counts.set(s.url, (counts.get(s.url) ?? 0) + 1);
    counted.set(sources, counts);
  }
  return counts;
}
