import type { ExpressionSpecification } from 'maplibre-gl';

/**
 * Links and shapes the filters hide are hidden through feature-state, not a layer filter:
 * a new filter makes MapLibre cut the source into tiles again on its worker (three or four
 * frames, 250–380 ms a keystroke at 100,000 events here), while a feature-state change is
 * applied to the paint on the page's thread in the next frame.
 */
export const HIDDEN: ExpressionSpecification = ['boolean', ['feature-state', 'hidden'], false];

/** `shownValue` while the feature is shown, 0 (drawn transparent) while the filters hide it. */
export function unlessHidden(shownValue: number | ExpressionSpecification): ExpressionSpecification {
  return ['case', HIDDEN, 0, shownValue];
}

/**
 * The features whose hidden state must be set to show exactly `shown` of `all`: every one
 * when nothing was applied yet (`before` null: a new style or atlas), else only those that
 * changed.
 */
export function hiddenChanges(all: readonly string[], shown: ReadonlySet<string>, before: ReadonlySet<string> | null): { id: string; hidden: boolean }[] {
  const out: { id: string; hidden: boolean }[] = [];
  for (const id of all) {
    const now = shown.has(id);
    if (before === null || before.has(id) !== now) out.push({ id, hidden: !now });
  }
  return out;
}
