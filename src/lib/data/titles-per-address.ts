import type { Source } from './schema';

const counted = new WeakMap<ReadonlyMap<string, Source>, Map<string, number>>();

/**
 * How many titles the catalogue's records give each web address. More than one where a
 * story rewritten under one address is cited by version, each record titled with its
 * version's headline (see the README, "Stories rewritten under one address"); two records
 * of one address under the same title (two files naming the same page) count once.
 * Counted once per catalogue.
 */
export function titlesPerAddress(sources: ReadonlyMap<string, Source>): ReadonlyMap<string, number> {
  let counts = counted.get(sources);
  if (!counts) {
    const titles = new Map<string, Set<string>>();
    for (const s of sources.values()) {
      if (!s.url) continue;
      let set = titles.get(s.url);
      if (!set) titles.set(s.url, (set = new Set()));
      set.add(s.title);
    }
    counts = new Map([...titles].map(([url, set]) => [url, set.size]));
    counted.set(sources, counts);
  }
  return counts;
}
