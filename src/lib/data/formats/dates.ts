import type { EventTime } from '../schema';
import { dayTime, type FileZone } from './common';

/** A date or time read from a file: a day (or a span of days) and, when the file gives one, an instant with its UTC offset. */
export interface ReadDate {
  /** First day, YYYY-MM-DD. */
  day: string;
  /** Last day (inclusive) when the text names a month or a year. */
  lastDay?: string;
  /** The instant as YYYY-MM-DDTHH:MM[:SS]±HH:MM, when the text gives a time with a zone. */
  moment?: string;
  /** A clock time given without a zone: kept in the note, not placed. */
  clockWithoutZone?: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1–12 for a month's English name or its three-letter abbreviation ("Sept" too), any case; 0 for any other word. */
function monthNumber(word: string): number {
  const w = word.toLowerCase();
  return MONTHS.findIndex((name) => name === w || name.slice(0, 3) === w || (w === 'sept' && name === 'september')) + 1;
}
const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD when the numbers make a real calendar day, else undefined. */
export function makeDay(y: number, m: number, d: number): string | undefined {
  if (!Number.isInteger(y) || y < 1 || y > 9999) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

/** The day `n` days after a YYYY-MM-DD day (before, when negative). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const lastOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;

/**
 * Reads the date forms files use: ISO 8601 (a day, a day and time with or without a zone, a
 * month, a year), a day with a month's English name or its abbreviation ("3 January 2024",
 * "3 Jan, 2024", and "03-Jan-2024" as older ACLED exports write it), and slashed
 * dates: `order` says which comes first; without it a slashed date is read only when it
 * cannot be read two ways (13/01/2024).
 */
export function readDate(raw: unknown, order?: 'mdy' | 'dmy'): ReadDate | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0 && raw < 10000) raw = String(raw);
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (m) {
    const day = makeDay(+m[1], +m[2], +m[3]);
    if (!day) return undefined;
    if (m[4] === undefined) return { day };
    if (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59)) return undefined;
    const clock = `${m[4]}:${m[5]}${m[6] !== undefined ? `:${m[6]}` : ''}`;
    if (!m[7]) return { day, clockWithoutZone: clock };
    const offset = m[7].toUpperCase() === 'Z' ? 'Z' : m[7].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    if (offset !== 'Z' && (+offset.slice(1, 3) > 14 || +offset.slice(4) > 59)) return undefined;
    return { day, moment: `${day}T${clock}${offset}` };
  }
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m && +m[2] >= 1 && +m[2] <= 12) return { day: makeDay(+m[1], +m[2], 1)!, lastDay: makeDay(+m[1], +m[2], lastOfMonth(+m[1], +m[2])) };
  m = /^(\d{4})$/.exec(s);
  if (m && +m[1] >= 1) return { day: makeDay(+m[1], 1, 1)!, lastDay: makeDay(+m[1], 12, 31) };
  // The hyphen stands last in the class: between two characters it would make a range (space to comma) and leave "03-Jan-2023" unread.
  m = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]*(\d{4})$/.exec(s);
  if (m) {
    const month = monthNumber(m[2]);
    const day = month > 0 ? makeDay(+m[3], month, +m[1]) : undefined;
    return day ? { day } : undefined;
  }
  m = SLASHED.exec(s);
  if (m) {
    const [a, b] = [+m[1], +m[2]];
    // 05/05/2023 is the same day either way.
    const mdy = order === 'mdy' || (!order && a <= 12 && (b > 12 || a === b));
    const dmy = order === 'dmy' || (!order && b <= 12 && a > 12);
    if (!mdy && !dmy) return undefined;
    const day = mdy ? makeDay(+m[3], a, b) : makeDay(+m[3], b, a);
    return day ? { day } : undefined;
  }
  return undefined;
}

/** A value of a column, and where it is: what a message about the column's order names. */
interface Witness {
  value: string;
  where: string;
}

/**
 * The day/month order of a date column whose dates are all slashed (dd/mm/yyyy or
 * mm/dd/yyyy), decided once for the whole column. A spreadsheet writes every date of a
 * column in its locale's order, so a value that only one order can read ("17/04/2023") tells
 * how to read those that either could ("01/05/2023"); read row by row, the first was read and
 * the second left undated.
 */
export interface ColumnOrder {
  /** The order the column's slashed dates are read in; undefined when the column does not settle it. */
  order?: 'dmy' | 'mdy';
  /** The first value only day-first can read, and the first only month-first can read. */
  dmy?: Witness;
  mdy?: Witness;
  /** How many values the two orders read as different days: those the order decides. */
  either: number;
}

/**
 * The order of a column (`values` in row order; `whereOf` names the row of a value), or
 * undefined when it holds no slashed dates or also dates of another form: a mixed column is
 * read value by value, as before. Blank cells and text that is no date are passed over.
 */
export function columnOrder(values: readonly (string | undefined)[], whereOf: (i: number) => string): ColumnOrder | undefined {
  const found: ColumnOrder = { either: 0 };
  let slashed = 0;
  for (let i = 0; i < values.length; i++) {
    const s = values[i]?.trim();
    if (!s) continue;
    const m = SLASHED.exec(s);
    if (!m) {
      if (readDate(s)) return undefined;
      continue;
    }
    slashed++;
    const [a, b] = [+m[1], +m[2]];
    if (a > 12 && b >= 1 && b <= 12) found.dmy ??= { value: s, where: whereOf(i) };
    else if (b > 12 && a >= 1 && a <= 12) found.mdy ??= { value: s, where: whereOf(i) };
    else if (a !== b && a >= 1 && a <= 12 && b >= 1 && b <= 12) found.either++;
  }
  if (slashed === 0) return undefined;
  if (found.dmy && !found.mdy) found.order = 'dmy';
  else if (found.mdy && !found.dmy) found.order = 'mdy';
  return found;
}

const ORDER_NAME = { dmy: 'day first (dd/mm/yyyy)', mdy: 'month first (mm/dd/yyyy)' } as const;

/**
 * The warning on a column whose order was decided, when some of its dates depended on it;
 * undefined otherwise. The order is the app's inference, so the report says what it rests on.
 */
export function orderDecided(c: ColumnOrder | undefined): string | undefined {
  if (!c?.order || c.either === 0) return undefined;
  const by = c[c.order]!;
  return `holds slashed dates that could be read two ways (${c.either === 1 ? 'one row' : `${c.either} rows`}); the column is read ${ORDER_NAME[c.order]}, since "${by.value}" (${by.where}) can be read no other way`;
}

const DAY_NAME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });

/**
 * A value of a date column read with the column's order: the date, and when the order
 * decided it, a sentence for the time's note; or, when the value could be either of two
 * days and the column does not settle which, why it is left unread.
 */
export function readInColumn(raw: string | undefined, c: ColumnOrder | undefined, column: string): { date?: ReadDate; note?: string; unsettled?: string } {
  const date = readDate(raw, c?.order);
  const m = typeof raw === 'string' ? SLASHED.exec(raw.trim()) : null;
  if (!m) return { date };
  const [a, b, y] = [+m[1], +m[2], +m[3]];
  const either = a !== b && a >= 1 && a <= 12 && b >= 1 && b <= 12;
  if (!either) return { date };
  if (c?.order) {
    const by = c[c.order]!;
    return { date, note: `The file writes "${m[0]}"; its ${column} column is read ${ORDER_NAME[c.order]}, since "${by.value}" (${by.where}) can be read no other way.` };
  }
  const [dmy, mdy] = [makeDay(y, b, a), makeDay(y, a, b)];
  const days = dmy && mdy ? `${DAY_NAME.format(Date.parse(dmy))} or ${DAY_NAME.format(Date.parse(mdy))} ${y}` : undefined;
  const why = !c
    ? 'the column also holds dates of other forms, so no order is decided for it'
    : c.dmy && c.mdy
      ? `the column has dates only day first can read ("${c.dmy.value}", ${c.dmy.where}) and dates only month first can read ("${c.mdy.value}", ${c.mdy.where})`
      : 'no date in the column has a part over 12 to settle it';
  return { date, unsettled: `${days ? `could be ${days}, and ` : ''}the column's day/month order is ambiguous: ${why}` };
}

/** The zone name for an offset: "UTC" or "UTC+03:30". */
const zoneOf = (moment: string) => {
  const off = /(Z|[+-]\d{2}:\d{2})$/.exec(moment)?.[1] ?? 'Z';
  return off === 'Z' || off === '+00:00' || off === '-00:00' ? 'UTC' : `UTC${off}`;
};

/**
 * The app's time for a start (and an optional end) read from a file: an instant with its
 * offset when both ends have one, else a day or a window of days in UTC, saying so.
 */
export function eventTime(start: ReadDate, end: ReadDate | undefined, sources: string[], note = 'As given in the file.', zone?: FileZone): EventTime {
  if (start.moment && (!end || end.moment)) {
    const t: EventTime = { local: start.moment, precision: 'minute', approximate: false, zone: zoneOf(start.moment), note, sources };
    if (end?.moment && Date.parse(end.moment) > Date.parse(start.moment)) {
      t.end = end.moment;
      t.approximate = true;
    }
    return t;
  }
  const last = [start.lastDay, end?.lastDay ?? end?.day].filter((d): d is string => !!d).sort().pop();
  // A month or a year alone reads as its first to its last day, and is said to be one.
  const unit = !start.lastDay ? 'day' : start.day.endsWith('-01-01') && start.lastDay.endsWith('-12-31') ? 'year' : 'month';
  return dayTime(start.day, last, note, sources, zone, start.clockWithoutZone, unit);
}

/**
 * The time of an interval that may be open at one end (JSON-FG's "..", a KML TimeSpan with
 * only a begin or only an end): both ends as `eventTime` reads them; one end alone as that
 * day or instant, with a note saying that the file gives only that end, so that the map's
 * placing it there is not read as the file's word that it happened then alone.
 */
export function intervalTime(start: ReadDate | undefined, end: ReadDate | undefined, sources: string[], what: string): EventTime | undefined {
  if (start && end) return eventTime(start, end, sources, `${what}.`);
  if (start) return eventTime(start, undefined, sources, `${what}, an interval open at its end: the file says when it began, not when it ended. The map places it at its start.`);
  if (end) return eventTime(end, undefined, sources, `${what}, an interval open at its start: the file says when it ended, not when it began. The map places it at its end.`);
  return undefined;
}
