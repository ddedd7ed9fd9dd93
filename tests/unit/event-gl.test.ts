import { describe, expect, it } from 'vitest';
import { allCircles, DENSE, DENSE_CIRCLES_ZOOM, perVertex, pointScale, pointsOverMap, quadIndices, sameGpuState, VERY_DENSE, type GpuState } from '../../src/lib/map/event-gl';
import { LABEL_MIN_ZOOM } from '../../src/lib/map/event-layers';

describe('the GPU layer’s buffers', () => {
  it('repeats each feature’s values for the four vertices of its quad', () => {
    const out = perVertex(new Float32Array([1, 2, 3, 4]), 2);
    expect([...out]).toEqual([1, 2, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 3, 4]);
    expect(perVertex(new Uint8Array([7, 9]), 1)).toEqual(new Uint8Array([7, 7, 7, 7, 9, 9, 9, 9]));
  });

  it('draws each quad as two triangles of its own four vertices', () => {
    expect([...quadIndices(2)]).toEqual([0, 1, 2, 1, 3, 2, 4, 5, 6, 5, 7, 6]);
  });
});

describe('what dense data draws', () => {
  it('draws every precision circle for a small atlas, and for dense data only from close up', () => {
    expect(allCircles(DENSE, 2)).toBe(true);
    expect(allCircles(DENSE + 1, DENSE_CIRCLES_ZOOM - 0.1)).toBe(false);
    expect(allCircles(DENSE + 1, DENSE_CIRCLES_ZOOM)).toBe(true);
  });

  it('shrinks points of dense data seen from afar, the densest most, and never for a small atlas', () => {
    expect(pointScale(DENSE, 1)).toBe(1);
    expect(pointScale(DENSE + 1, 1)).toBeCloseTo(0.55);
    expect(pointScale(VERY_DENSE + 1, 1)).toBeCloseTo(0.35);
    expect(pointScale(VERY_DENSE + 1, 12)).toBe(1);
  });

  it('draws dense points over the map only below the zoom where labels appear, and a small atlas always in it', () => {
    expect(pointsOverMap(DENSE, 2)).toBe(false);
    expect(pointsOverMap(DENSE + 1, LABEL_MIN_ZOOM - 0.01)).toBe(true);
    expect(pointsOverMap(DENSE + 1, LABEL_MIN_ZOOM)).toBe(false);
  });
});


describe('sameGpuState', () => {
  const match = Uint8Array.from([1, 0, 1]);
  const state: GpuState = { window: { start: 0, end: 10 }, layerOn: Uint8Array.from([1, 1]), match, selected: -1 };

  it('is true for states that draw the same: the same match array, an equal window and equal layers in new objects', () => {
    expect(sameGpuState(state, { ...state, window: { start: 0, end: 10 }, layerOn: Uint8Array.from([1, 1]) })).toBe(true);
    expect(sameGpuState({ ...state, window: null }, { ...state, window: null })).toBe(true);
  });

  it('is false when anything drawn changes: the match array, the window, a layer, the selection', () => {
    expect(sameGpuState(state, { ...state, match: Uint8Array.from(match) })).toBe(false);
    expect(sameGpuState(state, { ...state, window: { start: 0, end: 11 } })).toBe(false);
    expect(sameGpuState(state, { ...state, window: null })).toBe(false);
    expect(sameGpuState(state, { ...state, layerOn: Uint8Array.from([1, 0]) })).toBe(false);
    expect(sameGpuState(state, { ...state, selected: 2 })).toBe(false);
  });
});
