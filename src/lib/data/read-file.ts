import { decodeText } from './import';
import { partBytes, type PartBytes } from './part-bytes';

/**
 * Reads a file, or a slice of one, in one call and decodes it once; `progress` hears the
 * bytes read once they are all there. The first bytes say the encoding (see `decodeText`).
 * In a worker, one `arrayBuffer()` read half of a 117 MB export in 235–280 ms, against
 * 410–730 ms through the blob's stream in pieces (which reported progress every few
 * megabytes) and 435–785 ms in slices of 4 or 16 MB: the bar's finer steps while reading
 * cost more than the reading.
 */
export async function readText(blob: Blob, progress: (done: number) => void): Promise<string> {
  return (await readPart(blob, progress)).text;
}

/** As `readText`, with the bytes to read slices of the text from again, when that can be done (see `partBytes`). */
export async function readPart(blob: Blob, progress: (done: number) => void): Promise<{ text: string; bytes: PartBytes | null }> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  progress(bytes.length);
  const text = decodeText(bytes);
  const part = partBytes(blob, bytes.slice(0, 3), text);
  release(bytes.buffer);
  return { text, bytes: part };
}

/**
 * Frees a buffer's memory now rather than at the next collection, where the browser can
 * (transferring it to a buffer of no bytes detaches it): half a large file's bytes, garbage
 * once decoded, which the worker would otherwise hold beside the text while it checks.
 */
function release(buffer: ArrayBufferLike): void {
  (buffer as { transfer?: (length: number) => ArrayBuffer }).transfer?.(0);
}
