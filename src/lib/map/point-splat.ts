import type { FeatureIndex } from '../state/feature-index';
import type { TimeWindow } from '../state/filters';
import type { Rect } from './splat-tiles';

/**
 * Dense points drawn on the CPU into one image, which the GPU then draws as a single
 * textured square. Without a GPU (SwiftShader), each point the rasteriser sets up costs
 * about half a microsecond before it fills a pixel, and a 7-pixel point about a microsecond
 * in all: 42,000 points were 95 ms of a frame. Stamping a small pre-drawn sprite per point
 * into a typed array costs a few milliseconds for the same points, and the image is reused
 * while neither the camera nor the filters change.
 */

/** A point drawn once, premultiplied RGBA packed little-endian (`r | g << 8 | b << 16 | a << 24`). */
export interface Sprite {
  /** Width and height in device pixels (odd, so the centre is a pixel). */
  size: number;
  pixels: Uint32Array;
}

/** An image being drawn: device pixels, row 0 at the top. */
export interface Image {
  width: number;
  height: number;
  pixels: Uint32Array;
}

/** Four samples a side per pixel: enough for the edge of a disc a few pixels wide to look smooth. */
const SAMPLES = 4;

/** Packs premultiplied 0..1 channels into one little-endian RGBA value. */
function pack(r: number, g: number, b: number, a: number): number {
  const q = (v: number) => Math.max(0, Math.min(255, Math.round(v * 255)));
  return (q(r) | (q(g) << 8) | (q(b) << 16) | (q(a) << 24)) >>> 0;
}

/**
 * A filled disc of `radius` with an outline of `stroke` around it, in CSS pixels, the
 * same as the GPU layer's point: the layer's colour inside, the outline's (white unless
 * given) around it.
 */
export function pointSprite(
  color: readonly [number, number, number],
  radius: number,
  stroke: number,
  pixelRatio: number,
  outline: readonly [number, number, number] = [1, 1, 1],
): Sprite {
  const inner = radius * pixelRatio;
  const outer = (radius + stroke) * pixelRatio;
  const half = Math.ceil(outer);
  const size = 2 * half + 1;
  const pixels = new Uint32Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inOuter = 0;
      let inInner = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const dx = px - half + (sx + 0.5) / SAMPLES - 0.5;
          const dy = py - half + (sy + 0.5) / SAMPLES - 0.5;
          const d = Math.hypot(dx, dy);
          if (d <= outer) inOuter++;
          if (d <= inner) inInner++;
        }
      }
      if (inOuter === 0) continue;
      const a = inOuter / (SAMPLES * SAMPLES);
      // Of the covered part, the share inside the fill has the layer's colour, the rest is the outline's.
      const t = inInner / inOuter;
      const mix = (k: number) => (color[k] * t + outline[k] * (1 - t)) * a;
      pixels[py * size + px] = pack(mix(0), mix(1), mix(2), a);
    }
  }
  return { size, pixels };
}

/**
 * Draws premultiplied `s` over the pixel at `k`: the hot loop, so two channels are scaled at
 * once in one 32-bit multiply (red and blue, then green and alpha), with the exact rounded
 * division by 255 done as shifts (`(t + (t >> 8)) >> 8` after adding 128).
 * Premultiplied channels cannot overflow (`s ≤ a`, and the rest is scaled by `255 - a`).
 */
function over(out: Uint32Array, k: number, s: number): void {
  const a = s >>> 24;
  const d = out[k];
  if (a === 255 || d === 0) {
    out[k] = s;
    return;
  }
  const keep = 255 - a;
  const t1 = (Math.imul(d & 0xff00ff, keep) + 0x800080) >>> 0;
  const t2 = (Math.imul((d >>> 8) & 0xff00ff, keep) + 0x800080) >>> 0;
  const rb = ((t1 + ((t1 >>> 8) & 0xff00ff)) >>> 8) & 0xff00ff;
  const ga = ((t2 + ((t2 >>> 8) & 0xff00ff)) >>> 8) & 0xff00ff;
  out[k] = (s + (rb | (ga << 8))) >>> 0;
}

/** What decides which points are drawn, and where. */
export interface SplatInput {
  index: Pick<FeatureIndex, 'n' | 'x' | 'y' | 'layer' | 'start' | 'end' | 'order'>;
  /** 1 per row the actor and search filters let through. */
  match: Uint8Array;
  /** 1 per layer row shown. */
  layerOn: Uint8Array;
  window: TimeWindow | null;
  /** A row not to draw (the selected one, drawn apart, on top), or -1. */
  skip: number;
  /** Web Mercator (0..1) to clip space, column-major, as the map's custom layers get it. */
  matrix: ArrayLike<number>;
  /** World copies to draw (0 is the main one; -1 and 1 either side). */
  worlds: readonly number[];
  /** One sprite per layer row. */
  sprites: readonly Sprite[];
  /**
   * The skipped row's own sprite, when it is to be drawn here after every other point (on
   * top, as the selected point is), if the filters let it through.
   */
  skipSprite?: Sprite;
}

/**
 * Clears `image` and draws every shown point on it, in time order (later events on top,
 * undated places last), with the same filter as the GPU layer: matching, on a shown layer,
 * and overlapping the window (undated rows always); then the skipped row with `skipSprite`,
 * if given. Returns how many points were drawn. Time order, not row order: rows come layer
 * by layer, and at a country's scale, where points cover one another many times over, the
 * last layer's colour covered the others and the map looked as if nearly every event were
 * of that layer.
 */
export function splatPoints(image: Image, input: SplatInput): number {
  image.pixels.fill(0);
  return stampRows(image, input, drawnRows(input), centresOf(input, image.width, image.height));
}

/** A row drawn as a point of its layer, or as the selected point (last, with `skipSprite`); 0, not drawn: see `drawnRows`. */
export const AS_POINT = 1;
export const AS_SELECTED = 2;

/**
 * How each row is drawn, in time order (0, `AS_POINT` or `AS_SELECTED`): what
 * an image shows, so that two images can be told apart row by row (see `redrawChanged`).
 */
export function drawnRows(input: SplatInput): Uint8Array {
  const { index, match, layerOn, window, skip, skipSprite } = input;
  const lo = window ? window.start : -Infinity;
  const hi = window ? window.end : Infinity;
  // The columns in time order, so the loop reads them one after another (read through
  // `order`, each point cost a few cache misses: twice the time at 100,000 points).
  const c = timeColumns(index);
  const order = index.order;
  const rows = new Uint8Array(index.n);
  for (let k = 0; k < index.n; k++) {
    const i = order[k];
    if (i !== skip && shownIn(c, k, match[i], layerOn, lo, hi)) rows[k] = AS_POINT;
  }
  if (skipSprite && skip >= 0 && skip < index.n) {
    const k = c.at[skip];
    if (shownIn(c, k, match[skip], layerOn, lo, hi)) rows[k] = AS_SELECTED;
  }
  return rows;
}

/**
 * Whether row `k` (in time order) passes the filters. A function of the module, not a
 * closure made per call: V8 compiles a loop for the closure it has seen, and a new one at
 * the next call threw that code away mid-loop (a search's first keystroke after a load).
 */
function shownIn(c: TimeColumns, k: number, matched: number, layerOn: Uint8Array, lo: number, hi: number): boolean {
  if (!matched || !layerOn[c.layer[k]]) return false;
  const start = c.start[k];
  return Number.isNaN(start) || (c.end[k] > lo && start < hi);
}

/**
 * Stamps the rows `rows` marks (see `drawnRows`) over what `image` holds, where `centres`
 * (see `centresOf`) puts them: the points in time order, then the selected one. Returns how
 * many sprites were stamped (per world copy).
 */
export function stampRows(image: Image, input: SplatInput, rows: Uint8Array, centres: Int32Array): number {
  const layer = timeColumns(input.index).layer;
  const { sprites, skipSprite } = input;
  let drawn = 0;
  let selected = -1;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    // Both tests run for every row, so V8 has seen each before a call that needs it (a test
    // first reached halfway through 100,000 rows sent the loop back to the interpreter).
    if (r === AS_SELECTED) selected = k;
    if (r === AS_POINT) drawn += stampCentred(image, centres, rows.length, input.worlds.length, k, sprites[layer[k]]);
  }
  if (selected >= 0 && skipSprite) drawn += stampCentred(image, centres, rows.length, input.worlds.length, selected, skipSprite);
  return drawn;
}

/** An index's columns the splat reads, in its time order, and where each row went (`at`). */
interface TimeColumns {
  x: Float32Array;
  y: Float32Array;
  layer: Uint16Array;
  start: Float64Array;
  end: Float64Array;
  at: Uint32Array;
}

const timeOrdered = new WeakMap<object, TimeColumns>();

/** The columns of `index` in time order, made once per index. */
export function timeColumns(index: SplatInput['index']): TimeColumns {
  let c = timeOrdered.get(index);
  if (c) return c;
  const { n, order } = index;
  c = { x: new Float32Array(n), y: new Float32Array(n), layer: new Uint16Array(n), start: new Float64Array(n), end: new Float64Array(n), at: new Uint32Array(n) };
  for (let k = 0; k < n; k++) {
    const i = order[k];
    c.x[k] = index.x[i];
    c.y[k] = index.y[i];
    c.layer[k] = index.layer[i];
    c.start[k] = index.start[i];
    c.end[k] = index.end[i];
    c.at[i] = k;
  }
  timeOrdered.set(index, c);
  return c;
}

/** In `centresOf`'s answer: a point behind the camera, on no pixel. */
export const BEHIND = -0x80000000;

/** Farther off the image than this, a pixel is kept at this distance: still off it, and clear of `BEHIND` and of 32-bit overflow. */
const FAR_OFF = 0x40000000;

/**
 * A pixel coordinate as a whole number that fits the centres' 32 bits. Zoomed in far, a point
 * on the other side of the world lies billions of pixels away, and a coordinate that
 * wrapped around could land on the image.
 */
const pixel = (v: number): number => Math.max(-FAR_OFF, Math.min(FAR_OFF, Math.floor(v)));

/**
 * The pixel of a `width` × `height` image holding each row's point (in time order) on each
 * world copy of `input.worlds`: x at `2 * (w * n + k)` for copy `w` and row `k`, y just
 * after it (`BEHIND` when behind the camera), for every row, shown or not. They hold while
 * the camera and the size do, so that a redraw for other filters projects no point.
 * Written into `into` when it is the right length.
 */
export function centresOf(input: Pick<SplatInput, 'index' | 'matrix' | 'worlds'>, width: number, height: number, into?: Int32Array): Int32Array {
  const c = timeColumns(input.index);
  const n = input.index.n;
  const m = input.matrix;
  const out = into?.length === 2 * n * input.worlds.length ? into : new Int32Array(2 * n * input.worlds.length);
  input.worlds.forEach((world, w) => {
    for (let k = 0; k < n; k++) {
      const x = c.x[k] + world;
      const y = c.y[k];
      const at = 2 * (w * n + k);
      const d = m[3] * x + m[7] * y + m[15];
      if (d <= 0) {
        out[at] = BEHIND;
        continue;
      }
      out[at] = pixel(((m[0] * x + m[4] * y + m[12]) / d + 1) * 0.5 * width);
      out[at + 1] = pixel((1 - (m[1] * x + m[5] * y + m[13]) / d) * 0.5 * height);
    }
  });
  return out;
}

/** Stamps `sprite` centred on row `k`'s pixel (see `centresOf`) on each of `worlds` world copies where it falls in the image; returns on how many. */
function stampCentred(image: Image, centres: Int32Array, n: number, worlds: number, k: number, sprite: Sprite): number {
  const { width, height, pixels } = image;
  const half = sprite.size >> 1;
  let drawn = 0;
  for (let w = 0; w < worlds; w++) {
    const at = 2 * (w * n + k);
    if (centres[at] === BEHIND) continue;
    const left = centres[at] - half;
    const top = centres[at + 1] - half;
    if (left + sprite.size <= 0 || top + sprite.size <= 0 || left >= width || top >= height) continue;
    stamp(pixels, width, sprite, left, top, 0, 0, width, height);
    drawn++;
  }
  return drawn;
}

/** A premultiplied channel `c` at alpha `a` as a straight one: `c·255/a` rounded, at most 255. */
export const straight = (c: number, a: number): number => Math.min(255, Math.round((c * 255) / a));

/**
 * `straight` for every alpha and channel, at `a << 8 | c`: three look-ups a pixel instead of
 * three divisions (and a closure) took turning a 100,000-point image straight from about
 * 10 ms to a few in a keystroke's frame. Made on first use (64 KB).
 */
let straightTable: Uint8Array | null = null;
function straightLookup(): Uint8Array {
  if (straightTable) return straightTable;
  const table = new Uint8Array(256 * 256);
  for (let a = 1; a < 256; a++) for (let c = 0; c < 256; c++) table[(a << 8) | c] = straight(c, a);
  return (straightTable = table);
}

/**
 * Writes into `to` (an image of `width` pixels a row, as `from` is) the straight
 * (unassociated) colours of `from`'s premultiplied pixels within `rect`, as a 2D canvas's
 * `putImageData` takes them, leaving `from` as it is for the next partial redraw. Opaque and
 * empty pixels, nearly all of them, are copied as they are.
 */
export function straightInto(from: Uint32Array, to: Uint32Array, width: number, rect: Rect): void {
  const table = straightLookup();
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let k = y * width + rect.x, end = k + rect.width; k < end; k++) {
      const p = from[k];
      const a = p >>> 24;
      if (a === 0 || a === 255) {
        to[k] = p;
        continue;
      }
      const row = a << 8;
      to[k] = (table[row | (p & 0xff)] | (table[row | ((p >>> 8) & 0xff)] << 8) | (table[row | ((p >>> 16) & 0xff)] << 16) | (a << 24)) >>> 0;
    }
  }
}

/** Draws a sprite with its top-left corner at (`left`, `top`), within the pixels `x0 ≤ x < x1`, `y0 ≤ y < y1` (inside the image). */
export function stamp(out: Uint32Array, width: number, sprite: Sprite, left: number, top: number, x0: number, y0: number, x1: number, y1: number): void {
  const { size, pixels } = sprite;
  const sy0 = Math.max(0, y0 - top);
  const sy1 = Math.min(size, y1 - top);
  const sx0 = Math.max(0, x0 - left);
  const sx1 = Math.min(size, x1 - left);
  for (let sy = sy0; sy < sy1; sy++) {
    const row = (top + sy) * width + left;
    const from = sy * size;
    for (let sx = sx0; sx < sx1; sx++) {
      const s = pixels[from + sx];
      if (s !== 0) over(out, row + sx, s);
    }
  }
}

/** What a point sprite is drawn from: a colour per layer row and the point's size. */
export interface SpriteStyle {
  colors: readonly (readonly [number, number, number])[];
  /** In CSS pixels. */
  radius: number;
  stroke: number;
  pixelRatio: number;
}

