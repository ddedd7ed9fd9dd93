/**
 * Text from a file, shown beside the app's own words, kept from changing how those words
 * read. A right-to-left override (U+202E) left open in a title would otherwise run on to
 * the end of its line: "— Local officials, 8 August 2023" would show its date reversed,
 * "3202 tsuguA 8". Wrapped in a first-strong isolate (U+2068 … U+2069, what `<bdi>`
 * does), whatever the text opens is closed where it ends (Unicode's bidirectional
 * algorithm, UAX #9, rules X6a and X7). Text with no such control is returned as it is, so
 * that copying a title copies only its own characters.
 */

/** The explicit directional formatting characters: embeddings, overrides and their pop, isolates and theirs. */
const CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * `text`, isolated from what surrounds it when it holds explicit directional controls: in as
 * many isolates as it closes without having opened (so that its stray U+2069s close only
 * isolates of its own), and closed after as many as it leaves open.
 */
export function isolated(text: string): string {
  if (!CONTROLS.test(text)) return text;
  let open = 0;
  let stray = 0;
  for (const ch of text) {
    if (ch === '\u2066' || ch === '\u2067' || ch === FSI) open++;
    else if (ch === PDI) {
      if (open > 0) open--;
      else stray++;
    }
  }
  return FSI.repeat(1 + stray) + text + PDI.repeat(1 + open);
}
