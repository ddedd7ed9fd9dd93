/**
 * Many strings as one, for messages between a worker and the page. Chromium's structured
 * clone pays for each string it copies: at 100,000 events, cloning each piece's ids and
 * search texts as lists (two strings a feature) took each import worker about 0.66–0.72 s,
 * and the same pieces with both lists joined 0.42–0.48 s (`structuredClone` of the
 * messages as the workers post them, summed over one load).
 */
export interface JoinedTexts {
  text: string;
  /** Where each string ends in `text` (it starts where the one before ends). */
  ends: Uint32Array;
}

/** `list` as one string and where each ends. */
export function joinTexts(list: readonly string[]): JoinedTexts {
  const ends = new Uint32Array(list.length);
  let at = 0;
  list.forEach((s, i) => (ends[i] = at += s.length));
  return { text: list.join(''), ends };
}

/** The strings `joinTexts` joined, in order. */
export function splitTexts({ text, ends }: JoinedTexts): string[] {
  // Filled by push: see toWire on holey lists.
  const out: string[] = [];
  for (let i = 0; i < ends.length; i++) out.push(text.slice(i === 0 ? 0 : ends[i - 1], ends[i]));
  return out;
}
