/**
 * One layer file of an atlas read as two halves of its features list, one by each worker of
 * an atlas load (see `atlas-parts.ts`), so that an atlas of one large layer file, or of three,
 * is shared evenly between two cores. Each worker fetches the whole text but parses only its
 * half, slice by slice (see `import-parts.ts`).
 *
 * A half is read only from a text written as this app and most tools write a collection:
 * one line, the features list last, `},{"type":"Feature"` between two features. Any other
 * text gives no half, and the file is read whole by one worker. When the head (the text
 * without the list's body) and both halves parse, the whole text parses too, to the head's
 * members with the two halves' features joined: JSON's grammar lets a list's body be cut
 * at a comma between two of its items and nowhere else inside it with both sides still
 * parsing.
 */
import { lastNonSpace, parseSlice, sliceRanges, SLICE_CHARS, type ListBody } from './import-parts';
import { isObject } from './validate';

const LIST = '"features":[';
const BETWEEN = '},{"type":"Feature"';

/** Where a layer file's features list lies, and the comma between its two halves; null when the text is not of the form a half is read from. */
function cutOf(text: string): { body: ListBody; comma: number } | null {
  const open = text.indexOf(LIST);
  const end = lastNonSpace(text);
  if (open < 0 || text[end] !== '}') return null;
  let close = end - 1;
  while (close >= 0 && /\s/.test(text[close])) close--;
  if (text[close] !== ']') return null;
  const from = open + LIST.length;
  const middle = from + Math.floor((close - from) / 2);
  let at = text.indexOf(BETWEEN, middle);
  if (at < 0 || at >= close) at = text.lastIndexOf(BETWEEN, middle);
  if (at < from) return null;
  return { body: [from, close], comma: at + 1 };
}

/** A half of a layer file: a collection of its features, and how many there are. */
export interface LayerHalf {
  /** The first half keeps the file's other members, so that they are checked once; the second is a bare collection. */
  json: { type: string; features: unknown[] };
  count: number;
}

/**
 * The first (0) or second (1) half of a layer file's features, parsed; null when the text is
 * not of the form halves are read from, or its head or this half does not parse.
 */
export function layerHalf(text: string, which: 0 | 1, size = SLICE_CHARS): LayerHalf | null {
  const cut = cutOf(text);
  if (!cut) return null;
  const [from, close] = cut.body;
  let head: unknown;
  try {
    head = JSON.parse(text.slice(0, from) + text.slice(close));
  } catch {
    return null;
  }
  // A file that is no collection is reported whole, as one load does: neither half may stand.
  if (!isObject(head) || head.type !== 'FeatureCollection' || !Array.isArray(head.features) || head.features.length > 0) return null;
  const range: ListBody = which === 0 ? [from, cut.comma] : [cut.comma + 1, close];
  const features: unknown[] = [];
  for (const slice of sliceRanges(text, size, range)!) {
    const list = parseSlice(text, slice);
    if (!list) return null;
    for (const f of list) features.push(f);
  }
  const json = which === 0 ? { ...head, type: 'FeatureCollection', features } : { type: 'FeatureCollection', features };
  return { json, count: features.length };
}

/** The claim ids the check of these features remembers, in order (see `claimReferences` in `validate.ts`): a later half checks against them. */
export function claimIdsOf(features: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const f of features) {
    const claims = isObject(f) && isObject(f.properties) ? f.properties.claims : undefined;
    if (Array.isArray(claims)) for (const c of claims) if (isObject(c) && typeof c.id === 'string') ids.push(c.id);
  }
  return ids;
}
