import { decodeText } from './import';

/**
 * Reads a file, or a slice of one, in pieces, so progress can be shown while the bytes
 * arrive (`progress` hears the bytes read so far, every few megabytes), into one buffer
 * decoded once at the end: no text per piece to join, and a character split between two
 * pieces needs no streaming decoder. The first bytes say the encoding (see `decodeText`).
 */
export async function readText(blob: Blob, progress: (done: number) => void): Promise<string> {
  const reader = blob.stream().getReader();
  const bytes = new Uint8Array(blob.size);
  let done = 0;
  let last = 0;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    bytes.set(value.subarray(0, bytes.length - done), done);
    done += value.byteLength;
    if (done - last > 4_000_000) {
      last = done;
      progress(done);
    }
  }
  return decodeText(bytes.subarray(0, Math.min(done, bytes.length)));
}
