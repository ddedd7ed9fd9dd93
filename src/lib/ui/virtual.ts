/** Rows drawn beyond each edge of the view, so a fast scroll shows no gap. */
const OVERSCAN = 8;

/** The rows of a list of fixed-height rows that a scrolled view shows: `from` included, `to` excluded. */
export function visibleSlice(count: number, rowHeight: number, scrollTop: number, viewHeight: number): { from: number; to: number } {
  const from = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const to = Math.min(count, Math.ceil((scrollTop + Math.max(viewHeight, rowHeight)) / rowHeight) + OVERSCAN);
  return { from, to: Math.max(from, to) };
}
