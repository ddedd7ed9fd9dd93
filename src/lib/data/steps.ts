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

/** Bytes gathered before they are handed to a Blob. */
const CHUNK = 8 * 1024 * 1024;

/**
 * Text written into one Blob as UTF-8, a few megabytes at a time. A Blob made at the end from
 * 100,000 strings took the browser 1.4–1.9 s in one go, freezing the page; encoded here in
 * steps into one reused buffer, each hand-off to a Blob copies a few megabytes.
 */
export class BlobWriter {
  private buffer = new Uint8Array(CHUNK);
  private used = 0;
  private readonly blobs: Blob[] = [];
  private readonly encoder = new TextEncoder();

  write(text: string): void {
    // Three bytes per UTF-16 unit at most.
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) this.buffer = new Uint8Array(text.length * 3);
    }
    this.used += this.encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }

  /** Everything written, as one Blob (made of the pieces, not copied again). */
  blob(): Blob {
    this.flush();
    return new Blob(this.blobs);
  }

  private flush(): void {
    if (this.used === 0) return;
    // The Blob copies the bytes, so the buffer is free to reuse.
    this.blobs.push(new Blob([this.buffer.subarray(0, this.used)]));
    this.used = 0;
  }
}

/** `fn` of each item, written in order into one Blob, handing the page back every `STEP` items. */
export async function blobInSteps<T>(items: readonly T[], fn: (item: T, i: number) => string): Promise<Blob> {
  const writer = new BlobWriter();
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % STEP === 0) await handBack();
    writer.write(fn(items[i], i));
  }
  return writer.blob();
}
