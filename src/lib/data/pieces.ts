/**
 * Features handed from a worker to the page in pieces, each with its search texts and time
 * spans: the page copies one piece (a fraction of a second at 5,000 features) while the
 * worker prepares the next, instead of stopping for seconds to take 100,000 features in
 * one message. Used by the import worker and the atlas worker alike.
 */
import { joinColumns, NO_COLUMNS, prepareAll, type PreparedColumns } from '../state/prepared';
import type { EventFeature, Source } from './schema';

/** Features per message to the page. */
export const PIECE = 5000;

/** Calls `send` with each piece of `features` and its prepared columns, in order, then `onSent` with how many have gone. */
export function sendInPieces(
  features: readonly EventFeature[],
  sources: ReadonlyMap<string, Source>,
  send: (piece: EventFeature[], prepared: PreparedColumns) => void,
  onSent?: (sent: number) => void,
): void {
  for (let from = 0; from < features.length; from += PIECE) {
    const piece = features.slice(from, from + PIECE);
    send(piece, prepareAll(piece, sources));
    onSent?.(from + piece.length);
  }
}

/** The pieces received so far, put back together in the order they came. */
export class Pieces {
  readonly features: EventFeature[] = [];
  private readonly parts: PreparedColumns[] = [];

  add(features: readonly EventFeature[], prepared: PreparedColumns): void {
    for (const f of features) this.features.push(f);
    this.parts.push(prepared);
  }

  /** The prepared columns of every feature received, parallel to `features`. */
  columns(): PreparedColumns {
    return this.parts.length === 0 ? NO_COLUMNS : joinColumns(this.parts);
  }
}
