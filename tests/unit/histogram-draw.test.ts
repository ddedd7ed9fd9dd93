import { describe, expect, it } from 'vitest';
import type { Histogram } from '../../src/lib/ui/histogram';
import { drawAllBars, drawShownBars } from '../../src/lib/ui/histogram-draw';

/** A 2D context that records each filled rectangle with the fill colour it was drawn in. */
function recorder() {
  const rects: string[] = [];
  const ctx = {
    fillStyle: '',
    fillRect(x: number, y: number, w: number, h: number) {
      rects.push(`${this.fillStyle} ${x} ${y} ${w} ${h}`);
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, rects };
}

/** Three bins of two layers: 9 and 0 events, none, 1 and 3. */
const shown: Histogram = { bins: 3, layers: 2, counts: Uint32Array.from([9, 0, 0, 0, 1, 3]), max: 16 };

describe('the histogram drawn on a canvas', () => {
  it('stacks each bin’s shown events by layer from the bottom, to the square-root scale of the busiest bin', () => {
    const { ctx, rects } = recorder();
    // 30 pixels wide (10 a bin), 20 high; the busiest bin of all events holds 16.
    drawShownBars(ctx, shown, 16, 30, 20, ['red', 'blue']);
    // Bin 0: 9 events, sqrt(9 / 16) × 20 = 15 pixels, all red. Bin 2: 4 events, 10 pixels, a quarter red at the bottom, then blue.
    expect(rects.sort()).toEqual(['blue 20 10 9.5 7.5', 'red 0 5 9.5 15', 'red 20 17.5 9.5 2.5'].sort());
  });

  it('sets each layer’s colour once, not once a bar', () => {
    let sets = 0;
    const ctx = {
      set fillStyle(_: string) {
        sets++;
      },
      fillRect() {},
    } as unknown as CanvasRenderingContext2D;
    drawShownBars(ctx, { bins: 100, layers: 3, counts: new Uint32Array(300).fill(1), max: 3 }, 3, 300, 20, ['red', 'blue', 'green']);
    expect(sets).toBe(3);
  });

  it('draws every event’s bar in one colour, at least 2 pixels high for a lone event', () => {
    const { ctx, rects } = recorder();
    drawAllBars(ctx, { bins: 2, layers: 2, counts: Uint32Array.from([0, 1, 0, 0]), max: 400 }, 20, 20, 'grey');
    expect(rects).toEqual(['grey 0 18 9.5 2']);
  });
});
