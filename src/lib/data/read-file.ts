import { decodeBytes, type DecodedText } from './import';

/**
 * Reads a file, or a slice of one, in one call and decodes it once; `progress` hears the
 * bytes read once they are all there. The encoding is found as `decodeBytes` finds it.
 * In a worker, one `arrayBuffer()` read half of a 117 MB export in 235–280 ms, against
 * 410–730 ms through the blob's stream in pieces (which reported progress every few
 * megabytes) and 435–785 ms in slices of 4 or 16 MB: the bar's finer steps while reading
 * cost more than the reading.
 */
export async function readText(blob: Blob, progress: (done: number) => void): Promise<DecodedText> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  progress(bytes.length);
  return decodeBytes(bytes);
}

/**
 * As `readText`, for a part of a file read in two (see `split-export.ts`): null unless its
 * bytes are UTF-8, whose texts alone are placed back in their bytes (see `byteRanges`), so
 * that the file is then read whole.
 */
export async function readUtf8(blob: Blob, progress: (done: number) => void): Promise<string | null> {
  const read = await readText(blob, progress);
  return read.encoding === 'utf-8' ? read.text : null;
}
