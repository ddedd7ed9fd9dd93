import { extentOf } from '../data/geometry';
import type { EventFeature } from '../data/schema';

/** West, south, east, north in degrees. */
export type Bounds = [number, number, number, number];

/**
 * The bounds of the features, widened by their precision radii when `withRadius` (so a close
 * view shows the whole doubt), kept inside the world: a point at a pole or a radius of
 * thousands of kilometres would otherwise make MapLibre throw "Invalid LngLat".
 */
export function boundsOf(features: readonly EventFeature[], withRadius: boolean): Bounds {
  // Loops, not Math.min(...list), which overflows the stack past about 100,000 arguments.
  let [w, s, e, n] = [180, 90, -180, -90];
  for (const f of features) {
    // A line's or polygon's whole extent, not only its anchor.
    const [fw, fs, fe, fn] = extentOf(f);
    const r = withRadius ? f.properties.location.radiusM : 0;
    const dLat = r / 111_320;
    const dLon = r / (111_320 * Math.max(0.1, Math.cos((((fs + fn) / 2) * Math.PI) / 180)));
    w = Math.min(w, fw - dLon);
    s = Math.min(s, fs - dLat);
    e = Math.max(e, fe + dLon);
    n = Math.max(n, fn + dLat);
  }
  const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
  return [clamp(w, 180), clamp(s, 85), clamp(e, 180), clamp(n, 85)];
}

/** How the whole atlas is framed when it arrives: this padding (shrunk on a small map) and at most this zoom. */
export const ATLAS_FRAME = { padding: 60, maxZoom: 12 } as const;
