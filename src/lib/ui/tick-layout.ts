/** A timeline label placed on the track: `x` in pixels, and how it hangs from it. */
export interface PlacedTick {
  at: number;
  label: string;
  x: number;
  /** The label's share of its own width left of `x`: 0 near the left end, 1 near the right, ½ between. */
  hang: 0 | 0.5 | 1;
}

/** Pixels kept clear between two labels. */
const GAP = 6;

/**
 * Places the timeline's labels on a track `width` pixels wide and leaves out those that
 * would overlap another (`textWidth` gives a label's width): a label is centred on its
 * date, except near the ends, where it hangs inward so the edge does not cut it. The last
 * label (often the year) is kept in preference to the one before it. Without this, "Jan
 * 2023" at the left end ran into "Feb", and "Dec" into "Jan 2024" at the right, on a track
 * 700 pixels wide.
 */
export function placeTicks(ticks: readonly { at: number; label: string }[], toX: (at: number) => number, width: number, textWidth: (label: string) => number): PlacedTick[] {
  const boxes = ticks.map((tick) => {
    const x = toX(tick.at);
    const hang: PlacedTick['hang'] = x < width * 0.08 ? 0 : x > width * 0.92 ? 1 : 0.5;
    const w = textWidth(tick.label);
    return { tick: { ...tick, x, hang }, from: x - w * hang, to: x + w * (1 - hang) };
  });
  const kept: typeof boxes = [];
  for (const box of boxes) if (kept.length === 0 || box.from >= kept[kept.length - 1].to + GAP) kept.push(box);
  const last = boxes[boxes.length - 1];
  if (last && kept[kept.length - 1] !== last) {
    while (kept.length > 1 && kept[kept.length - 1].to + GAP > last.from) kept.pop();
    if (kept.length === 0 || kept[kept.length - 1].to + GAP <= last.from) kept.push(last);
  }
  return kept.map((b) => b.tick);
}
