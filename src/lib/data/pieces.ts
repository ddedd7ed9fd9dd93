/**
 * Features handed from a worker to the page in pieces, each with its search texts and time
 * spans: the page takes one piece (a fraction of a second at 5,000 features) while the
 * worker prepares the next, instead of stopping for seconds to take 100,000 features in
 * one message. Used by the import workers and the atlas worker alike.
 */
import { joinColumns, NO_COLUMNS, type PreparedColumns } from '../state/prepared';
import { joinTexts, splitTexts, type JoinedTexts } from './joined-texts';
import type { EventFeature } from './schema';
import { fromWire, type WireFeatures } from './stored-feature';

/** Features per message to the page. */
export const PIECE = 5000;

/** Prepared columns as a worker sends them: the search texts joined into one string (see `joined-texts.ts`). */
export type WirePrepared = Omit<PreparedColumns, 'text'> & { text: JoinedTexts };

/** The columns in their wire form (in a worker). */
export const toWirePrepared = (prepared: PreparedColumns): WirePrepared => ({ ...prepared, text: joinTexts(prepared.text) });

/** The columns a worker sent (on the page). */
export const fromWirePrepared = (wire: WirePrepared): PreparedColumns => ({ ...wire, text: splitTexts(wire.text) });

/** The pieces received so far, put back together in the order they came. */
export class Pieces {
  readonly features: EventFeature[] = [];
  private readonly parts: PreparedColumns[] = [];

  /** Takes a piece as it came from a worker; gives back its features, to which the export texts sent later belong. */
  add(wire: WireFeatures, prepared: WirePrepared): EventFeature[] {
    const features = fromWire(wire);
    this.take(features, fromWirePrepared(prepared));
    return features;
  }

  /** Takes features already made. */
  take(features: readonly EventFeature[], prepared: PreparedColumns): void {
    for (const f of features) this.features.push(f);
    this.parts.push(prepared);
  }

  /** Takes every piece of `other`, as they came: their columns are joined once, by `columns`, with the rest. */
  takeAll(other: Pieces): void {
    for (const f of other.features) this.features.push(f);
    for (const part of other.parts) this.parts.push(part);
  }

  /** The prepared columns of every feature received, parallel to `features`. */
  columns(): PreparedColumns {
    return this.parts.length === 0 ? NO_COLUMNS : joinColumns(this.parts);
  }
}

/**
 * The pieces of one file read as two parts by two workers (see `import-parts.ts`), each
 * piece of one layer and one part, put back in the order one reading of the file gives:
 * each layer's first part, then its second.
 */
export class SplitPieces {
  private readonly byLayer = new Map<string, [Pieces, Pieces]>();

  add(layer: string, part: 0 | 1, wire: WireFeatures, prepared: WirePrepared): EventFeature[] {
    let both = this.byLayer.get(layer);
    if (!both) this.byLayer.set(layer, (both = [new Pieces(), new Pieces()]));
    return both[part].add(wire, prepared);
  }

  /** Every piece, layer by layer in `order`. */
  assemble(order: readonly string[]): Pieces {
    const out = new Pieces();
    // Each piece's columns as it came, joined once when asked for (a join per layer and part first was a second copy of them all).
    for (const layer of order) for (const part of this.byLayer.get(layer) ?? []) out.takeAll(part);
    return out;
  }
}

/** A phase of a load or an import, as its progress bar names it. */
export type LoadPhase = 'reading' | 'parsing' | 'converting' | 'checking' | 'sending';

/**
 * Progress of several workers as one: the parts at the first part's phase (part 0, the
 * worker that leads), added up. With
 * `everyMs`, a report within one phase waits until that long after the one before, and
 * only the latest waiting is made: a large import sends about a thousand messages, and a
 * bar redrawn for each kept the page drawing frames at 50 a second through the load, on the
 * cores the workers need (Paint, Commit and the compositor's work for 343 frames in a 5.6 s
 * load). A new phase is reported at once.
 */
export class JointProgress {
  private readonly parts: ({ phase: LoadPhase; done: number; total: number } | null)[] = [];
  private last: { phase: LoadPhase; at: number } | null = null;
  private waiting: ReturnType<typeof setTimeout> | null = null;
  private latest: [LoadPhase, number, number] | null = null;
  constructor(
    private readonly report: (phase: LoadPhase, done: number, total: number) => void,
    private readonly everyMs = 0,
  ) {}

  hear(part: number, phase: LoadPhase, done: number, total: number): void {
    this.parts[part] = { phase, done, total };
    const lead = this.parts[0];
    if (!lead) return;
    const same = this.parts.filter((p) => p?.phase === lead.phase);
    this.offer(lead.phase, same.reduce((n, p) => n + p!.done, 0), same.reduce((n, p) => n + p!.total, 0));
  }

  /** Drops a report still waiting: the load is over. */
  stop(): void {
    if (this.waiting !== null) clearTimeout(this.waiting);
    this.waiting = null;
    this.latest = null;
  }

  private offer(phase: LoadPhase, done: number, total: number): void {
    const now = Date.now();
    const wait = this.last && this.last.phase === phase ? this.last.at + this.everyMs - now : 0;
    if (wait <= 0) {
      this.stop();
      this.last = { phase, at: now };
      this.report(phase, done, total);
      return;
    }
    this.latest = [phase, done, total];
    this.waiting ??= setTimeout(() => {
      this.waiting = null;
      const latest = this.latest;
      this.latest = null;
      if (latest) this.offer(...latest);
    }, wait);
  }
}
