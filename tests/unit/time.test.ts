import { describe, expect, it } from 'vitest';
import { describeTime, formatDay, localParts, persianDate, sortKey, utcClock, zoneOffset } from '../../src/lib/data/time';

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

  it('gives the Solar Hijri date: 3 January 2024 is 13 Dey 1402', () => {
    expect(persianDate('2024-01-03')).toMatch(/13 Dey 1402/);
    expect(persianDate('2024-01-03', 'fa')).toContain('دی');
  });

  it('describes approximate and day-only times plainly', () => {
    expect(describeTime({ local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: [] })).toBe('3 January 2024, about 15:00 IRST (UTC+03:30)');
    expect(describeTime({ local: '2024-01-18', precision: 'day', approximate: false, zone: 'IRST', sources: [] })).toBe('18 January 2024 (time of day not known; local time IRST, UTC+03:30)');
    expect(formatDay('2024-01-18')).toBe('18 January 2024');
    expect(describeTime({ local: '2024-01-15T22:00:00+03:00', end: '2024-01-16T01:00:00+03:00', precision: 'hour', approximate: true, zone: 'AST', sources: [] })).toBe(
      'between 15 January 2024, 22:00 AST (UTC+03:00) and 16 January 2024, 01:00 AST (UTC+03:00)',
    );
  });

  it('sorts by instant, untimed features last', () => {
    const a = sortKey({ local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: [] });
    const b = sortKey({ local: '2024-01-16', precision: 'day', approximate: false, zone: 'AST', sources: [] });
    expect(a).toBeLessThan(b);
    expect(sortKey(undefined)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('times that cannot be shown', () => {
  it('knows only its own zones: "constructor" or "__proto__" is no zone', () => {
    expect(zoneOffset('IRST')).toBe('+03:30');
    for (const zone of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(zoneOffset(zone)).toBeUndefined();
    expect(describeTime({ local: '2024-01-18', precision: 'day', approximate: false, zone: 'constructor', sources: [] })).toContain('UTC?');
  });

  it('never writes "Invalid Date" or "undefined NaN"', () => {
    expect(formatDay('2024-13-45')).toBe('2024-13-45');
    expect(persianDate('not-a-date')).toBe('not-a-date');
    expect(utcClock('2024-01-03T25:00+03:30')).toBeUndefined();
  });
});
