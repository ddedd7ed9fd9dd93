import type { Histogram } from './histogram';

/**
 * The timeline's histogram on a 2D canvas, in CSS pixels: bars of every dated event in
 * grey, the shown ones over them in their layers' colours. Drawn again at every timeline
 * step, scrub and search, so each colour is set once, not once a bar.
 */

/** A square-root scale keeps a lone event visible next to a busy hour: a bar's height for `n` events. */
function barHeight(n: number, max: number, height: number): number {
  return n === 0 ? 0 : Math.max(2, (Math.sqrt(n) / Math.sqrt(max)) * height);
}

/** Draws a bar for every bin of `all` (every layer together) in `color`. */
export function drawAllBars(ctx: CanvasRenderingContext2D, all: Histogram, width: number, height: number, color: string): void {
  const barW = width / all.bins;
  ctx.fillStyle = color;
  for (let b = 0; b < all.bins; b++) {
    let n = 0;
    for (let l = 0; l < all.layers; l++) n += all.counts[b * all.layers + l];
    const bh = barHeight(n, all.max, height);
    if (bh > 0) ctx.fillRect(b * barW, height - bh, Math.max(1, barW - 0.5), bh);
  }
}

/**
 * Draws the bars of `shown`, each bin's stacked by layer from the bottom in layer order, to
 * the scale of `max` (the busiest bin of all events). Layer by layer, so the fill colour is
 * set once a layer rather than once a bar (each setting parses a colour); bars of one bin
 * never overlap another's, so the pixels are the same as bin by bin.
 */
export function drawShownBars(ctx: CanvasRenderingContext2D, shown: Histogram, max: number, width: number, height: number, colors: readonly string[]): void {
  const barW = width / shown.bins;
  const { bins, layers, counts } = shown;
  const totals = new Float64Array(bins);
  for (let b = 0; b < bins; b++) for (let l = 0; l < layers; l++) totals[b] += counts[b * layers + l];
  // The bottom of each bin's next part, filled layer by layer.
  const bottom = new Float64Array(bins).fill(height);
  for (let l = 0; l < layers; l++) {
    ctx.fillStyle = colors[l];
    for (let b = 0; b < bins; b++) {
      const total = totals[b];
      if (total === 0) continue;
      const part = (counts[b * layers + l] / total) * barHeight(total, max, height);
      if (part === 0) continue;
      ctx.fillRect(b * barW, bottom[b] - part, Math.max(1, barW - 0.5), part);
      bottom[b] -= part;
    }
  }
}
