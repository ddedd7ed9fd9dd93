import { lastNonSpace, type ListBody } from './import-parts';

/**
 * Cuts a large export in two between two features, so that two workers can each read,
 * parse and check half (see `import-parts.ts`). Only the form Export GeoJSON writes for
 * large files is cut: the features last, unindented, each starting `{"type":"Feature"`.
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

/** JSON's white space: space, tab, line feed, carriage return. */
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** Where a large export's bytes are cut (see `cutExportBytes`). */
export interface ByteCut {
  /** Bytes `0 .. first` hold the collection's members and the first part's features, to the brace ending the last of them. */
  first: number;
  /** Bytes `second .. end` hold the second part's features and the list's closing bracket. */
  second: number;
  /** Where the collection's own closing brace is. */
  end: number;
}

const BETWEEN_BYTES = new TextEncoder().encode(BETWEEN);
/** How much is read at a time while looking for the first feature boundary after the middle. */
const WINDOW = 1 << 20;

/** Where `needle` first occurs in `bytes`, or -1. */
function indexOfBytes(bytes: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  for (let i = bytes.indexOf(first); i >= 0 && i + needle.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && bytes[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/**
 * Finds, in a file's bytes, a cut between two features near the middle and the end of the
 * collection, reading only a few kilobytes, so that each of two workers can then read and
 * decode its own part of the file side by side (`firstPartBody`, `secondPartBody`). The
 * boundary `},{"type":"Feature"` is ASCII, which UTF-8 never uses inside a multi-byte
 * character, so a cut there is a cut between characters; in UTF-16 it is never found.
 * Null when the file does not end with the collection's brace or has no such boundary
 * after its middle; as with a cut text, a boundary that is not between two features of
 * the list leaves a part that does not parse, and the file is then read whole.
 */
export async function cutExportBytes(file: Blob): Promise<ByteCut | null> {
  const tailStart = Math.max(0, file.size - 4096);
  const tail = new Uint8Array(await file.slice(tailStart).arrayBuffer());
  let k = tail.length - 1;
  while (k >= 0 && isSpace(tail[k])) k--;
  if (k < 0 || tail[k] !== 0x7d) return null;
  const end = tailStart + k;
  for (let from = Math.floor(file.size / 2); from < end; from += WINDOW) {
    const bytes = new Uint8Array(await file.slice(from, Math.min(end, from + WINDOW + BETWEEN_BYTES.length)).arrayBuffer());
    const at = indexOfBytes(bytes, BETWEEN_BYTES);
    if (at >= 0) return { first: from + at + 1, second: from + at + 2, end };
  }
  return null;
}

/**
 * The head (the collection with `"features":[]`) and the first part's features as a JSON
 * array, from the text of the bytes before the cut; null when the collection's own
 * `features` member is not found there.
 */
export function firstPartText(text: string): { head: string; features: string } | null {
  const part = firstPartBody(text);
  return part && { head: part.head, features: `${text.slice(part.body[0] - 1)}]` };
}

/** The second part's features as a JSON array, from the text of the bytes after the cut. */
export const secondPartText = (text: string): string => `[${text}`;

/**
 * As `firstPartText`, but for the features only where they lie in `text` (their list's body
 * runs to the text's end, where the cut is), so that the text is not copied (see `ListBody`).
 */
export function firstPartBody(text: string): { head: string; body: ListBody } | null {
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open = featuresStart(text, from, 4_000_000);
  if (open < 0) return null;
  return { head: `${text.slice(from, open)}[]}`, body: [open + 1, text.length] };
}

/** As `secondPartText`, but where the features' list body lies in `text`: from its start to the list's closing bracket; null when it has none. */
export function secondPartBody(text: string): ListBody | null {
  const close = lastNonSpace(text);
  return text[close] === ']' ? [0, close] : null;
}

/**
 * The cut the two workers make between them, in one place (for tests): the head and the
 * two parts' features, each a JSON array. The parts are checked by parsing: a cut that is
 * not between two features of the list leaves a part whose brackets do not match, and a
 * list that is not the last member leaves a second part that is not one JSON array, so
 * either fails to parse and the file is read whole.
 */
export async function splitExportFile(file: Blob): Promise<SplitText | null> {
  const cut = await cutExportBytes(file);
  if (!cut) return null;
  const decode = async (blob: Blob) => new TextDecoder().decode(await blob.arrayBuffer());
  const first = firstPartText(await decode(file.slice(0, cut.first)));
  if (!first) return null;
  return { head: first.head, parts: [first.features, secondPartText(await decode(file.slice(cut.second, cut.end)))] };
}
