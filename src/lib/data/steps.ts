/** Items handled between two hand-backs to the page in `blobInSteps`. */
export const STEP = 2000;

/**
 * Hands the page back, so it can draw and answer between two steps: `scheduler.yield()`
 * where the browser has it (Chromium since 129), else a message to itself. Not
 * `setTimeout(0)`: browsers hold back each nested timeout by at least 4 ms, which was about
 * 200 ms of idle in every export of 100,000 features.
 */
export function handBack(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
