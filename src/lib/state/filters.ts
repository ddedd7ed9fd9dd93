import type { Claim, EventFeature, EventTime, Incident, Originator, Source } from '../data/schema';
import { zoneOffset } from '../data/time';

/** A time window in milliseconds since the epoch, both ends included. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** What the user has narrowed the view to. The empty filter shows everything. */
export interface Filters {
  hiddenLayers: ReadonlySet<string>;
  hiddenActors: ReadonlySet<string>;
  query: string;
  /** null means no time filter. */
  window: TimeWindow | null;
}

export const NO_FILTERS: Filters = { hiddenLayers: new Set(), hiddenActors: new Set(), query: '', window: null };

/** The actor name used for features that name no one who carried them out or claimed them (reference places, and events whose file names no actor). */
export const NO_ACTOR = 'No actor named';
/** What `NO_ACTOR` read before 7 December, still read from older links. */
export const NO_ACTOR_BEFORE = 'No actor (reference places)';

const HOUR = 3_600_000;
const PRECISION_MS = { minute: 60_000, hour: HOUR, day: 24 * HOUR } as const;

/** The instant a local ISO time stands for; a bare date means its local midnight, in the given offset. */
function instant(local: string, offset: string): number {
  return new Date(/T/.test(local) ? local : `${local}T00:00:00${offset}`).getTime();
}

function offsetOf(t: EventTime): string {
  return /([+-]\d{2}:\d{2}|Z)$/.exec(t.local)?.[1] ?? zoneOffset(t.zone, t.local) ?? 'Z';
}


/**
 * When an event may have happened: from its start to the end of its last moment at its
 * precision (`end` 06:00 to the hour runs to 06:59), as the export's JSON-FG interval and
 * the time gaps between events read it (`timeWindow` in `uncertainty.ts`).
 */
export function timeSpan(t: EventTime): TimeWindow {
  const offset = offsetOf(t);
  const start = instant(t.local, offset);
  const last = t.end ?? t.local;
  const end = instant(last, offset) + (/T/.test(last) ? PRECISION_MS[t.precision] : PRECISION_MS.day);
  return { start, end: Math.max(start, end - 1) };
}

/** The span of all dated features, padded to whole days in UTC. */
export function timeExtent(features: readonly EventFeature[]): TimeWindow | null {
  // A loop, not Math.min(...spans): spreading 100,000 values overflows the call stack.
  let min = Infinity;
  let max = -Infinity;
  for (const f of features) {
    if (!f.properties.time) continue;
    const s = timeSpan(f.properties.time);
    // A time that does not parse is left out of the extent rather than poisoning it with NaN.
    if (!Number.isFinite(s.start) || !Number.isFinite(s.end)) continue;
    min = Math.min(min, s.start);
    max = Math.max(max, s.end);
  }
  if (min === Infinity) return null;
  const day = 24 * HOUR;
  return { start: Math.floor(min / day) * day, end: Math.ceil(max / day) * day };
}

/** Most ticks the timeline draws, whatever the span: a date in year 0 must not mean millions of them. */
const MAX_TICKS = 40;
const DAY = 24 * HOUR;
const DAY_STEPS = [1, 2, 7];
const MONTH_STEPS = [1, 2, 3, 6];
const YEAR_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/** The first instant of a month in UTC; `setUTCFullYear`, since `Date.UTC` reads years 0–99 as 1900–1999. */
function monthStart(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 1);
  return d.getTime();
}

/**
 * Labelled ticks for a window, at most `maxTicks` (what the width holds): one a day when
 * that fits, else every other day or week, else at the first of every month (or every
 * 2, 3 or 6 months; the year named on January and the first tick), else at the first of
 * January of every year (or of every 2, 5, 10…).
 * Months and years are the calendar's, not fixed lengths: ticks 30 days apart labelled
 * "Jan 2023" twice (1 and 31 January) and left February out.
 */
export function timeTicks(extent: TimeWindow, maxTicks = MAX_TICKS): { at: number; label: string }[] {
  const span = extent.end - extent.start;
  if (!Number.isFinite(span) || span <= 0) return [];
  const most = Math.max(1, Math.min(maxTicks, MAX_TICKS));
  const dayStep = DAY_STEPS.find((k) => span / (k * DAY) <= most);
  if (dayStep) {
    const ticks: { at: number; label: string }[] = [];
    for (let at = extent.start; at <= extent.end && ticks.length <= most; at += dayStep * DAY) ticks.push({ at, label: String(new Date(at).getUTCDate()) });
    return ticks;
  }
  const from = new Date(extent.start);
  const to = new Date(extent.end);
  const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth() + 1;
  const monthStep = MONTH_STEPS.find((k) => months / k <= most);
  if (monthStep) {
    // Months counted from year 0, so every other month is always January, March…
    return calendarTicks(extent, most, from.getUTCFullYear() * 12 + from.getUTCMonth(), monthStep, (m) => monthStart(Math.floor(m / 12), m % 12), (m, at, first) =>
      // The year only on January and on the first tick, so a label fits the 40 pixels a phone gives it.
      new Date(at).toLocaleString('en-GB', { month: 'short', ...(first || m % 12 === 0 ? { year: 'numeric' } : {}), timeZone: 'UTC' }),
    );
  }
  const years = to.getUTCFullYear() - from.getUTCFullYear() + 1;
  const yearStep = YEAR_STEPS.find((k) => years / k <= most) ?? Math.ceil(years / most);
  return calendarTicks(extent, most, from.getUTCFullYear(), yearStep, (y) => monthStart(y, 0), (y) => String(y));
}

/**
 * Ticks at the calendar units numbered `first` onwards (months or years from year 0), on the
 * multiples of `step`, inside the extent: at most `most` + 1 of them.
 */
function calendarTicks(extent: TimeWindow, most: number, first: number, step: number, at: (unit: number) => number, label: (unit: number, at: number, first: boolean) => string): { at: number; label: string }[] {
  const ticks: { at: number; label: string }[] = [];
  for (let unit = Math.ceil(first / step) * step; ticks.length <= most; unit += step) {
    const ms = at(unit);
    if (ms < extent.start) continue;
    if (ms > extent.end) break;
    ticks.push({ at: ms, label: label(unit, ms, ticks.length === 0) });
  }
  return ticks;
}

/** The actors of a feature, with reference places under one name so they can be filtered too. */
export function actorsOf(f: EventFeature): string[] {
  return f.properties.actors.length > 0 ? f.properties.actors : [NO_ACTOR];
}

/** Every actor in the data, in first-seen order. */
export function allActors(features: readonly EventFeature[]): string[] {
  return [...new Set(features.flatMap(actorsOf))];
}

/** The text a search looks through: titles, place, facts, who said them, and the cited sources. */
export function searchText(f: EventFeature, sources: ReadonlyMap<string, Source>): string {
  return searchTexts(sources)(f);
}

/**
 * `searchText` for many features of one catalogue: each cited source's words are
 * lowercased once and remembered (a large file cites the same few sources thousands of
 * times), and nothing is spread into lists per feature. The notes on a feature's time and
 * place count, as the panel shows them.
 */
export function searchTexts(sources: ReadonlyMap<string, Source>, originators: ReadonlyMap<string, Originator> = NO_ORIGINATORS): (f: EventFeature) => string {
  const citedText = citedTexts(sources, originators);
  return (f) => {
    const p = f.properties;
    let own = p.title;
    if (p.titles) for (const t of Object.values(p.titles)) own += `\n${t}`;
    own += `\n${p.place}`;
    if (p.time?.note) own += `\n${p.time.note}`;
    if (p.location.note) own += `\n${p.location.note}`;
    for (const a of p.actors) own += `\n${a}`;
    let cited = '';
    for (const id of p.time?.sources ?? []) cited += citedText(id);
    for (const id of p.location.sources) cited += citedText(id);
    return foldSearch(own + claimsText(p.claims)) + cited + claimsCited(p.claims, citedText);
  };
}

const NO_ORIGINATORS: ReadonlyMap<string, Originator> = new Map();

/**
 * Each cited source's publisher and title, and the agency whose story it is (its name, as
 * the panel's "story by" gives it, and its id: "AFP"), folded for search, worked out once per source.
 */
function citedTexts(sources: ReadonlyMap<string, Source>, originators: ReadonlyMap<string, Originator>): (id: string) => string {
  const known = new Map<string, string>();
  return (id) => {
    let text = known.get(id);
    if (text === undefined) {
      const s = sources.get(id);
      const agency = s?.originator ? `\n${s.originator}\n${originators.get(s.originator)?.name ?? ''}` : '';
      text = s ? foldSearch(`\n${s.publisher}\n${s.title}${agency}`) : '';
      known.set(id, text);
    }
    return text;
  };
}

const claimsText = (claims: readonly Claim[]) => {
  let text = '';
  for (const c of claims) text += `\n${c.statement}\n${c.by}`;
  return text;
};

const claimsCited = (claims: readonly Claim[], citedText: (id: string) => string) => {
  let text = '';
  for (const c of claims) for (const id of c.sources) text += citedText(id);
  return text;
};

/**
 * The search words each incident adds to its features: a panel shows an incident's claims
 * under every feature it names ("about the attack as a whole"), so a search for them finds
 * those features. By feature id; a feature in several incidents gets the words of each.
 */
export function incidentSearchTexts(incidents: readonly Incident[], sources: ReadonlyMap<string, Source>, originators: ReadonlyMap<string, Originator> = NO_ORIGINATORS): Map<string, string> {
  const citedText = citedTexts(sources, originators);
  const out = new Map<string, string>();
  for (const incident of incidents) {
    const text = foldSearch(`\n${incident.title}${claimsText(incident.claims)}`) + claimsCited(incident.claims, citedText);
    for (const id of incident.features) out.set(id, (out.get(id) ?? '') + text);
  }
  return out;
}

/** What `foldSearch` takes each of these characters as. */
const FOLDED: Record<string, string> = {
  ي: 'ی',
  ى: 'ی',
  ك: 'ک',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u02bc': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2039': '<',
  '\u203a': '>',
};
/**
 * Characters that show nothing: format characters (the zero-width non-joiner Persian writes
 * inside words, which an Arabic keyboard cannot type; zero-width spaces and direction marks
 * that text copied from chat apps and word processors carries) and control characters other
 * than white space (a NUL in a link). Left out of texts and queries alike, so that
 * "دانشآموز" finds "دانش‌آموز" and a link's query holding one still finds what it names.
 * In the same pass as the folds: a second pass doubled the time of folding every text (this
 * one adds a fifth to a half of a millisecond per thousand texts in Node).
 */
const INVISIBLE = '\\p{Cf}|[^\\P{Cc}\\s]';
const FOLDS = new RegExp(`[${Object.keys(FOLDED).join('')}]|${INVISIBLE}`, 'gu');
const fold = (c: string): string => FOLDED[c] ?? '';

/**
 * Text as search compares it: lowercased; the Arabic forms of letters Persian writes
 * otherwise (ي, ى and ك; the hamza seat ئ stays) taken as the Persian ones, so a query typed
 * on an Arabic keyboard finds Persian names and the other way round; and typographic quotes,
 * apostrophes and dashes taken as the keyboard's, so "Iran's" typed finds a source titled
 * "Iran’s …" and "15-16" finds "15–16 January"; characters that show nothing left out (see `INVISIBLE`).
 */
export function foldSearch(text: string): string {
  return text.toLocaleLowerCase().replace(FOLDS, fold);
}

/** The words of a search, folded as the search texts are (see `foldSearch`). */
export function queryWords(query: string): string[] {
  return foldSearch(query).split(/\s+/).filter(Boolean);
}

/** True when every word of the query appears somewhere in the feature's search text. */
export function matchesQuery(text: string, query: string): boolean {
  return queryWords(query).every((w) => text.includes(w));
}

/** True when the feature's time overlaps the window (both half-open: see `rowInWindow`); undated reference places always pass. */
export function inWindow(f: EventFeature, window: TimeWindow | null): boolean {
  if (!window || !f.properties.time) return true;
  const span = timeSpan(f.properties.time);
  return span.end > window.start && span.start < window.end;
}

/** Applies every filter; the list, map, timeline and counts all use this one function. */
export function applyFilters(features: readonly EventFeature[], filters: Filters, texts: ReadonlyMap<string, string>): EventFeature[] {
  return features.filter(
    (f) =>
      !filters.hiddenLayers.has(f.properties.layer) &&
      !actorsOf(f).every((a) => filters.hiddenActors.has(a)) &&
      inWindow(f, filters.window) &&
      (filters.query.trim() === '' || matchesQuery(texts.get(f.id) ?? '', filters.query)),
  );
}

/** How many of the features matching `pick` are shown, and how many there are. */
export function shownAndTotal(all: readonly EventFeature[], shown: readonly EventFeature[], pick: (f: EventFeature) => boolean): [number, number] {
  return [shown.filter(pick).length, all.filter(pick).length];
}
