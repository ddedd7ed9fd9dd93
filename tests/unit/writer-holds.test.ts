import { afterEach, describe, expect, it, vi } from 'vitest';
import { PieceSender } from '../../src/lib/data/send-pieces';
import { HOLD_MS, WriteGate, WriterHolds, type HoldRequest } from '../../src/lib/data/writer-holds';
import { syntheticAtlas } from '../../scripts/lib/synthetic';
// Loaded here, so that the writer's own import of it is at hand at once.
import '../../src/lib/data/export';

/** A worker's scope as the gate hears it: messages from the page. */
const scope = () => new EventTarget();
const hold = (target: EventTarget, ms: number) => target.dispatchEvent(new MessageEvent('message', { data: { type: 'hold', ms } satisfies HoldRequest }));
/** A fake clock for timeouts and `performance.now()`. */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
/** Asks the gate to pass; the function given back says whether it has. */
const passing = (gate: WriteGate) => {
  let passed = false;
  void gate.pass().then(() => (passed = true));
  return () => passed;
};
/** Lets real message-channel turns run (the gate waits for one), the fake clock standing still. */
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => new Promise((r) => setImmediate(r)));
};

describe('a writing worker holds while the page asks it to', () => {
  afterEach(() => void vi.useRealTimers());

  it('passes at once with no hold, waits out a hold, and a later hold lengthens it', async () => {
    fakeClock();
    const page = scope();
    const gate = new WriteGate(page);
    await gate.pass();
    hold(page, 1000);
    const passed = passing(gate);
    await turns();
    await vi.advanceTimersByTimeAsync(600);
    await turns();
    expect(passed()).toBe(false);
    hold(page, 1000); // at 600 ms: held until 1,600
    await vi.advanceTimersByTimeAsync(500);
    await turns();
    expect(passed()).toBe(false);
    await vi.advanceTimersByTimeAsync(600);
    await turns();
    expect(passed()).toBe(true);
  });

  it('hears a hold sent before it is asked to pass, and ignores other messages', async () => {
    fakeClock();
    const page = scope();
    const gate = new WriteGate(page);
    page.dispatchEvent(new MessageEvent('message', { data: { type: 'write' } }));
    const first = passing(gate);
    await turns();
    expect(first()).toBe(true);
    hold(page, 300);
    const second = passing(gate);
    await turns();
    expect(second()).toBe(false);
    await vi.advanceTimersByTimeAsync(300);
    await turns();
    expect(second()).toBe(true);
  });

  it('posts no export text while held, and every piece once the hold is over', async () => {
    fakeClock();
    const atlas = syntheticAtlas({ events: 300 });
    const sender = new PieceSender();
    sender.send(atlas.features, atlas, () => {});
    const page = scope();
    const gate = new WriteGate(page);
    hold(page, 2000);
    const posted: number[] = [];
    let done = false;
    void sender.writeAll((seq) => posted.push(seq), undefined, gate).then(() => (done = true));
    await turns(20);
    await vi.advanceTimersByTimeAsync(1900);
    await turns(20);
    expect(posted).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    await vi.waitFor(() => expect(done).toBe(true));
    expect(posted).toEqual([0]);
  });
});

describe('the page tells the writing workers to hold while the reader acts', () => {
  afterEach(() => void vi.useRealTimers());
  /** A stand-in for a worker: what it was told. */
  const writer = () => {
    const told: HoldRequest[] = [];
    return { told, postMessage: (msg: HoldRequest) => void told.push(msg) };
  };
  const pointer = (type: string, buttons: number) => Object.assign(new Event(type), { buttons });

  it('sends a hold on a key, a click, a drag, a wheel turn or an input, at most every 200 ms, and none on a bare pointer move', () => {
    const input = new EventTarget();
    const holds = new WriterHolds(input);
    const w = writer();
    holds.add(w);
    vi.spyOn(performance, 'now').mockReturnValue(1000);
    input.dispatchEvent(pointer('pointermove', 0));
    expect(w.told).toEqual([]);
    input.dispatchEvent(new Event('keydown'));
    expect(w.told).toEqual([{ type: 'hold', ms: HOLD_MS }]);
    input.dispatchEvent(new Event('input'));
    expect(w.told).toHaveLength(1);
    for (const [at, e] of [
      [1250, pointer('pointermove', 1)],
      [1500, new Event('wheel')],
      [1750, pointer('pointerdown', 1)],
      [2000, new Event('input')],
    ] as const) {
      vi.mocked(performance.now).mockReturnValue(at);
      input.dispatchEvent(e);
    }
    expect(w.told).toHaveLength(5);
    vi.restoreAllMocks();
  });

  it('tells a writer added while the reader acts to hold at once, for what is left of the hold, and one added later nothing', () => {
    const holds = new WriterHolds(new EventTarget());
    holds.hold(1000);
    const [soon, late] = [writer(), writer()];
    holds.add(soon, 1400);
    holds.add(late, 1000 + HOLD_MS);
    expect(soon.told).toEqual([{ type: 'hold', ms: HOLD_MS - 400 }]);
    expect(late.told).toEqual([]);
  });

  it('holds every writer, and one added meanwhile, while a load runs, and stops when it ends, holding none added after', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const holds = new WriterHolds(new EventTarget());
    const [early, late, after] = [writer(), writer(), writer()];
    holds.add(early);
    let finish = () => {};
    holds.holdWhile(new Promise<void>((resolve) => (finish = resolve)));
    expect(early.told).toHaveLength(1);
    vi.advanceTimersByTime(3000);
    // Held again all along, each hold outlasting the time to the next.
    const ms = early.told[0].ms;
    expect(early.told.length).toBeGreaterThanOrEqual(3000 / ms + 1);
    holds.add(late);
    vi.advanceTimersByTime(ms);
    expect(late.told.length).toBeGreaterThan(0);
    finish();
    await Promise.resolve();
    // The load's own writers, added as soon as it is over, are not held by it.
    holds.add(after);
    expect(after.told).toEqual([]);
    const told = early.told.length;
    vi.advanceTimersByTime(5000);
    expect(early.told).toHaveLength(told);
  });

  it('stops holding for a load that fails as for one that ends', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const holds = new WriterHolds(new EventTarget());
    const w = writer();
    holds.add(w);
    let fail = (_: Error) => {};
    holds.holdWhile(new Promise<void>((_, reject) => (fail = reject)));
    fail(new Error('unreachable'));
    await Promise.resolve();
    await Promise.resolve();
    const told = w.told.length;
    vi.advanceTimersByTime(5000);
    expect(w.told).toHaveLength(told);
  });

  it('tells every writer added, and none once it is released', () => {
    const input = new EventTarget();
    const holds = new WriterHolds(input);
    const [a, b] = [writer(), writer()];
    const releaseA = holds.add(a);
    holds.add(b);
    holds.hold(0);
    releaseA();
    holds.hold(1000);
    expect(a.told).toHaveLength(1);
    expect(b.told).toHaveLength(2);
  });
});
