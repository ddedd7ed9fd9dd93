import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointSprite, splatPoints, straight, straightInto, type Image, type SplatInput } from '../../src/lib/map/point-splat';
import { PointSplat } from '../../src/lib/map/splat-kept';

const RED: [number, number, number] = [1, 0, 0];
const BLUE: [number, number, number] = [0, 0, 1];

/** Channels of a packed little-endian RGBA value. */
const rgba = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];

/** Web Mercator 0..1 across a 100-pixel image: x to the right, y down, as the map's matrix maps it. */
const MATRIX = [2, 0, 0, 0, 0, -2, 0, 0, 0, 0, 1, 0, -1, 1, 0, 1];

const image = (): Image => ({ width: 100, height: 100, pixels: new Uint32Array(100 * 100) });
const at = (img: Image, x: number, y: number) => rgba(img.pixels[y * img.width + x]);

/** Points at `xy` (0..1), one layer row each as given, dated `start` (NaN: undated) for a day. */
function input(xy: [number, number][], over: Partial<SplatInput> = {}, layers: number[] = xy.map(() => 0), start: number[] = xy.map(() => NaN)): SplatInput {
  const n = xy.length;
  return {
    index: {
      n,
      x: Float32Array.from(xy, (p) => p[0]),
      y: Float32Array.from(xy, (p) => p[1]),
      layer: Uint16Array.from(layers),
      start: Float64Array.from(start),
      end: Float64Array.from(start, (s) => s + 86_400_000),
      // Rows in time order as the index gives them; the tests here draw in row order unless they say otherwise.
      order: Uint32Array.from(xy.keys()),
    },
    match: new Uint8Array(n).fill(1),
    layerOn: new Uint8Array([1, 1]),
    window: null,
    skip: -1,
    matrix: MATRIX,
    worlds: [0],
    sprites: [pointSprite(RED, 3, 1, 1), pointSprite(BLUE, 3, 1, 1)],
    ...over,
  };
}

describe('a point sprite', () => {
  it('is the layer’s colour in the middle, a white outline around it and clear beyond', () => {
    const s = pointSprite(RED, 3, 2, 1);
    expect(s.size % 2).toBe(1);
    const half = s.size >> 1;
    expect(rgba(s.pixels[half * s.size + half])).toEqual([255, 0, 0, 255]);
    // The pixel four out spans 3.5 to 4.5 from the centre: between the fill (3) and the outline's edge (5), so white.
    expect(rgba(s.pixels[half * s.size + half + 4])).toEqual([255, 255, 255, 255]);
    expect(s.pixels[0]).toBe(0);
  });

  it('grows with the pixel ratio', () => {
    expect(pointSprite(RED, 3, 1, 2).size).toBeGreaterThan(pointSprite(RED, 3, 1, 1).size + 6);
  });

  it('has partly covered edge pixels, premultiplied (no channel above its alpha)', () => {
    const s = pointSprite(BLUE, 2.4, 1, 1);
    const partial = [...s.pixels].map(rgba).filter(([, , , a]) => a > 0 && a < 255);
    expect(partial.length).toBeGreaterThan(0);
    for (const [r, g, b, a] of partial) expect(Math.max(r, g, b)).toBeLessThanOrEqual(a);
  });
});

describe('points drawn into one image', () => {
  it('draws a shown point where the matrix puts it, in its layer’s colour', () => {
    const img = image();
    expect(splatPoints(img, input([[0.5, 0.25]], {}, [1]))).toBe(1);
    expect(at(img, 50, 25)).toEqual([0, 0, 255, 255]);
    expect(at(img, 50, 75)).toEqual([0, 0, 0, 0]);
  });

  it('leaves out what the filters hide: no match, a hidden layer, outside the window, the skipped row', () => {
    const day = Date.UTC(2024, 0, 3);
    const xy: [number, number][] = [[0.2, 0.2], [0.4, 0.4], [0.6, 0.6], [0.8, 0.8], [0.5, 0.1]];
    const img = image();
    const drawn = splatPoints(
      img,
      input(xy, { match: new Uint8Array([0, 1, 1, 1, 1]), layerOn: new Uint8Array([1, 0]), window: { start: day, end: day + 3_600_000 }, skip: 4 }, [0, 1, 0, 0, 0], [day, day, day - 5 * 86_400_000, day, day]),
    );
    expect(drawn).toBe(1);
    expect(at(img, 20, 20)[3]).toBe(0);
    expect(at(img, 40, 40)[3]).toBe(0);
    expect(at(img, 60, 60)[3]).toBe(0);
    expect(at(img, 80, 80)).toEqual([255, 0, 0, 255]);
    expect(at(img, 50, 10)[3]).toBe(0);
  });

  it('draws undated points whatever the window', () => {
    const img = image();
    splatPoints(img, input([[0.5, 0.5]], { window: { start: 0, end: 1 } }));
    expect(at(img, 50, 50)).toEqual([255, 0, 0, 255]);
  });

  it('draws in time order, whatever the rows: the later event on top', () => {
    const img = image();
    splatPoints(img, input([[0.5, 0.5], [0.5, 0.5]], {}, [0, 1]));
    expect(at(img, 50, 50)).toEqual([0, 0, 255, 255]);
    // The same two rows, the red one (row 0) now the later in time.
    const base = input([[0.5, 0.5], [0.5, 0.5]], {}, [0, 1]);
    const reordered = { ...base, index: { ...base.index, order: Uint32Array.from([1, 0]) } };
    splatPoints(img, reordered);
    expect(at(img, 50, 50)).toEqual([255, 0, 0, 255]);
    // Selected, the earlier blue one is drawn over it, with its own sprite.
    splatPoints(img, { ...reordered, skip: 1, skipSprite: pointSprite(BLUE, 3, 1, 1) });
    expect(at(img, 50, 50)).toEqual([0, 0, 255, 255]);
  });

  it('blends a partly covered edge pixel over what is under it (premultiplied “over”)', () => {
    const blue = pointSprite(BLUE, 3, 1, 1);
    const half = blue.size >> 1;
    // An edge pixel of the blue point, `dx` to the right of its centre.
    const dx = [...Array(blue.size).keys()].find((x) => blue.pixels[half * blue.size + x] >>> 24 > 0)! - half;
    const [r, g, b, a] = rgba(blue.pixels[half * blue.size + half + dx]);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(255);
    const img = image();
    // The red point's centre at pixel 50; the blue point placed so that its edge pixel lands there.
    splatPoints(img, input([[0.505, 0.505], [0.505 - dx / 100, 0.505]], {}, [0, 1]));
    // Red under it keeps (255 - a) / 255 of itself; opaque under anything stays opaque.
    expect(at(img, 50, 50)).toEqual([r + 255 - a, g, b, 255]);
  });

  it('repeats points on each world copy in view, and clips sprites at the image’s edges', () => {
    const img = image();
    const drawn = splatPoints(img, input([[0.995, 0.5]], { worlds: [-1, 0] }));
    expect(drawn).toBe(2);
    expect(at(img, 99, 50)[3]).toBe(255);
    expect(at(img, 0, 50)[3]).toBeGreaterThan(0);
  });

  it('draws nothing for a point billions of pixels away, zoomed in far (no 32-bit wrap onto the image)', () => {
    // x = 1 lands 2^32 + 50 pixels to the right: in 32 bits, that would be pixel 50.
    const scale = (2 ** 32 + 50) / 100;
    const zoomed = MATRIX.map((v, i) => (i === 0 ? v * scale : v));
    const img = image();
    expect(splatPoints(img, input([[1, 0.5]], { matrix: zoomed }))).toBe(0);
    expect(img.pixels.every((v) => v === 0)).toBe(true);
  });

  it('clears what the last image showed', () => {
    const img = image();
    splatPoints(img, input([[0.5, 0.5]]));
    splatPoints(img, input([[0.5, 0.5]], { match: new Uint8Array([0]) }));
    expect(img.pixels.every((v) => v === 0)).toBe(true);
  });
});

describe('the selected point in the image', () => {
  const DARK: [number, number, number] = [0, 0, 0];

  it('is drawn last, over rows that come after it, with its own sprite, when the filters show it', () => {
    const selected = pointSprite(RED, 3, 1, 1, DARK);
    const img = image();
    // Row 0 is the selected one; row 1 (blue) lies on it and would cover it in row order.
    expect(splatPoints(img, input([[0.5, 0.5], [0.5, 0.5]], { skip: 0, skipSprite: selected }, [0, 1]))).toBe(2);
    expect(at(img, 50, 50)).toEqual([255, 0, 0, 255]);
    // Its outline is its sprite's: dark, not the white of a plain point.
    const ring = at(img, 54, 50);
    expect(ring[3]).toBeGreaterThan(0);
    expect(Math.max(ring[0], ring[1], ring[2])).toBeLessThan(ring[3]);
  });

  it('is left out when the filters hide it, and without its sprite (the map draws it then)', () => {
    const selected = pointSprite(RED, 3, 1, 1, DARK);
    const hidden = image();
    expect(splatPoints(hidden, input([[0.5, 0.5]], { skip: 0, skipSprite: selected, match: new Uint8Array([0]) }))).toBe(0);
    expect(at(hidden, 50, 50)[3]).toBe(0);
    const apart = image();
    expect(splatPoints(apart, input([[0.5, 0.5]], { skip: 0 }))).toBe(0);
  });
});

describe('an image for a 2D canvas', () => {
  it('has straight (not premultiplied) channels, opaque and empty pixels unchanged', () => {
    const pack = (r: number, g: number, b: number, a: number) => (r | (g << 8) | (b << 16) | (a << 24)) >>> 0;
    const pixels = new Uint32Array([pack(64, 32, 0, 128), pack(10, 20, 30, 255), 0, pack(1, 1, 1, 2)]);
    straightInto(pixels, pixels, 4, { x: 0, y: 0, width: 4, height: 1 });
    expect([...pixels].map(rgba)).toEqual([[128, 64, 0, 128], [10, 20, 30, 255], [0, 0, 0, 0], [128, 128, 128, 2]]);
  });

  it('turns every premultiplied channel at every alpha straight as the division does', () => {
    const pack = (r: number, g: number, b: number, a: number) => (r | (g << 8) | (b << 16) | (a << 24)) >>> 0;
    const from = new Uint32Array(256 * 254);
    for (let a = 1; a < 255; a++) for (let c = 0; c < 256; c++) from[(a - 1) * 256 + c] = pack(c, 255 - c, (c * 7) & 0xff, a);
    const to = new Uint32Array(from.length);
    straightInto(from, to, 256, { x: 0, y: 0, width: 256, height: 254 });
    const wrong: number[] = [];
    for (let k = 0; k < from.length; k++) {
      const [r, g, b, a] = rgba(from[k]);
      if (to[k] !== pack(straight(r, a), straight(g, a), straight(b, a), a)) wrong.push(k);
    }
    expect(wrong).toEqual([]);
  });
});

describe('an image kept between frames', () => {
  const style = { colors: [RED, BLUE], radius: 3, stroke: 1, pixelRatio: 1 };
  const { sprites: _, ...plain } = input([[0.5, 0.5]]);

  it('is drawn again only when what it shows has changed', () => {
    const splat = new PointSplat();
    const state = {};
    expect(splat.draw(plain, style, 100, 100, [state])).not.toBeNull();
    expect(splat.draw(plain, style, 100, 100, [state])).toBeNull();
    // Another state that shows the same points draws nothing; one that hides the point, another size, style or camera each draws it again.
    expect(splat.draw(plain, style, 100, 100, [{}])).toBeNull();
    expect(splat.draw({ ...plain, match: new Uint8Array([0]) }, style, 100, 100, [{}])).not.toBeNull();
    expect(splat.draw(plain, style, 80, 100, [state])?.width).toBe(80);
    expect(splat.draw(plain, { ...style, radius: 4 }, 80, 100, [state])).not.toBeNull();
    expect(splat.draw({ ...plain, matrix: MATRIX.map((v, i) => (i === 12 ? -0.9 : v)) }, { ...style, radius: 4 }, 80, 100, [state])).not.toBeNull();
    splat.reset();
    expect(splat.draw({ ...plain, matrix: MATRIX.map((v, i) => (i === 12 ? -0.9 : v)) }, { ...style, radius: 4 }, 80, 100, [state])).not.toBeNull();
  });

  it('draws the skipped row as the selected point only when asked', () => {
    const splat = new PointSplat();
    const selected = { ...plain, skip: 0 };
    expect(at(splat.draw(selected, style, 100, 100, [1])!, 50, 50)[3]).toBe(0);
    const img = splat.draw(selected, style, 100, 100, [1], true)!;
    expect(at(img, 50, 50)).toEqual([255, 0, 0, 255]);
    // 10 pixels wide with a 3-pixel dark outline, as the map's layer draws the selected point.
    expect(at(img, 50 + 11, 50)[3]).toBe(255);
    expect(Math.max(...at(img, 50 + 11, 50).slice(0, 3))).toBeLessThan(30);
  });
});


describe('an image redrawn in part', () => {
  const style = { colors: [RED, BLUE], radius: 3, stroke: 1, pixelRatio: 1 };
  const DAY = 86_400_000;

  /** A reader's change: a few rows found or lost by a search, a layer shown or hidden, another window, another selected row. */
  const editArb = (n: number) =>
    fc.oneof(
      fc.record({ flip: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 3 }) }),
      fc.record({ layer: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ window: fc.option(fc.integer({ min: 0, max: 4 }).map((d) => ({ start: d * DAY, end: (d + 2) * DAY })), { nil: null }) }),
      fc.record({ skip: fc.integer({ min: -1, max: n - 1 }) }),
    );

  type State = { match: Uint8Array; layerOn: Uint8Array; window: { start: number; end: number } | null; skip: number };
  const apply = (st: State, e: { flip?: number[]; layer?: number; window?: State['window']; skip?: number }): State => {
    const match = st.match.slice();
    for (const k of e.flip ?? []) match[k] ^= 1;
    const layerOn = st.layerOn.slice();
    if (e.layer !== undefined) layerOn[e.layer] ^= 1;
    return { match, layerOn, window: e.window !== undefined ? e.window : st.window, skip: e.skip ?? st.skip };
  };

  const caseArb = fc.integer({ min: 1, max: 150 }).chain((n) =>
    fc.record({
      points: fc.array(fc.tuple(fc.double({ min: -0.05, max: 1.05, noNaN: true }), fc.double({ min: -0.05, max: 1.05, noNaN: true })), { minLength: n, maxLength: n }),
      layers: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      days: fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), { minLength: n, maxLength: n }),
      order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      width: fc.integer({ min: 10, max: 140 }),
      height: fc.integer({ min: 10, max: 110 }),
      tile: fc.integer({ min: 2, max: 40 }),
      radius: fc.constantFrom(2, 3, 9),
      worlds: fc.constantFrom([0], [-1, 0]),
      withSelected: fc.boolean(),
      first: fc.record({ match: fc.uint8Array({ minLength: n, maxLength: n, min: 0, max: 1 }), skip: fc.integer({ min: -1, max: n - 1 }) }),
      edits: fc.array(editArb(n), { minLength: 1, maxLength: 8 }),
    }),
  );

  const sameImage = (a: Uint32Array, b: Uint32Array) => a.length === b.length && a.every((v, k) => v === b[k]);

  it('comes out pixel for pixel as a whole redraw would, and says which part changed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const kept = new PointSplat(c.tile);
        const s = { ...style, radius: c.radius };
        const states = [{ match: c.first.match, layerOn: new Uint8Array([1, 1]), window: null, skip: c.first.skip } as State];
        for (const e of c.edits) states.push(apply(states[states.length - 1], e));
        const base = input(c.points, { worlds: c.worlds }, c.layers, c.days.map((d) => (d === null ? NaN : d * DAY)));
        const { sprites: _, ...plain } = { ...base, index: { ...base.index, order: Uint32Array.from(c.order) } };
        let before: Uint32Array | null = null;
        for (const st of states) {
          const drawn = kept.draw({ ...plain, ...st }, s, c.width, c.height, [st], c.withSelected);
          const whole = new PointSplat().draw({ ...plain, ...st }, s, c.width, c.height, [st], c.withSelected)!;
          if (drawn === null) {
            // Nothing in view changed: the last image is still right.
            expect(before !== null && sameImage(before, whole.pixels)).toBe(true);
            continue;
          }
          expect(sameImage(drawn.pixels, whole.pixels)).toBe(true);
          const { x, y, width, height } = drawn.changed;
          if (before) {
            let outside = 0;
            for (let k = 0; k < before.length; k++) {
              const px = k % c.width;
              const py = Math.floor(k / c.width);
              if (before[k] !== drawn.pixels[k] && !(px >= x && px < x + width && py >= y && py < y + height)) outside++;
            }
            expect(outside).toBe(0);
          } else expect(drawn.changed).toEqual({ x: 0, y: 0, width: c.width, height: c.height });
          before = drawn.pixels.slice();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('draws only the tiles around a point that a search hides, leaving the rest of the image as it was', () => {
    const splat = new PointSplat(32);
    const xy: [number, number][] = [[0.1, 0.1], [0.9, 0.9]];
    const { sprites: _, ...plain } = input(xy);
    splat.draw(plain, style, 200, 200, [1]);
    const changed = splat.draw({ ...plain, match: new Uint8Array([1, 0]) }, style, 200, 200, [2])!.changed;
    // The hidden point's tile at (180, 180), 32 pixels a side; the other point's tile is not in it.
    expect(changed).toEqual({ x: 160, y: 160, width: 32, height: 32 });
    // A search that changes nothing in view changes nothing.
    expect(splat.draw({ ...plain, match: new Uint8Array([1, 0]) }, style, 200, 200, [3])).toBeNull();
  });

  it('draws again the part of a point that reaches into a tile diagonally from its own', () => {
    // Point 0 sits on pixel (31, 31), its sprite over the corner of four tiles; point 1, at (40, 40), lies in the tile below and right of it only.
    const { sprites: _, ...plain } = input([[0.315, 0.315], [0.405, 0.405]]);
    const splat = new PointSplat(32);
    splat.draw(plain, style, 100, 100, [1]);
    const part = splat.draw({ ...plain, match: new Uint8Array([1, 0]) }, style, 100, 100, [2])!;
    expect(part.changed).toEqual({ x: 32, y: 32, width: 32, height: 32 });
    const whole = new PointSplat().draw({ ...plain, match: new Uint8Array([1, 0]) }, style, 100, 100, [2])!;
    expect(at(part, 32, 32)[3]).toBeGreaterThan(0);
    expect([...part.pixels]).toEqual([...whole.pixels]);
  });

  it('leaves the image as it is when a point out of view is hidden', () => {
    const splat = new PointSplat();
    const { sprites: _, ...plain } = input([[0.5, 0.5], [3, 3]]);
    splat.draw(plain, style, 100, 100, [1]);
    expect(splat.draw({ ...plain, match: new Uint8Array([1, 0]) }, style, 100, 100, [2])).toBeNull();
  });
});
