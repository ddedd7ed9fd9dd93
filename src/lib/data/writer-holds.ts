import type { HoldRequest } from './send-pieces';

/**
 * How long a writing worker holds after the reader's last key, click, drag or wheel turn:
 * long enough to cover a keystroke's frames and the next keystroke of someone typing.
 */
export const HOLD_MS = 1000;

/** A hold is sent again at most this often while the reader goes on (a drag sends many events). */
const RESEND_MS = 200;

/** What the reader does that holds the writers; a pointer move only with a button down (a drag). */
const INPUTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'input'] as const;

/** Something a hold can be sent to: a `Worker`, in the page. */
export interface Writer {
  postMessage(msg: HoldRequest): void;
}

/**
 * The workers writing export texts after a load (see `send-pieces.ts`), told to hold while
 * the reader acts: on two cores their writing slowed what the reader was waiting for (a
 * search keystroke, a step of the timeline) by about half.
 */
export class WriterHolds {
  private readonly writers = new Set<Writer>();
  private lastSent = -Infinity;
  private listening = false;

  /** `target` hears the reader's input (the window, in the page). */
  constructor(private readonly target: EventTarget | null) {}

  /** Sends holds to `writer` while the reader acts, until the function given back is called. */
  add(writer: Writer): () => void {
    this.listen();
    this.writers.add(writer);
    return () => void this.writers.delete(writer);
  }

  /** Tells every writer to hold for `HOLD_MS`, unless told so less than `RESEND_MS` ago. */
  hold(now = performance.now()): void {
    if (this.writers.size === 0 || now - this.lastSent < RESEND_MS) return;
    this.lastSent = now;
    for (const w of this.writers) w.postMessage({ type: 'hold', ms: HOLD_MS });
  }

  private listen(): void {
    if (this.listening || !this.target) return;
    this.listening = true;
    const heard = (e: Event) => {
      if (e.type === 'pointermove' && (e as PointerEvent).buttons === 0) return;
      this.hold();
    };
    for (const type of INPUTS) this.target.addEventListener(type, heard, { capture: true, passive: true });
  }
}

/** The page's holds, on the window's input. */
export const writerHolds = new WriterHolds(typeof window === 'undefined' ? null : window);
