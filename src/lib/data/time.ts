import type { EventTime } from './schema';

/** UTC offsets of the zones the data uses, for times given only as a day. */
export const ZONE_OFFSETS: Readonly<Record<string, string>> = { IRST: '+03:30', AST: '+03:00', PKT: '+05:00', UTC: '+00:00' };

/** The UTC offset of a zone the app knows, or undefined; own keys only, so "constructor" is not a zone. */
export function zoneOffset(zone: unknown): string | undefined {
  return typeof zone === 'string' && Object.hasOwn(ZONE_OFFSETS, zone) ? ZONE_OFFSETS[zone] : undefined;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Parts of a reported local time, read from its ISO text without any time-zone arithmetic. */
export interface LocalParts {
  date: string;
  clock?: string;
  offset?: string;
}

export function localParts(local: string): LocalParts {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2}))?$/.exec(local);
  if (!m) return { date: local };
  return { date: m[1], clock: m[2], offset: m[3] === 'Z' ? '+00:00' : m[3] };
}

/** "3 January 2024" from "2024-01-03". */
export function formatDay(isoDate: string): string {
  const [y, mo, d] = isoDate.split('-').map(Number);
  // Text that is not a date (it cannot pass validation, but never show "undefined NaN").
  if (!MONTHS[mo - 1] || !Number.isInteger(d) || !Number.isInteger(y)) return isoDate;
  return `${d} ${MONTHS[mo - 1]} ${y}`;
}

/** The same instant in UTC as "HH:MM UTC", or undefined when only the day is known. */
export function utcClock(local: string): string | undefined {
  const { clock } = localParts(local);
  if (!clock) return undefined;
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return undefined;
  const day = d.toISOString().slice(0, 10);
  const hm = d.toISOString().slice(11, 16);
  return day === localParts(local).date ? `${hm} UTC` : `${hm} UTC on ${formatDay(day)}`;
}

/** The Solar Hijri (Persian calendar) date of an ISO day, from the browser's or Node's Intl. */
export function persianDate(isoDate: string, locale: 'en' | 'fa' = 'en'): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  const tag = locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB-u-ca-persian';
  return new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** One line for the panel: "3 January 2024, about 15:00 IRST (UTC+03:30)", "16 January 2024 (time of day not known)", or a window. */
export function describeTime(t: EventTime): string {
  if (t.end) return `between ${describeMoment(t.local, t.zone, false)} and ${describeMoment(t.end, t.zone, false)}`;
  return describeMoment(t.local, t.zone, t.approximate);
}

function describeMoment(local: string, zone: string, approximate: boolean): string {
  const { date, clock, offset } = localParts(local);
  const day = formatDay(date);
  if (!clock) return `${day} (time of day not known; local time ${zone}, UTC${zoneOffset(zone) ?? '?'})`;
  return `${day}, ${approximate ? 'about ' : ''}${clock} ${zone} (UTC${offset})`;
}

/** Milliseconds since the epoch for sorting; a bare date sorts at its local noon-ish UTC start. */
export function sortKey(t: EventTime | undefined): number {
  if (!t) return Number.POSITIVE_INFINITY;
  const iso = localParts(t.local).clock ? t.local : `${t.local}T00:00:00Z`;
  return new Date(iso).getTime();
}
