import { describe, expect, it } from 'vitest';
import { allCircles, DENSE, DENSE_CIRCLES_ZOOM, perVertex, pointScale, pointsOverMap, quadIndices, VERY_DENSE } from '../../src/lib/map/event-gl';
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

