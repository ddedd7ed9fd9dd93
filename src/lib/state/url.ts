import type { TimeWindow } from './filters';

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

/** Longest value accepted from a URL; longer text is cut before it reaches a message. */
const MAX_VALUE = 120;

const text = (params: URLSearchParams, key: string): string | null => {
  const raw = params.get(key);
  return raw === null || raw === '' ? null : raw.slice(0, MAX_VALUE);
};

const list = (params: URLSearchParams, key: string): string[] => params.getAll(key).map((v) => v.slice(0, MAX_VALUE)).filter(Boolean);

function readWindow(params: URLSearchParams): TimeWindow | null {
  const start = Date.parse(params.get('from') ?? '');
  const end = Date.parse(params.get('to') ?? '');
  return Number.isFinite(start) && Number.isFinite(end) && start < end ? { start, end } : null;
}

function readView(params: URLSearchParams): UrlState['view'] {
  const parts = (params.get('map') ?? '').split('/').map(Number);
  if (parts.length !== 3 || !parts.every(Number.isFinite)) return null;
  const [zoom, lat, lon] = parts;
  if (zoom < 0 || zoom > 22 || Math.abs(lat) > 85 || Math.abs(lon) > 180) return null;
  return { zoom, lat, lon };
}

/** Reads a query string; anything malformed is ignored rather than trusted. */
export function readUrl(search: string): UrlState {
  const params = new URLSearchParams(search);
  return {
    feature: text(params, 'feature'),
    relation: text(params, 'relation'),
    story: text(params, 'story'),
    window: readWindow(params),
    hiddenLayers: list(params, 'hide'),
    hiddenActors: list(params, 'hideActor'),
    query: (params.get('q') ?? '').slice(0, MAX_VALUE),
    view: readView(params),
  };
}

/** Minute-precision ISO text in UTC: 2024-01-03T11:30Z. */
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

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
  if (state.query) params.set('q', state.query);
  if (state.view) params.set('map', `${state.view.zoom.toFixed(2)}/${state.view.lat.toFixed(5)}/${state.view.lon.toFixed(5)}`);
  const out = params.toString();
  return out ? `?${out}` : '';
}
