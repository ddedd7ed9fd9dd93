/**
 * A time in words for the panel and the KML export's descriptions: the moment or window with
 * its zone, and the day in other calendars. Apart from `time.ts`, which the page's main
 * bundle carries, since only those parts, loaded later, write them.
 */
import type { EventTime } from './schema';
import { fixedOffset, formatDay, localParts, zoneLabel, zoneOffset } from './time';

/** A day in another calendar (`persian`, `islamic`, `hebrew`…) from Intl, in English or in a language of the atlas. */
export function calendarDate(isoDate: string, calendar: string, lang = 'en'): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  try {
    const tag = `${lang === 'en' ? 'en-GB' : lang}-u-ca-${calendar}`;
    return new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  } catch {
    return isoDate;
  }
}

/** A calendar's English name from Intl ("Persian Calendar"). */
export function calendarName(calendar: string): string {
  try {
    return new Intl.DisplayNames('en', { type: 'calendar' }).of(calendar) ?? calendar;
  } catch {
    return calendar;
  }
}

/** One line for the panel: "3 January 2024, about 15:00 IRST (UTC+03:30)", "16 January 2024 (time of day not known)", or a window. */
export function describeTime(t: EventTime): string {
  if (t.end) return `between ${describeMoment(t.local, t.zone, false)} and ${describeMoment(t.end, t.zone, false)}`;
  // A moment known to the hour is still written with its minutes: said to be no finer than that ("about 00:06 IRST" read as a minute).
  const hour = t.precision === 'hour' && localParts(t.local).clock ? ' (known to the hour)' : '';
  return describeMoment(t.local, t.zone, t.approximate) + hour;
}

function describeMoment(local: string, zone: string, approximate: boolean): string {
  const { date, clock, offset } = localParts(local);
  const day = formatDay(date);
  const at = Date.parse(`${date}T12:00:00Z`);
  // A zone named by its offset ("UTC+05:00") says its offset already.
  const fixed = fixedOffset(zone);
  // UTC, like a zone named by its offset, needs no offset after it ("local time UTC, UTC+00:00").
  if (!clock) return `${day} (time of day not known; local time ${zoneLabel(zone, at)}${fixed || zone === 'UTC' ? '' : `, UTC${zoneOffset(zone, date) ?? '?'}`})`;
  return `${day}, ${approximate ? 'about ' : ''}${clock} ${zoneLabel(zone, at)}${fixed === offset ? '' : ` (UTC${offset})`}`;
}
