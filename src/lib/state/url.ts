import { isRealDate, MAX_ID_LENGTH } from '../data/schema-constants';
import { t } from '../ui/strings';
import { NO_ACTOR, NO_ACTOR_BEFORE, type TimeWindow } from './filters';

/** Everything a URL can hold, so any view can be shared and restored. */
export interface UrlState {
  feature: string | null;
  relation: string | null;
  /** Story step id, when the guided story is open. */
  story: string | null;
  window: TimeWindow | null;
  hiddenLayers: string[];
  hiddenActors: string[];
  query: string;
  /** Map camera: zoom, latitude, longitude. */
  view: { zoom: number; lat: number; lon: number } | null;
}

export const EMPTY_URL: UrlState = { feature: null, relation: null, story: null, window: null, hiddenLayers: [], hiddenActors: [], query: '', view: null };

/** Longest value accepted from a URL; longer text is cut before it reaches a message. The search box takes no more. */
export const MAX_VALUE = MAX_ID_LENGTH;
/** Most repeated `hide` or `hideActor` values read from one link. */
const MAX_REPEATS = 50;

/** A URL read into state, with a sentence for each part that was malformed and left out or cut. */
export interface ReadResult {
  state: UrlState;
  problems: string[];
}

/** A value for a message, cut short. */
const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** Reads a query string; anything malformed is left out (never trusted) and named in `problems`. */
export function readUrlChecked(search: string): ReadResult {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const text = (key: string): string | null => {
    const all = params.getAll(key).filter((v) => v !== '');
    if (all.length > 1) problems.push(t.urlRepeated(key, all.length));
    const raw = all[0];
    if (raw === undefined) return null;
    if (raw.length > MAX_VALUE) problems.push(t.urlTooLong(key, MAX_VALUE));
    // %-codes that are no UTF-8 (a link cut inside one) are read as U+FFFD: a search for it would find nothing, without a word.
    if (raw.includes('\uFFFD')) problems.push(t.urlBrokenCodes(key));
    return raw.slice(0, MAX_VALUE);
  };
  const list = (key: string): string[] => {
    const all = params.getAll(key).filter(Boolean);
    if (all.length > MAX_REPEATS) problems.push(t.urlTooMany(key, MAX_REPEATS));
    if (all.some((v) => v.length > MAX_VALUE)) problems.push(t.urlTooLong(key, MAX_VALUE));
    return [...new Set(all.slice(0, MAX_REPEATS).map((v) => v.slice(0, MAX_VALUE)))];
  };
  const state: UrlState = {
    feature: text('feature'),
    relation: text('relation'),
    story: text('story'),
    window: readWindow(params, problems),
    hiddenLayers: list('hide'),
    hiddenActors: list('hideActor').map((a) => (a === NO_ACTOR_BEFORE ? NO_ACTOR : a)),
    query: text('q') ?? '',
    view: readView(params, problems),
  };
  return { state, problems };
}

/** Reads a query string; anything malformed is ignored rather than trusted. */
export function readUrl(search: string): UrlState {
  return readUrlChecked(search).state;
}

/**
 * ISO 8601 as this app writes it and as a link can be read the same everywhere: a date
 * (midnight UTC), or a time with `Z` or an offset. `Date.parse` would also take "2024-01-03T10:00"
 * or "Jan 3 2024" in the reader's own time zone, so one link would show different windows.
 */
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function readWindow(params: URLSearchParams, problems: string[]): TimeWindow | null {
  const from = params.get('from');
  const to = params.get('to');
  if (from === null && to === null) return null;
  const start = Date.parse(from ?? '');
  const end = Date.parse(to ?? '');
  if (from === null || to === null) problems.push(t.urlWindowHalf);
  // The browser reads 30 February as 1 March: a day the calendar does not have is named, not moved.
  else if ([from, to].some((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !isRealDate(v))) problems.push(t.urlWindowNoSuchDay(shown(from), shown(to)));
  else if (![from, to].every((v) => ZONED_ISO.test(v)) || !Number.isFinite(start) || !Number.isFinite(end)) problems.push(t.urlWindowNotTime(shown(from), shown(to)));
  else if (start >= end) problems.push(t.urlWindowReversed(shown(from), shown(to), start === end));
  else return { start, end };
  return null;
}

function readView(params: URLSearchParams, problems: string[]): UrlState['view'] {
  const raw = params.get('map');
  if (raw === null) return null;
  const parts = raw.split('/').map((p) => (p.trim() === '' ? NaN : Number(p)));
  const [zoom, lat, lon] = parts;
  if (parts.length !== 3 || !parts.every(Number.isFinite) || zoom < 0 || zoom > 22 || Math.abs(lat) > 85 || Math.abs(lon) > 180) {
    problems.push(t.urlBadView(shown(raw)));
    return null;
  }
  return { zoom, lat, lon };
}

/** ISO text in UTC, to the minute when that is exact (2024-01-03T11:30Z), else to the second or millisecond, so that a link reads back as the window it was written from. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/(:00)?\.000Z$/, 'Z');

/** The query string for a state, keeping any parameters this app does not own. */
export function writeUrl(search: string, state: UrlState): string {
  const params = new URLSearchParams(search);
  for (const key of ['feature', 'relation', 'story', 'from', 'to', 'hide', 'hideActor', 'q', 'map']) params.delete(key);
  if (state.feature) params.set('feature', state.feature);
  if (state.relation) params.set('relation', state.relation);
  if (state.story) params.set('story', state.story);
  if (state.window) {
    params.set('from', iso(state.window.start));
    params.set('to', iso(state.window.end));
  }
  for (const id of state.hiddenLayers) params.append('hide', id);
  for (const a of state.hiddenActors) params.append('hideActor', a);
  // No longer than a link is read back (see `readUrlChecked`): the rest would be dropped on opening it anyway.
  if (state.query) params.set('q', state.query.slice(0, MAX_VALUE));
  if (state.view) params.set('map', `${state.view.zoom.toFixed(2)}/${state.view.lat.toFixed(5)}/${state.view.lon.toFixed(5)}`);
  const out = params.toString();
  return out ? `?${out}` : '';
}
