/**
 * How many precision circles a frame can afford. Each circle is a quad the rasteriser fills
 * pixel by pixel; without a GPU (SwiftShader) that fill is the frame's whole cost. Thousands
 * of imprecise events (ACLED's 25 km and 100 km positions) seen at city scale each cover most
 * of the screen: 20,000 ACLED events at zoom 9.5 held frames for 1.1–2.1 s, and their
 * overlapping fills tinted the whole map one colour. So the widest circles are left out
 * while the circles in view would fill more than a few screens, narrowest first kept, and
 * the map says which were left out.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureIndex } from '../state/feature-index';
import type { TimeWindow } from '../state/filters';
import { grouped } from '../data/grouped';

/** Screens' worth of circle pixels a frame may fill. */
export const CIRCLE_BUDGET_SCREENS = 3;

/** Buckets per doubling of radius: the cap falls on a bucket's edge, at most 9 % under what would fit. */
const PER_OCTAVE = 8;
const BUCKETS = 32 * PER_OCTAVE;

/** What the frame draws of the circles in view, in CSS pixels. */
export interface CircleView {
  /** The view's edges in Web Mercator units (x grows east, y south), world copies included. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** CSS pixels per Web Mercator unit at this zoom. */
  worldPx: number;
  /** Circles narrower than this (hidden under their points) are not drawn anyway. */
  minRadiusPx: number;
  /** Extra pixels around each circle's quad (its outline's antialiasing). */
  marginPx: number;
}

/** What the filters show, as the shader tests it. */
export interface ShownRows {
  match: Uint8Array;
  layerOn: Uint8Array;
  window: TimeWindow | null;
}

/** The widest circle a frame draws (Infinity: all of them), how many in view it leaves out, and the narrowest of those (Web Mercator units; Infinity when none). */
export interface CircleCap {
  radiusPx: number;
  left: number;
  narrowestLeft: number;
}

/**
 * The widest radius (CSS px) whose circles, with every narrower one in view, fill at most
 * `budgetPx` pixels of the view; Infinity when all of them do. A circle costs its quad's
 * area within the view, since the rasteriser clips the rest.
 */
export function circleCap(index: FeatureIndex, shown: ShownRows, view: CircleView, budgetPx: number): CircleCap {
  const cost = new Float64Array(BUCKETS);
  const count = new Uint32Array(BUCKETS);
  const narrowest = new Float64Array(BUCKETS).fill(Infinity);
  let total = 0;
  for (let i = 0; i < index.n; i++) {
    if (!shown.match[i] || !shown.layerOn[index.layer[i]] || !inWindow(index, i, shown.window)) continue;
    const r = index.radius[i] * view.worldPx;
    if (r < view.minRadiusPx) continue;
    const half = (r + view.marginPx) / view.worldPx;
    const w = Math.min(index.x[i] + half, view.x1) - Math.max(index.x[i] - half, view.x0);
    const h = Math.min(index.y[i] + half, view.y1) - Math.max(index.y[i] - half, view.y0);
    if (w <= 0 || h <= 0) continue;
    const px = w * h * view.worldPx * view.worldPx;
    const b = bucketOf(r);
    cost[b] += px;
    count[b]++;
    narrowest[b] = Math.min(narrowest[b], index.radius[i]);
    total += px;
  }
  if (total <= budgetPx) return { radiusPx: Infinity, left: 0, narrowestLeft: Infinity };
  let spent = 0;
  let b = 0;
  for (; b < BUCKETS && spent + cost[b] <= budgetPx; b++) spent += cost[b];
  let left = 0;
  let narrowestLeft = Infinity;
  for (let k = b; k < BUCKETS; k++) {
    left += count[k];
    narrowestLeft = Math.min(narrowestLeft, narrowest[k]);
  }
  // Every circle of the buckets kept is narrower than the first bucket left out starts.
  return { radiusPx: radiusAt(b), left, narrowestLeft };
}

/** As `rowInWindow` (feature-index.ts) tests it; kept here so that this chunk brings nothing of the page's with it. */
function inWindow(index: FeatureIndex, i: number, window: TimeWindow | null): boolean {
  return !window || Number.isNaN(index.start[i]) || (index.end[i] > window.start && index.start[i] < window.end);
}

/** The bucket of a radius in pixels: PER_OCTAVE to each doubling, from 1 px. */
function bucketOf(r: number): number {
  return Math.min(BUCKETS - 1, Math.max(0, Math.floor(Math.log2(Math.max(r, 1)) * PER_OCTAVE)));
}

/** Where bucket `b` starts, in pixels. */
function radiusAt(b: number): number {
  return 2 ** (b / PER_OCTAVE);
}

/** The equator's length in metres: Web Mercator units to metres, times the cosine of the latitude. */
const EARTH_M = 40_075_016.686;

/**
 * What the map says while a frame leaves circles out: how many, and the narrowest of them in
 * metres at `lat` (the view's centre: a radius is kept in Web Mercator units at its own
 * feature's latitude, so this is the data's figure as near as the view gives it). Null when none is left out.
 */
export function leftOutNote(cap: CircleCap, lat: number): string | null {
  if (cap.left === 0) return null;
  const m = cap.narrowestLeft * EARTH_M * Math.cos((lat * Math.PI) / 180);
  const radius = m < 1000 ? `${Math.round(m)} m` : m < 10_000 ? `${Math.round(m / 100) / 10} km` : `${Math.round(m / 1000)} km`;
  return `${grouped(cap.left)} precision circle${cap.left === 1 ? '' : 's'} of about ${radius} radius or more not drawn here: too many overlap. Select an event to see its circle.`;
}

/** The widest circle the map's next frame draws, and what the map says of those it leaves out (see `circleCap`, `leftOutNote`); circles under `minRadiusPx` are hidden under their points. */
export function frameCap(
  index: FeatureIndex,
  shown: ShownRows,
  map: Pick<MapLibreMap, 'getBounds' | 'getCanvas' | 'getCenter' | 'getZoom'>,
  minRadiusPx: number,
  /** The page's `mercator` (feature-index.ts), handed over: imported, it would split the page's modules into a chunk of their own. */
  mercator: (lon: number, lat: number) => [number, number],
): { radiusPx: number; note: string | null } {
  const b = map.getBounds();
  const [x0, y1] = mercator(b.getWest(), b.getSouth());
  const [x1, y0] = mercator(b.getEast(), b.getNorth());
  const canvas = map.getCanvas();
  const view = { x0, y0, x1, y1, worldPx: 512 * 2 ** map.getZoom(), minRadiusPx, marginPx: 4 };
  const cap = circleCap(index, shown, view, CIRCLE_BUDGET_SCREENS * canvas.clientWidth * canvas.clientHeight);
  return { radiusPx: cap.radiusPx, note: leftOutNote(cap, map.getCenter().lat) };
}
