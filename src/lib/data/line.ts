/**
 * What one worker hears from another over the line between them, taken in order: each
 * message is awaited as the one expected next, and one that comes before it is asked for
 * waits in a queue.
 */
export class Answers<M extends { type: string }> {
  private readonly queue: M[] = [];
  private waiting: ((msg: M) => void) | null = null;

  /** `who` names the other worker in the error a message out of turn raises. */
  constructor(
    line: MessagePort,
    private readonly who: string,
  ) {
    line.onmessage = (e: MessageEvent<M>) => {
      const wake = this.waiting;
      this.waiting = null;
      if (wake) wake(e.data);
      else this.queue.push(e.data);
    };
  }

  async next<T extends M['type']>(type: T): Promise<Extract<M, { type: T }>> {
    const msg = this.queue.shift() ?? (await new Promise<M>((r) => (this.waiting = r)));
    if (msg.type !== type) throw new Error(`${this.who} said "${msg.type}" where "${type}" was expected`);
    return msg as Extract<M, { type: T }>;
  }
}
