import { describe, expect, it } from 'vitest';
import { declaredZones, declareZones, formatDay, ianaZone, localParts, offsetAt, sortKey, utcClock, zoneLabel, zoneOffset } from '../../src/lib/data/time';
import { calendarDate, calendarName, describeTime } from '../../src/lib/data/time-words';
import { timeWindow } from '../../src/lib/data/uncertainty';

declareZones({ IRST: 'Asia/Tehran', AST: 'Asia/Baghdad', PKT: 'Asia/Karachi' });

describe('time', () => {
  it('reads local parts without shifting the day', () => {
    expect(localParts('2024-01-03T15:04:00+03:30')).toEqual({ date: '2024-01-03', clock: '15:04', offset: '+03:30' });
    expect(localParts('2024-01-16')).toEqual({ date: '2024-01-16' });
  });

  it('converts to UTC, naming the UTC day when it differs', () => {
    expect(utcClock('2024-01-03T15:00:00+03:30')).toBe('11:30 UTC');
    expect(utcClock('2024-01-16T01:30:00+03:00')).toBe('22:30 UTC on 15 January 2024');
    expect(utcClock('2024-01-16')).toBeUndefined();
  });

  it('gives a date in the calendars Intl knows: 3 January 2024 is 13 Dey 1402', () => {
    expect(calendarDate('2024-01-03', 'persian')).toMatch(/13 Dey 1402/);
    expect(calendarDate('2024-01-03', 'persian', 'fa')).toContain('دی');
    expect(calendarName('persian')).toMatch(/Persian/);
    expect(calendarDate('2024-01-03', 'hebrew')).toMatch(/5784/);
  });

  it('describes approximate and day-only times plainly', () => {
    expect(describeTime({ local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: [] })).toBe('3 January 2024, about 15:00 IRST (UTC+03:30)');
    expect(describeTime({ local: '2024-01-18', precision: 'day', approximate: false, zone: 'IRST', sources: [] })).toBe('18 January 2024 (time of day not known; local time IRST, UTC+03:30)');
    expect(formatDay('2024-01-18')).toBe('18 January 2024');
    // A moment known to the hour keeps its clock, and says it is no finer than the hour.
    expect(describeTime({ local: '2024-01-16T00:06:00+03:30', precision: 'hour', approximate: true, zone: 'IRST', sources: [] })).toBe('16 January 2024, about 00:06 IRST (UTC+03:30) (known to the hour)');
    expect(describeTime({ local: '2024-01-15T22:00:00+03:00', end: '2024-01-16T01:00:00+03:00', precision: 'hour', approximate: true, zone: 'AST', sources: [] })).toBe(
      'between 15 January 2024, 22:00 AST (UTC+03:00) and 16 January 2024, 01:00 AST (UTC+03:00)',
    );
  });

  it('places a day in a zone named by its offset, and says that offset once', () => {
    expect(zoneOffset('UTC+05:00', '2024-01-16')).toBe('+05:00');
    expect(zoneOffset('UTC-03:30', '2024-01-16')).toBe('-03:30');
    for (const notOne of ['UTC+15:00', 'UTC+05:60', 'UTC+5', 'GMT+05:00']) expect(zoneOffset(notOne, '2024-01-16'), notOne).toBeUndefined();
    expect(describeTime({ local: '2024-01-16', precision: 'day', approximate: false, zone: 'UTC+05:00', sources: [] })).toBe('16 January 2024 (time of day not known; local time UTC+05:00)');
    // A file's day with no zone is placed in UTC (its note says so): said once, not "UTC, UTC+00:00".
    expect(describeTime({ local: '2023-11-27', precision: 'day', approximate: false, zone: 'UTC', sources: [] })).toBe('27 November 2023 (time of day not known; local time UTC)');
    expect(describeTime({ local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: false, zone: 'UTC+03:30', sources: [] })).toBe('3 January 2024, 15:00 UTC+03:30');
  });

  it('sorts by instant, untimed features last', () => {
    const a = sortKey({ local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: [] });
    const b = sortKey({ local: '2024-01-16', precision: 'day', approximate: false, zone: 'AST', sources: [] });
    expect(a).toBeLessThan(b);
    expect(sortKey(undefined)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('zones from IANA names through Intl', () => {
  it('gives the offset of a zone without daylight saving, the same all year', () => {
    expect(offsetAt('Asia/Tehran', Date.parse('2024-01-03T12:00Z'))).toBe('+03:30');
    expect(offsetAt('Asia/Tehran', Date.parse('2024-07-03T12:00Z'))).toBe('+03:30');
    expect(offsetAt('Asia/Kolkata', Date.parse('2024-07-03T12:00Z'))).toBe('+05:30');
    expect(offsetAt('UTC', Date.parse('2024-07-03T12:00Z'))).toBe('+00:00');
  });

  it('follows daylight saving where a zone has it, and history where it changed', () => {
    expect(zoneOffset('Europe/Berlin', '2024-01-15')).toBe('+01:00');
    expect(zoneOffset('Europe/Berlin', '2024-07-15')).toBe('+02:00');
    expect(zoneOffset('America/New_York', '2024-07-15')).toBe('-04:00');
    expect(zoneOffset('America/St_Johns', '2024-01-15')).toBe('-03:30');
    // Iran kept daylight saving until 2022.
    expect(zoneOffset('Asia/Tehran', '2021-07-01')).toBe('+04:30');
    expect(zoneOffset('IRST', '2024-01-16')).toBe('+03:30');
  });

  it('reads the abbreviations an atlas declares, and IANA names as they are', () => {
    expect(ianaZone('PKT')).toBe('Asia/Karachi');
    expect(ianaZone('Europe/Paris')).toBe('Europe/Paris');
    expect(ianaZone('CEST')).toBeUndefined();
    expect(ianaZone('Mars/Olympus')).toBeUndefined();
    expect(declaredZones(['IRST', 'XYZ'])).toEqual({ IRST: 'Asia/Tehran' });
    // A second atlas cannot change what an abbreviation means; bad entries are skipped.
    expect(declareZones({ IRST: 'Europe/Paris', 'not an abbreviation': 'Europe/Paris', CET: 'Nowhere/Land' })).toEqual(['IRST']);
    expect(ianaZone('IRST')).toBe('Asia/Tehran');
    expect(ianaZone('CET')).toBeUndefined();
  });

  it('places a day in UTC by the zone on that day, and names an IANA zone by its short name', () => {
    const day = (local: string, zone: string) => timeWindow({ local, precision: 'day', approximate: false, zone, sources: [] });
    expect(day('2024-01-16', 'IRST')?.start).toBe(Date.parse('2024-01-15T20:30Z'));
    expect(day('2024-07-16', 'Europe/Berlin')?.start).toBe(Date.parse('2024-07-15T22:00Z'));
    expect(zoneLabel('Europe/Berlin', Date.parse('2024-01-15T12:00Z'))).toBe('CET');
    expect(zoneLabel('IRST', 0)).toBe('IRST');
    expect(describeTime({ local: '2024-07-16', precision: 'day', approximate: false, zone: 'Europe/Berlin', sources: [] })).toBe('16 July 2024 (time of day not known; local time CEST, UTC+02:00)');
  });
});

describe('times that cannot be shown', () => {
  it('knows only declared zones and IANA names: "constructor" or "__proto__" is no zone', () => {
    expect(zoneOffset('IRST', '2024-01-03')).toBe('+03:30');
    for (const zone of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(zoneOffset(zone, '2024-01-03')).toBeUndefined();
    expect(describeTime({ local: '2024-01-18', precision: 'day', approximate: false, zone: 'constructor', sources: [] })).toContain('UTC?');
  });

  it('never writes "Invalid Date" or "undefined NaN"', () => {
    expect(formatDay('2024-13-45')).toBe('2024-13-45');
    expect(calendarDate('not-a-date', 'persian')).toBe('not-a-date');
    expect(utcClock('2024-01-03T25:00+03:30')).toBeUndefined();
  });
});
