/**
 * The position fields this map's own CSV and KML exports write beside each event's
 * coordinates (`precision_m`, `position_basis`, `position_note`), read back. Without them an
 * exported event opened again came back "precision not stated", its radius, what it rests on
 * and its note lost. Any other file naming these fields is read alike: it states them.
 */
import { LOCATION_BASES, type LocationBasis, type LocationInfo } from '../schema';
import { PRECISION_NOT_STATED, UNKNOWN_RADIUS_M } from '../unstated-precision';
import { short } from '../validate';
import { text, unstatedLocation } from './common';

/** The fields, as both exports name them. */
const FIELDS = ['precision_m', 'position_basis', 'position_note'] as const;

/** A precision as the exports write it: a plain decimal number of metres. */
const METRES = /^\+?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Longest position note read whole. An atlas's own notes say how a position was worked out,
 * step by step, and run past the 2,000 characters other text from a file is cut at (the
 * Kerman atlas's longest, 2,709): cut, the note lost its last steps on the way back.
 */
const NOTE_MAX = 20_000;

/** The note of a stated position whose file gives none (a hand-made file, a KML export before `position_note` was written). */
const NO_NOTE = 'Precision and basis as the file gives them (its precision_m and position_basis); the file gives no note on the position.';

/** What the fields give a draft: the position they state, or why they were not used, for the report. */
export interface OwnPosition {
  location?: LocationInfo;
  warnings?: string[];
}

const isBasis = (s: string | undefined): s is LocationBasis => (LOCATION_BASES as readonly string[]).includes(s ?? '');

/** A positive, finite number of metres, or undefined. */
function metres(s: string): number | undefined {
  const n = METRES.test(s) ? Number(s) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The position a feature's `precision_m`, `position_basis` and `position_note` state, its
 * sources the feature's `sources`. No precision (an empty cell, a KML without the Data) is the
 * placeholder of a position whose file stated none, as the exports write it; so is the "1"
 * that earlier exports wrote for it, known by its note (in a KML of then, by the
 * description, which held the note). A precision or basis that cannot be read is named in a
 * warning, and the position gets the placeholder. The fields read are added to `used`, so
 * the record does not repeat them; those not read stay in it, where nothing is lost.
 */
export function ownPosition(props: Record<string, unknown>, sources: string[], used: Set<string>): OwnPosition {
  const precision = text(props.precision_m, 100);
  const basis = text(props.position_basis, 100);
  const note = text(props.position_note, NOTE_MAX);
  if (precision === undefined && basis === undefined) return {};
  const radius = precision === undefined ? undefined : metres(precision);
  const placeholder = note === PRECISION_NOT_STATED || (note === undefined && typeof props.description === 'string' && props.description.includes(PRECISION_NOT_STATED));
  const read = () => FIELDS.forEach((k) => used.add(k));
  if (precision === undefined || (placeholder && radius === UNKNOWN_RADIUS_M)) {
    // Only what the placeholder itself says is taken as read; any other basis or note stays in the record.
    if ((note === undefined || placeholder) && (basis === undefined || basis === unstatedLocation([]).basis)) read();
    return {};
  }
  if (radius === undefined || !isBasis(basis)) {
    const why = [
      ...(radius === undefined ? [`its precision_m ${short(JSON.stringify(precision))} is not a positive number of metres`] : []),
      ...(isBasis(basis) ? [] : [basis === undefined ? 'it gives no position_basis' : `its position_basis ${short(JSON.stringify(basis))} is not one of ${LOCATION_BASES.join(', ')}`]),
    ];
    return { warnings: [`${why.join(', and ')}; the position was added as one whose precision the file does not state (a ${UNKNOWN_RADIUS_M} m placeholder)`] };
  }
  read();
  return { location: { basis, radiusM: radius, note: note ?? NO_NOTE, sources } };
}
