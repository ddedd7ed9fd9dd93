import type { EventTime } from './schema';

/**
 * Zone abbreviations the loaded atlases declare (`IRST` → `Asia/Tehran`), shared by every
 * atlas on the page: an abbreviation is a label in the data, the IANA zone behind it gives
 * the offset on any date (daylight saving included) through Intl. Keys are own keys of a
 * Map, so "constructor" is never a zone.
 */
const declared = new Map<string, string>();

/**
 * Declares an atlas's (or an imported file's) zone abbreviations; entries that are not an
 * abbreviation and an IANA zone are skipped. Returns those already declared with another
 * zone (the first one stays).
 */
export function declareZones(zones: unknown): string[] {
  const clashes: string[] = [];
  if (typeof zones !== 'object' || zones === null) return clashes;
  for (const [abbr, iana] of Object.entries(zones)) {
    if (!/^[A-Z][A-Za-z0-9+-]{1,9}$/.test(abbr) || typeof iana !== 'string' || !iana.includes('/') || ianaZone(iana) === undefined) continue;
    const known = declared.get(abbr);
    if (known === undefined) declared.set(abbr, iana);
    else if (known !== iana) clashes.push(abbr);
  }
  return clashes;
}

/** The zone abbreviations declared so far, for a file that carries its own (an export). */
export function declaredZones(abbreviations: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of abbreviations) {
    const iana = declared.get(a);
    if (iana) out[a] = iana;
  }
  return out;
}

/**
 * Intl formatters that name a zone's offset, one per IANA zone (null: not a zone Intl
 * knows). Making a formatter costs far more than using one, and day-only times of 100,000
 * features ask for offsets again and again.
 */
const offsetFormats = new Map<string, Intl.DateTimeFormat | null>();

function offsetFormat(zone: string): Intl.DateTimeFormat | null {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      format = null;
    }
    offsetFormats.set(zone, format);
  }
  return format;
}

/**
 * Each IANA name asked about, as Intl spells it (null: not a zone Intl knows). Asking Intl
 * makes an options object each time: 0.4 s of an ACLED file of 100,000 rows, one zone.
 */
const canonicalZones = new Map<string, string | null>();

/** The IANA zone a time's `zone` stands for: a declared abbreviation, or an IANA name itself. */
export function ianaZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone === '') return undefined;
  const abbr = declared.get(zone);
  if (abbr) return abbr;
  if (!zone.includes('/') && zone !== 'UTC') return undefined;
  let iana = canonicalZones.get(zone);
  if (iana === undefined) {
    iana = offsetFormat(zone)?.resolvedOptions().timeZone ?? null;
    canonicalZones.set(zone, iana);
  }
  return iana ?? undefined;
}

/** The UTC offset of an IANA zone at an instant, as `+03:30` (Intl's `longOffset` name). */
export function offsetAt(iana: string, at: number): string | undefined {
  try {
    const name = offsetFormat(iana)?.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
    const m = name && /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name);
    if (!m) return undefined;
    return m[1] ? `${m[1]}${m[2].padStart(2, '0')}:${m[3] ?? '00'}` : '+00:00';
  } catch {
    return undefined;
  }
}

/**
 * The UTC offset of a time's zone on a local day (at its noon, clear of the night-time
 * daylight-saving switches), or undefined for a zone neither declared nor IANA.
 */
export function zoneOffset(zone: unknown, day: string): string | undefined {
  const fixed = fixedOffset(zone);
  if (fixed) return fixed;
  const iana = ianaZone(zone);
  if (!iana) return undefined;
  const key = `${iana} ${day.slice(0, 10)}`;
  if (offsets.has(key)) return offsets.get(key);
  const at = Date.parse(`${day.slice(0, 10)}T12:00:00Z`);
  const offset = Number.isFinite(at) ? offsetAt(iana, at) : undefined;
  if (offsets.size < 100_000) offsets.set(key, offset);
  return offset;
}

/**
 * The offset of a zone named by its offset, "UTC+05:00" (how the importers name the zone of
 * a time given with an offset and no zone name), or undefined for any other name.
 */
export function fixedOffset(zone: unknown): string | undefined {
  const m = typeof zone === 'string' ? /^UTC([+-])(\d{2}):(\d{2})$/.exec(zone) : null;
  return m && +m[2] <= 14 && +m[3] <= 59 ? `${m[1]}${m[2]}:${m[3]}` : undefined;
}

/** Offsets by zone and day, as zoneOffset found them (bounded: a day and a zone per entry). */
const offsets = new Map<string, string | undefined>();

/** How a time's zone is written for a reader: the data's abbreviation, or Intl's short name of an IANA zone ("CET", "GMT+3:30"). */
export function zoneLabel(zone: string, at: number): string {
  if (declared.has(zone) || !zone.includes('/')) return zone;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
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

/** Milliseconds since the epoch for sorting; a bare date sorts at its local noon-ish UTC start. */
export function sortKey(t: EventTime | undefined): number {
  if (!t) return Number.POSITIVE_INFINITY;
  const iso = localParts(t.local).clock ? t.local : `${t.local}T00:00:00Z`;
  return new Date(iso).getTime();
}
