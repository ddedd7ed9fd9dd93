/**
 * The data model's fixed lists, limits and message helpers: plain values with no schema
 * behind them, so the page can use them without loading valibot (the schemas in
 * `schema.ts` run in the workers that check files).
 */
import type { Atlas } from './schema';

/** The kinds of publisher a source can be; the panel shows it and independence counting uses it. */
export const SOURCE_TYPES = [
  'wire',
  'newspaper',
  'broadcaster',
  'state-media',
  'government',
  'armed-group',
  'ngo',
  'encyclopedia',
  'dataset',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/**
 * Source types that speak for a party to the events. A claim backed only by these
 * is one side's word, not independent confirmation.
 */
export const PARTY_SOURCE_TYPES: readonly SourceType[] = ['state-media', 'government', 'armed-group'];

export const CLAIM_STATUSES = ['confirmed', 'claimed', 'disputed', 'superseded'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const FIGURE_QUALIFIERS = ['about', 'at-least', 'more-than', 'up-to'] as const;
export type FigureQualifier = (typeof FIGURE_QUALIFIERS)[number];

export const TIME_PRECISIONS = ['minute', 'hour', 'day'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

export const LOCATION_BASES = ['reported', 'derived', 'estimate'] as const;
export type LocationBasis = (typeof LOCATION_BASES)[number];

/**
 * The relation types every atlas has; an atlas manifest declares more (`relationTypes`).
 * `retaliation`: a party presented `to` as its answer to `from`.
 * `context`: sources link the two events without either being claimed as an answer.
 */
export const RELATION_TYPES: readonly string[] = ['retaliation', 'context'];
/** A relation type id: a built-in one or one the atlas manifest declares. */
export type RelationType = string;

/** Longest feature, relation or story step id: ids go into shareable links, which must stay short. */
export const MAX_ID_LENGTH = 120;

/** Longest id or value quoted in a problem, so a hostile 1 MB string cannot flood the page. */
const QUOTE_MAX = 80;

/** Text cut to a readable length for a message. */
export function short(s: string): string {
  return s.length > QUOTE_MAX ? `${s.slice(0, QUOTE_MAX)}…` : s;
}

/**
 * An id as a message names it: invisible characters (zero-width spaces, direction marks)
 * written out as `\u200B`, since an id refused for one would otherwise look valid.
 */
export function shortId(s: string): string {
  return short(s.replace(/\p{Cf}/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`));
}

/** A value for a message: JSON text, cut to a readable length. */
export function quote(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = Object.prototype.toString.call(value);
  }
  return short(s);
}

/** True when `s` parses as an absolute http or https URL. */
export function isHttpUrl(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An atlas with nothing in it: the page's before the first loads, and what a load without a valid manifest gives. */
export const EMPTY_ATLAS: Atlas = { layers: [], features: [], relations: [], incidents: [], routes: [], story: [], sources: new Map(), originators: new Map() };

/** True when a YYYY-MM-DD prefix names a day of the calendar (not 30 February). */
export function isRealDate(s: string): boolean {
  // Arithmetic rather than a Date round trip: this runs for every claim of 100,000 features.
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (!(month >= 1 && month <= 12 && day >= 1)) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}
