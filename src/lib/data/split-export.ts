/**
 * Cuts the text of a large export in two between two features, so that two workers can
 * each parse and check half (see `import-parts.ts`). Only the form Export GeoJSON writes
 * for large files is cut: the features last, unindented, each starting `{"type":"Feature"`.
 * Anything else, or any doubt, gives null and the file is read whole as before.
 */

/** The collection without its features (`"features":[]`) and the two halves of the features list, each a JSON array. */
export interface SplitText {
  head: string;
  parts: [string, string];
}

const BETWEEN = '},{"type":"Feature"';

/**
 * Where the value of the collection's own `features` member starts (its `[`), found by
 * walking the text before it, strings and nesting included; -1 when it is not found within
 * `limit` characters (the members before the features are a catalogue, not megabytes).
 */
function featuresStart(text: string, from: number, limit: number): number {
  let depth = 0;
  const end = Math.min(text.length, from + limit);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      // To the closing quote, past escaped characters.
      for (i++; i < end && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      if (depth === 1 && text.slice(start, i + 1) === '"features"') {
        let j = i + 1;
        while (/\s/.test(text[j] ?? '')) j++;
        if (text[j] !== ':') continue;
        j++;
        while (/\s/.test(text[j] ?? '')) j++;
        return text[j] === '[' ? j : -1;
      }
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/**
 * Splits an export's text near its middle. The parts are checked by parsing: a cut that is
 * not between two features of the list leaves a part whose brackets do not match, and a
 * list that is not the last member leaves a second part that is not one JSON array, so
 * either fails to parse and the caller reads the file whole.
 */
export function splitExportText(text: string): SplitText | null {
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open = featuresStart(text, from, 4_000_000);
  if (open < 0) return null;
  const close = text.lastIndexOf('}');
  if (!/^\s*$/.test(text.slice(close + 1))) return null;
  const cut = text.indexOf(BETWEEN, open + Math.floor((close - open) / 2));
  if (cut < 0 || cut > close) return null;
  return {
    head: `${text.slice(from, open)}[]}`,
    parts: [`${text.slice(open, cut + 1)}]`, `[${text.slice(cut + 2, close)}`],
  };
}
