/**
 * The workers' side of handing features to the page (the page's side is `pieces.ts`): first
 * the features in pieces, each feature's properties as text, with their prepared columns;
 * then, once the page has them all, each piece's export texts, and the same as bytes in one
 * Blob, which make a GeoJSON export a matter of joining Blobs (or texts, where the Blob will
 * not serve). Writing those texts costs a worker about three times what the
 * first texts cost, so it is left until after the load; the export writer is loaded only
 * then, so the atlas worker that opens the app's atlas starts without it.
 */
import { prepareAll } from '../state/prepared';
import { PIECE, toWirePrepared, type WirePrepared } from './pieces';
import type { EventFeature, Originator, Source } from './schema';
import { blobOfTexts, spanIn } from './piece-blobs';
import { toWire, transferOf, type PieceBytes, type WireFeatures, type WrittenPiece } from './stored-feature';
import type { HoldRequest, WriteGate } from './writer-holds';
import type { PiecePlan } from './write-plan';

/**
 * The export texts of some features; `sources`, the catalogue they cite. With `titles` (the
 * layers' titles by id), their bytes in a GeoJSON export (`PieceBytes`) instead: the text
 * only of a feature that has no bytes (its layer has no title there), "" for the others.
 */
export async function writtenPiece(
  features: readonly EventFeature[],
  sources: ReadonlyMap<string, Source>,
  titles?: ReadonlyMap<string, string>,
  pause: () => Promise<void> = async () => {},
): Promise<WrittenPiece> {
  const { featureText } = await import('./export');
  // Lists filled by push: a list made with `new Array(n)` is holey, and goes in the structured clone's slower sparse form.
  const texts: string[] = [];
  const meta: string[] = [];
  const titleAt = new Uint32Array(features.length);
  for (let i = 0; i < features.length; i++) {
    if (i % PAUSE_EVERY === 0) await pause();
    const written = featureText(features[i], sources);
    texts.push(written.text);
    meta.push(written.meta);
    titleAt[i] = written.titleAt;
  }
  const written = { texts, titleAt, meta };
  if (!titles) return written;
  const bytes = pieceBytes(features, written, titles);
  // A feature whose bytes are in the Blob goes without its text: the page exports it from the Blob, or, where the Blob
  // will not serve (its layer titled otherwise on the page), writes it again. Sent, the texts were about 105 MB of the
  // page's heap at 100,000 events, for exports that no longer read them.
  return { texts: texts.map((text, i) => (spanIn(bytes.geojson, bytes.geojsonEnds, i) ? '' : text)), titleAt, meta, bytes };
}

/** Features written between two chances to hold (see `WriteGate`): about 10 ms of a worker’s time here. */
const PAUSE_EVERY = 100;

/** The bytes of a piece's features in a GeoJSON export (see `PieceBytes`). */
function pieceBytes(features: readonly EventFeature[], written: WrittenPiece, titles: ReadonlyMap<string, string>): PieceBytes {
  const used: Record<string, string> = {};
  const { texts, titleAt } = written;
  const { blob, ends } = blobOfTexts(
    texts.map((text, i) => {
      const layer = features[i].properties.layer;
      const title = titles.get(layer);
      if (title === undefined) return '';
      used[layer] = title;
      return `,${text.slice(0, titleAt[i])},"layerTitle":${JSON.stringify(title)}${text.slice(titleAt[i])}`;
    }),
  );
  return { geojson: blob, geojsonEnds: ends, titles: used };
}

/** The layers' titles by id, as `sendTexts` takes them. */
export const titlesOf = (layers: readonly { id: string; title: string }[]): Map<string, string> => new Map(layers.map((l) => [l.id, l.title]));

/** What a worker posts with the export texts: those of piece `seq`, then that it has sent them all (`part` 1: the second worker of a file). */
export type WrittenReply = { type: 'written'; seq: number; written: WrittenPiece; part?: 0 | 1 } | { type: 'written-done'; part?: 0 | 1 };

/** A worker's `postMessage` for its replies to the page: a piece's points buffer is transferred, not copied. */
export function postReply(msg: { type: string; features?: unknown }): void {
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg, transferOf(msg));
}

/** What the page tells a worker once it has taken the features and drawn them: send their export texts now. */
export interface WriteRequest {
  type: 'write';
}

/**
 * What the page may tell a worker of a file read in two parts once the load is over, in
 * place of asking it to write: say how its pieces are made again from the file (see
 * `write-plan.ts`); the page then stops it, and one fresh worker writes both parts' texts.
 */
export interface PlanRequest {
  type: 'plan';
}

/** What the page may tell a worker once the load is over. */
export type ToWriter = WriteRequest | HoldRequest | PlanRequest;

/** What the features sent cite: the sources, and the agencies those name (for the search texts, see `prepareAll`). */
export interface SentCatalogue {
  sources: ReadonlyMap<string, Source>;
  originators?: ReadonlyMap<string, Originator>;
}

/** Sends one worker's features to the page in numbered pieces, and afterwards, on request, their export texts. */
export class PieceSender {
  /** Each piece sent, or how to make it again (the worker then keeps its text, not its parsed features). */
  private readonly sent: { features: readonly EventFeature[] | (() => readonly EventFeature[]); sources: ReadonlyMap<string, Source>; plan?: PiecePlan }[] = [];

  /**
   * Calls `send` with each piece of `features`, its prepared columns and its number (from 0,
   * across calls), in order, then `onSent` with how many have gone. With `remake`, which
   * makes the same features again, the pieces are not kept for their export texts.
   */
  send(
    features: readonly EventFeature[],
    { sources, originators = new Map() }: SentCatalogue,
    send: (piece: WireFeatures, prepared: WirePrepared, seq: number) => void,
    onSent?: (sent: number) => void,
    remake?: (() => readonly EventFeature[]) & { plan?: Omit<PiecePlan, 'from' | 'to'> },
  ): void {
    for (let from = 0; from < features.length; from += PIECE) {
      const piece = features.slice(from, from + PIECE);
      send(toWire(piece), toWirePrepared(prepareAll(piece, sources, originators)), this.sent.length);
      // `from` is bound afresh for each turn of the loop, so each closure keeps its own.
      const plan = remake?.plan && { ...remake.plan, from, to: from + piece.length };
      this.sent.push({ features: remake ? () => remake().slice(from, from + PIECE) : piece, sources, ...(plan ? { plan } : {}) });
      onSent?.(from + piece.length);
    }
  }

  /** How each piece sent so far is made again from the file (see `write-plan.ts`), by number; null when one of them cannot be. */
  plans(): PiecePlan[] | null {
    const out: PiecePlan[] = [];
    for (const { plan } of this.sent) {
      if (!plan) return null;
      out.push(plan);
    }
    return out;
  }

  /**
   * Once the page asks (`gate.asked`), posts the export texts of every piece sent so far,
   * holding while the page asks it to, and then `written-done`; `part` 1 for the second
   * worker of a file. The page may stop the worker at any point before.
   */
  async sendTexts(gate: WriteGate, post: (msg: WrittenReply) => void, part?: 1, titles?: ReadonlyMap<string, string>): Promise<void> {
    const which = part ? { part } : {};
    await gate.asked;
    await this.writeAll((seq, written) => post({ type: 'written', seq, written, ...which }), titles, gate);
    post({ type: 'written-done', ...which });
  }

  /**
   * Calls `post` with the export texts of every piece sent so far, by number, in order; with
   * `titles`, their bytes too (see `writtenPiece`); with `gate`, waiting while the page asks it to hold.
   */
  async writeAll(post: (seq: number, written: WrittenPiece) => void, titles?: ReadonlyMap<string, string>, gate?: WriteGate): Promise<void> {
    const sent = this.sent.splice(0);
    const pause = gate ? () => gate.pass() : undefined;
    for (const [seq, { features, sources }] of sent.entries()) post(seq, await writtenPiece(typeof features === 'function' ? features() : features, sources, titles, pause));
  }
}
