import { describe, expect, it } from 'vitest';
import { circleCap, leftOutNote, type CircleView } from '../../src/lib/map/circle-budget';
import type { FeatureIndex } from '../../src/lib/state/feature-index';

/** Circles at Web Mercator positions with radii in the same units; one layer, undated (always in the window). */
function circles(list: [x: number, y: number, radius: number][]): FeatureIndex {
  const n = list.length;
  return {
    n,
    x: Float32Array.from(list, (c) => c[0]),
    y: Float32Array.from(list, (c) => c[1]),
    radius: Float32Array.from(list, (c) => c[2]),
    layer: new Uint16Array(n),
    start: new Float64Array(n).fill(NaN),
    end: new Float64Array(n).fill(NaN),
  } as unknown as FeatureIndex;
}

/** A 1,000 × 1,000 px view of the unit square's corner: 1,000 px per unit of 1. */
const view: CircleView = { x0: 0, y0: 0, x1: 1, y1: 1, worldPx: 1000, minRadiusPx: 9, marginPx: 0 };
const all = (n: number) => ({ match: new Uint8Array(n).fill(1), layerOn: Uint8Array.of(1), window: null });
const SCREEN = 1000 * 1000;

describe('circleCap: the widest precision circles a frame leaves out', () => {
  it('draws every circle while together they fill less than the budget', () => {
    const index = circles([[0.5, 0.5, 0.1], [0.2, 0.2, 0.05]]);
    expect(circleCap(index, all(2), view, 3 * SCREEN)).toEqual({ radiusPx: Infinity, left: 0, narrowestLeft: Infinity });
  });

  it('leaves out the widest first, keeps every narrower one, and names the narrowest left out', () => {
    // Ten circles covering the whole view (radius 600 px: quads clipped to one screen each), two of 200 px and ten of 20 px.
    const wide = Array.from({ length: 10 }, (): [number, number, number] => [0.5, 0.5, 0.6]);
    const medium: [number, number, number][] = [[0.3, 0.3, 0.2], [0.7, 0.7, 0.2]];
    const narrow = Array.from({ length: 10 }, (_, i): [number, number, number] => [0.1 * i, 0.5, 0.02]);
    const cap = circleCap(circles([...wide, ...medium, ...narrow]), all(22), view, 3 * SCREEN);
    expect(cap.left).toBe(10);
    expect(cap.narrowestLeft).toBeCloseTo(0.6, 5);
    expect(cap.radiusPx).toBeGreaterThan(200);
    expect(cap.radiusPx).toBeLessThanOrEqual(600);
    // With room for a fifth of a screen, the 200 px ones (a 400 px square each) go too.
    const tighter = circleCap(circles([...wide, ...medium, ...narrow]), all(22), view, 0.2 * SCREEN);
    expect(tighter.left).toBe(12);
    expect(tighter.narrowestLeft).toBeCloseTo(0.2, 5);
    expect(tighter.radiusPx).toBeGreaterThan(20);
    expect(tighter.radiusPx).toBeLessThanOrEqual(200);
  });

  it('counts only what the frame would fill: circles out of view, hidden, filtered out or under their points cost nothing', () => {
    const wide = Array.from({ length: 10 }, (): [number, number, number] => [0.5, 0.5, 0.6]);
    const elsewhere: [number, number, number] = [5, 5, 0.6];
    const tiny: [number, number, number] = [0.5, 0.5, 0.005];
    const index = circles([...wide, elsewhere, tiny]);
    const hidden = { match: new Uint8Array(12).fill(1), layerOn: Uint8Array.of(0), window: null };
    expect(circleCap(index, hidden, view, 3 * SCREEN).left).toBe(0);
    const unmatched = { match: new Uint8Array(12), layerOn: Uint8Array.of(1), window: null };
    expect(circleCap(index, unmatched, view, 3 * SCREEN).left).toBe(0);
    // Only the ten wide ones in view count: three fit, so the rest of their size is left out, not the tiny one or the far one.
    expect(circleCap(index, all(12), view, 3 * SCREEN).left).toBe(10);
  });

  it('leaves out circles whose events are outside the time window', () => {
    const index = circles(Array.from({ length: 10 }, (): [number, number, number] => [0.5, 0.5, 0.6]));
    index.start.fill(0);
    index.end.fill(1000);
    const later = { ...all(10), window: { start: 5000, end: 9000 } };
    expect(circleCap(index, later, view, 3 * SCREEN).left).toBe(0);
    expect(circleCap(index, all(10), view, 3 * SCREEN).left).toBe(10);
  });

  it('says how many it left out and the narrowest of them in metres, as the data gives it at the view’s latitude', () => {
    // 25 km at 33° N, as feature-index.ts stores it.
    const radius = 25_000 / (40_075_016.686 * Math.cos((33 * Math.PI) / 180));
    expect(leftOutNote({ radiusPx: 100, left: 1234, narrowestLeft: radius }, 33)).toBe('1,234 precision circles of about 25 km radius or more not drawn here: too many overlap. Select an event to see its circle.');
    expect(leftOutNote({ radiusPx: 100, left: 1, narrowestLeft: radius / 50 }, 33)).toBe('1 precision circle of about 500 m radius or more not drawn here: too many overlap. Select an event to see its circle.');
    expect(leftOutNote({ radiusPx: Infinity, left: 0, narrowestLeft: Infinity }, 33)).toBeNull();
  });
});
