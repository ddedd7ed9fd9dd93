import type { FeatureIndex } from '../state/feature-index';
import type { TimeWindow } from '../state/filters';

/** Counts of dated features per time bin and layer row: `counts[bin * layers + layer]`. */
export interface Histogram {
  bins: number;
  layers: number;
  counts: Uint32Array;
  /** The most features in one bin (all layers together). */
  max: number;
}

/**
 * Bins every dated feature by the middle of its time span; with `mask`, only the rows set
 * in it. One pass over the columns, no per-feature objects.
 */
export function histogram(index: FeatureIndex, extent: TimeWindow, bins: number, mask?: Uint8Array): Histogram {
  const layers = Math.max(1, index.layerIds.length);
  const counts = new Uint32Array(bins * layers);
  const totals = new Uint32Array(bins);
  const span = extent.end - extent.start || 1;
  for (let i = 0; i < index.n; i++) {
    if (Number.isNaN(index.start[i]) || (mask && !mask[i])) continue;
    const mid = (index.start[i] + index.end[i]) / 2;
    const b = Math.max(0, Math.min(bins - 1, Math.floor(((mid - extent.start) / span) * bins)));
    counts[b * layers + index.layer[i]]++;
    totals[b]++;
  }
  let max = 0;
  for (let b = 0; b < bins; b++) if (totals[b] > max) max = totals[b];
  return { bins, layers, counts, max };
}
