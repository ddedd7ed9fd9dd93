/** Items handled between two hand-backs to the page in `mapInSteps`. */
export const STEP = 2000;

/**
 * `items.map(fn)`, handing the page back (a macrotask) every `STEP` items, so that work
 * taking seconds (a large export) never freezes the page. `fn` sees the items in order.
 */
export async function mapInSteps<T, R>(items: readonly T[], fn: (item: T, i: number) => R): Promise<R[]> {
  const out: R[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % STEP === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    out[i] = fn(items[i], i);
  }
  return out;
}
