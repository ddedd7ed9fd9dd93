import { distance } from '@turf/turf';
import { anchor } from './geometry';
import type { EventFeature, EventTime } from './schema';
import { localParts, zoneOffset } from './time';

/** A quantity computed from two uncertain inputs: its central value and the range the inputs allow. */
export interface Span {
  /** From the two stated points (positions or times) as given. */
  central: number;
  min: number;
  max: number;
}

const MINUTE = 60_000;
const PRECISION_MS = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE } as const;

/**
 * The stretch of time an event time allows, in milliseconds since the epoch: a minute, an
 * hour or a local day from `local`, or from `local` to the end of `end` for a window.
 * Undefined when the text cannot be read (a day-only time in a zone the app does not know).
 */
export function timeWindow(t: EventTime): { start: number; end: number } | undefined {
  const start = instant(t.local, t.zone);
  const last = instant(t.end ?? t.local, t.zone);
  if (start === undefined || last === undefined) return undefined;
  return { start, end: last + PRECISION_MS[t.precision] };
}

function instant(local: string, zone: string): number | undefined {
  const { clock } = localParts(local);
  const offset = clock ? undefined : zoneOffset(zone, local);
  const iso = clock ? local : offset ? `${local}T00:00:00${offset}` : undefined;
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The instant a time states: its clock time, or for a day-only time the middle of its
 * window, since midnight is no more stated than any other hour of that day (a strike
 * reported only as "16 January" is not set 12 hours early against one known to the minute).
 */
function stated(t: EventTime, w: { start: number; end: number }): number {
  return localParts(t.local).clock ? instant(t.local, t.zone)! : (w.start + w.end) / 2;
}

/** The time between two events: central from the stated times, min and max from their windows. */
export function timeGap(a: EventTime, b: EventTime): Span | undefined {
  const wa = timeWindow(a);
  const wb = timeWindow(b);
  if (!wa || !wb) return undefined;
  const central = Math.abs(stated(b, wb) - stated(a, wa));
  const min = Math.max(0, Math.max(wa.start, wb.start) - Math.min(wa.end, wb.end));
  const max = Math.max(wa.end, wb.end) - Math.min(wa.start, wb.start);
  return { central, min, max };
}

/**
 * The distance between two features: central between the two points, and the range their
 * precision circles allow (each true position may lie anywhere within its radius).
 */
export function distanceSpan(a: EventFeature, b: EventFeature): Span {
  const central = distance(anchor(a), anchor(b), { units: 'meters' });
  const slack = a.properties.location.radiusM + b.properties.location.radiusM;
  return { central, min: Math.max(0, central - slack), max: central + slack };
}

/**
 * Whether the central figure means anything: when the range is wider than the figure
 * itself, only the range is honest.
 */
export function centralIsMeaningful(s: Span): boolean {
  return s.max - s.min <= s.central;
}

/** Rounds to two significant figures, down or up so a range never shrinks. */
function round2(n: number, mode: 'down' | 'up' | 'near'): number {
  if (n <= 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  const f = mode === 'down' ? Math.floor : mode === 'up' ? Math.ceil : Math.round;
  return f(n / step) * step;
}

function metres(m: number): string {
  if (m < 1000) return `${m.toLocaleString('en-GB')} m`;
  return `${(m / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} km`;
}

function duration(ms: number): string {
  const min = ms / MINUTE;
  if (min < 90) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 48) return `${h.toLocaleString('en-GB', { maximumFractionDigits: 1 })} h`;
  return `${(h / 24).toLocaleString('en-GB', { maximumFractionDigits: 1 })} days`;
}

/** "about 1.2 km; between 300 m and 4.7 km given the two circles", or only the range when the figure would claim too much. */
export function describeDistance(s: Span): string {
  const range = `between ${metres(round2(s.min, 'down'))} and ${metres(round2(s.max, 'up'))} given the two precision circles`;
  return centralIsMeaningful(s) ? `about ${metres(round2(s.central, 'near'))}; ${range}` : range;
}

/** "about 20 min; between 19 and 21 min given the two times' precision", or only the range. */
export function describeGap(s: Span): string {
  if (s.min === s.max) return duration(s.central);
  // A range that reads as one figure at this rounding says nothing more ("between 12.4 days and 12.4 days").
  if (duration(s.min) === duration(s.max)) return `about ${duration(s.central)}`;
  const range = `between ${duration(s.min)} and ${duration(s.max)} given the precision of the two times`;
  return centralIsMeaningful(s) ? `about ${duration(s.central)}; ${range}` : range;
}
