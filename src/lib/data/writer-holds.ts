import type { ToWriter } from './send-pieces';
import { holdParsingWhile } from './stored-feature';

/**
 * How long a writing worker holds after the reader's last key, click, drag or wheel turn:
 * long enough to cover a keystroke's frames and the next keystroke of someone typing.
 */
export const HOLD_MS = 1000;

/** A hold is sent again at most this often while the reader goes on (a drag sends many events). */
const RESEND_MS = 200;

/** Each hold sent while a load runs: twice the time between two, so that they overlap. */
const LOAD_HOLD_MS = 2 * RESEND_MS;

/** What the reader does that holds the writers; a pointer move only with a button down (a drag). */
const INPUTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'input'] as const;

/**
 * What the page tells a writing worker while the reader acts (types, clicks, drags, scrolls):
 * write nothing for `ms` milliseconds (sent by `WriterHolds`, heard by `WriteGate`).
 */
export interface HoldRequest {
  type: 'hold';
  ms: number;
}

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
  /** When the reader last acted (`performance.now()`). */
  private lastInput = -Infinity;

  /** `target` hears the reader's input (the window, in the page), from now on: a writer added while the reader acts is told to hold at once. */
  constructor(target: EventTarget | null) {
    const heard = (e: Event) => {
      if (e.type === 'pointermove' && (e as PointerEvent).buttons === 0) return;
      this.hold();
    };
    for (const type of INPUTS) target?.addEventListener(type, heard, { capture: true, passive: true });
  }

  /**
   * Sends holds to `writer` while the reader acts, until the function given back is called;
   * at once, for what is left of the hold, if the reader acted less than `HOLD_MS` ago (else
   * a load finished while someone types would write at full speed until the next key).
   */
  add(writer: Writer, now = performance.now()): () => void {
    this.writers.add(writer);
    const left = this.lastInput + HOLD_MS - now;
    if (left > 0) writer.postMessage({ type: 'hold', ms: left });
    return () => void this.writers.delete(writer);
  }

  /**
   * Holds every writer, and any added meanwhile, until `done` settles: a load (a file added,
   * an atlas opened) needs both cores, and what the writers write for the atlas on the map
   * is thrown away if the load replaces it. Short holds, sent again and again, so that the
   * writers go on soon after the load; unlike the reader's input, a load leaves no hold on
   * the writers added once it is over (its own).
   */
  holdWhile(done: Promise<unknown>): void {
    const tell = () => {
      for (const w of this.writers) w.postMessage({ type: 'hold', ms: LOAD_HOLD_MS });
    };
    tell();
    const timer = setInterval(tell, RESEND_MS);
    const end = () => clearInterval(timer);
    done.then(end, end);
  }

  /** Tells every writer to hold for `HOLD_MS`, unless told so less than `RESEND_MS` ago. */
  hold(now = performance.now()): void {
    this.lastInput = now;
    if (this.writers.size === 0 || now - this.lastSent < RESEND_MS) return;
    this.lastSent = now;
    for (const w of this.writers) w.postMessage({ type: 'hold', ms: HOLD_MS });
  }
}

/** The page's holds, on the window's input. */
export const writerHolds = new WriterHolds(typeof window === 'undefined' ? null : window);

/**
 * Holds, until `done` settles, the page's work for the atlas on the map that a load (a file
 * added, an atlas opened) competes with for the cores: its writers (`WriterHolds.holdWhile`)
 * and the background parsing of its features' properties (`holdParsingWhile`).
 */
export function holdForLoad(done: Promise<unknown>): void {
  writerHolds.holdWhile(done);
  holdParsingWhile(done);
}

/** One turn of the worker's event loop, in which a message from the page can be heard (a timeout would be held to 4 ms from the fifth in a row). */
function turn(): Promise<void> {
  const line = new MessageChannel();
  return new Promise((resolve) => {
    line.port1.onmessage = () => {
      line.port1.close();
      resolve();
    };
    line.port2.postMessage(null);
  });
}

/**
 * What a worker hears from the page about writing its export texts: when to start (`asked`:
 * written any sooner, they would compete with the load for the cores), and when to hold
 * while the reader acts (`pass`). Why the holds: on two cores, a worker writing beside the
 * page's drawing of a search keystroke made the keystroke about half again as slow (a median
 * of 132 and 165 ms against 80 and 88 ms with no writing, in the benchmark's four keystrokes
 * right after a 100,000-event load).
 */
export class WriteGate {
  /** Resolves when the page asks for the export texts. */
  readonly asked: Promise<void>;
  /** Until when (`performance.now()`) the page asked the worker to hold. */
  private until = 0;

  /** `scope`: the worker's global scope, which hears the page's messages (in the page, the target the CSV written ahead is told its holds on). */
  constructor(scope: Pick<EventTarget, 'addEventListener'>) {
    let ask = () => {};
    this.asked = new Promise((resolve) => (ask = resolve));
    scope.addEventListener('message', (e) => {
      const msg = (e as MessageEvent).data as ToWriter | null;
      if (msg?.type === 'write') ask();
      else if (msg?.type === 'hold') this.until = Math.max(this.until, performance.now() + msg.ms);
    });
  }

  /** Whether a hold is in force now. */
  holding(now = performance.now()): boolean {
    return this.until > now;
  }

  /** Resolves once no hold is in force, after at least one turn of the event loop, so that a hold already sent is heard. */
  async pass(): Promise<void> {
    await turn();
    for (let left = this.until - performance.now(); left > 0; left = this.until - performance.now()) {
      await new Promise((resolve) => setTimeout(resolve, left));
      await turn();
    }
  }
}
