import { BlobWriter } from './blob-writer';

/**
 * Text written as UTF-8 into a Blob a worker makes (`blob.worker.ts`): the page encodes, and
 * hands each chunk's buffer over without a copy; the worker makes the Blobs. Meant for a
 * Blob that lives on after it is written (the CSV written ahead): see the worker's note.
 */
export class OffThreadBlobWriter extends BlobWriter {
  /** Started on the first hand-off: a writer that is stopped before it writes starts no thread. */
  private started: Worker | null = null;

  private get worker(): Worker {
    return (this.started ??= new Worker(new URL('./blob.worker.ts', import.meta.url), { type: 'module' }));
  }

  /** Everything written, as one Blob; the worker is stopped once it has handed it over. */
  override made(): Promise<Blob> {
    this.flush();
    return new Promise((resolve, reject) => {
      this.worker.onmessage = (e: MessageEvent<Blob>) => {
        this.stop();
        resolve(e.data);
      };
      this.worker.onerror = (e) => {
        this.stop();
        reject(new Error(e.message || 'the Blob could not be made'));
      };
      this.worker.postMessage(null);
    });
  }

  override blob(): Blob {
    throw new Error('the worker makes this Blob: ask for it with made()');
  }

  /** Stops the worker: what was written is dropped. */
  override stop(): void {
    this.started?.terminate();
  }

  protected override handOff(used: number): void {
    // Handed over, not copied: the next chunk gets a buffer of its own.
    const { buffer } = this.buffer;
    this.worker.postMessage({ buffer, used }, [buffer]);
    this.buffer = new Uint8Array(this.chunk);
  }
}
