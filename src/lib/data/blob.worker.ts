/// <reference lib="webworker" />
/**
 * Makes a Blob of the byte chunks the page hands over (see `OffThreadBlobWriter`): each
 * chunk's Blob here, then, on `null`, one Blob of them all, posted back. Made on the page in
 * chunks of 2 MB, those Blobs cost its thread the copy into the browser, and the page's
 * process stayed about 127 MB larger afterwards at 100,000 events (the CSV written ahead:
 * 574 MB against 447 MB, `bench:memory`); see `AHEAD_CHUNK` in `csv-ahead.ts` for the rest.
 */
const blobs: Blob[] = [];

self.onmessage = (e: MessageEvent<{ buffer: ArrayBuffer; used: number } | null>) => {
  if (e.data) blobs.push(new Blob([new Uint8Array(e.data.buffer, 0, e.data.used)]));
  else (self as unknown as DedicatedWorkerGlobalScope).postMessage(new Blob(blobs));
};
