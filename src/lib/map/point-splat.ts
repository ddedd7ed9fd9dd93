import type { FeatureIndex } from '../state/feature-index';
import type { TimeWindow } from '../state/filters';

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
 * same as the GPU layer's point: the layer's colour inside, white outside it.
 */
export function pointSprite(color: readonly [number, number, number], radius: number, stroke: number, pixelRatio: number): Sprite {
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
      // Of the covered part, the share inside the fill has the layer's colour, the rest is the white outline.
      const t = inInner / inOuter;
      pixels[py * size + px] = pack((color[0] * t + (1 - t)) * a, (color[1] * t + (1 - t)) * a, (color[2] * t + (1 - t)) * a, a);
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
  index: Pick<FeatureIndex, 'n' | 'x' | 'y' | 'layer' | 'start' | 'end'>;
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
}

/**
 * Clears `image` and draws every shown point on it, in row order (later rows on top), with
 * the same filter as the GPU layer: matching, on a shown layer, and overlapping the window
 * (undated rows always). Returns how many points were drawn.
 */
export function splatPoints(image: Image, input: SplatInput): number {
  const { width, height, pixels } = image;
  pixels.fill(0);
  const { index, match, layerOn, window, skip, matrix: m, worlds, sprites } = input;
  const lo = window ? window.start : -Infinity;
  const hi = window ? window.end : Infinity;
  let drawn = 0;
  for (let i = 0; i < index.n; i++) {
    if (!match[i] || !layerOn[index.layer[i]] || i === skip) continue;
    const start = index.start[i];
    if (!Number.isNaN(start) && !(index.end[i] > lo && start <= hi)) continue;
    const sprite = sprites[index.layer[i]];
    const half = sprite.size >> 1;
    const y = index.y[i];
    for (const world of worlds) {
      const x = index.x[i] + world;
      const w = m[3] * x + m[7] * y + m[15];
      if (w <= 0) continue;
      // The sprite's middle pixel on the pixel that holds the point.
      const cx = Math.floor(((m[0] * x + m[4] * y + m[12]) / w + 1) * 0.5 * width) - half;
      const cy = Math.floor((1 - (m[1] * x + m[5] * y + m[13]) / w) * 0.5 * height) - half;
      if (cx + sprite.size <= 0 || cy + sprite.size <= 0 || cx >= width || cy >= height) continue;
      stamp(pixels, width, height, sprite, cx, cy);
      drawn++;
    }
  }
  return drawn;
}

/** Draws a sprite with its top-left corner at (`left`, `top`), clipped to the image. */
function stamp(out: Uint32Array, width: number, height: number, sprite: Sprite, left: number, top: number): void {
  const { size, pixels } = sprite;
  const y0 = Math.max(0, -top);
  const y1 = Math.min(size, height - top);
  const x0 = Math.max(0, -left);
  const x1 = Math.min(size, width - left);
  for (let sy = y0; sy < y1; sy++) {
    const row = (top + sy) * width + left;
    const from = sy * size;
    for (let sx = x0; sx < x1; sx++) {
      const s = pixels[from + sx];
      if (s !== 0) over(out, row + sx, s);
    }
  }
}
