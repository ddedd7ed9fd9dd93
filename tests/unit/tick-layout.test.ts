import { describe, expect, it } from 'vitest';
import { timeTicks } from '../../src/lib/state/filters';
import { placeTicks } from '../../src/lib/ui/tick-layout';

/** About what the timeline's 0.7rem labels take: 6.7 pixels a character. */
const textWidth = (label: string) => label.length * 6.7;
const year = { start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 0, 19) };

function layout(width: number) {
  const ticks = timeTicks(year, Math.floor(width / 40));
  const toX = (at: number) => ((at - year.start) / (year.end - year.start)) * width;
  return { ticks, placed: placeTicks(ticks, toX, width, textWidth) };
}

const boxes = (placed: ReturnType<typeof placeTicks>) => placed.map((p) => [p.x - textWidth(p.label) * p.hang, p.x + textWidth(p.label) * (1 - p.hang)]);

describe('the timeline’s labels', () => {
  it('never overlap, at any width from a phone to a wide screen', () => {
    for (const width of [300, 390, 500, 700, 1000, 1500]) {
      const b = boxes(layout(width).placed);
      for (let k = 1; k < b.length; k++) expect(b[k][0], `${width} px, label ${k}`).toBeGreaterThanOrEqual(b[k - 1][1]);
    }
  });

  it('keep the first and the last label, and hang those near the ends inward', () => {
    const { ticks, placed } = layout(700);
    expect(placed.length).toBeLessThan(ticks.length);
    expect(placed[0]).toMatchObject({ label: ticks[0].label, hang: 0 });
    expect(placed[placed.length - 1]).toMatchObject({ label: ticks[ticks.length - 1].label, hang: 1 });
  });

  it('keep every label where they all fit', () => {
    const { ticks, placed } = layout(1500);
    expect(placed.map((p) => p.label)).toEqual(ticks.map((t) => t.label));
  });
});
