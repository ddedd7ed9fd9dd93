import { describe, expect, it } from 'vitest';
import type { EventFeature, EventTime } from '../../src/lib/data/schema';
import { TEST_ZONES } from './fixtures';
import { declareZones } from '../../src/lib/data/time';
import { centralIsMeaningful, describeDistance, describeGap, distanceSpan, timeGap, timeWindow } from '../../src/lib/data/uncertainty';

declareZones(TEST_ZONES);

const at = (lon: number, lat: number, radiusM: number): EventFeature => ({
  type: 'Feature',
  id: `p-${lon}-${lat}`,
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: {
    title: 't', layer: 'l', country: 'Iran', place: 'p', actors: [], claims: [],
    location: { basis: 'estimate', radiusM, note: 'n', sources: ['s'] },
  },
});
const time = (over: Partial<EventTime>): EventTime => ({ local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: false, zone: 'IRST', sources: ['s'], ...over });

describe('distanceSpan', () => {
  it('widens the distance between two points by both radii, never below zero', () => {
    const s = distanceSpan(at(57, 30, 200), at(57.01, 30, 300));
    expect(s.central).toBeGreaterThan(950);
    expect(s.central).toBeLessThan(970);
    expect(s.min).toBeCloseTo(s.central - 500, 6);
    expect(s.max).toBeCloseTo(s.central + 500, 6);
    expect(distanceSpan(at(57, 30, 10_000), at(57.01, 30, 10_000)).min).toBe(0);
  });

  it('describes a supported figure with its range, and only the range when the circles swamp it', () => {
    expect(describeDistance({ central: 1234, min: 734, max: 1734 })).toBe('about 1.2 km; between 730 m and 1.8 km given the two precision circles');
    const swamped = distanceSpan(at(57, 30, 13_000), at(57.001, 30, 10_000));
    expect(centralIsMeaningful(swamped)).toBe(false);
    expect(describeDistance(swamped)).toMatch(/^between 0 m and 24 km given/);
    expect(describeDistance(swamped)).not.toMatch(/about/);
  });
});

describe('timeWindow and timeGap', () => {
  it('reads a minute, an hour, a local day and a window', () => {
    const minute = timeWindow(time({}))!;
    expect(new Date(minute.start).toISOString()).toBe('2024-01-03T11:30:00.000Z');
    expect(minute.end - minute.start).toBe(60_000);
    const day = timeWindow(time({ local: '2024-01-16', precision: 'day', zone: 'AST' }))!;
    expect(new Date(day.start).toISOString()).toBe('2024-01-15T21:00:00.000Z');
    expect(day.end - day.start).toBe(86_400_000);
    const window = timeWindow(time({ local: '2024-01-03T15:00+03:30', end: '2024-01-03T15:20+03:30' }))!;
    expect((window.end - window.start) / 60_000).toBe(21);
    expect(timeWindow(time({ local: '2024-01-16', precision: 'day', zone: 'XYZ' }))).toBeUndefined();
  });

  it('gives the gap between two blasts known to the minute, and between two days as a range', () => {
    const gap = timeGap(time({ local: '2024-01-03T15:00+03:30' }), time({ local: '2024-01-03T15:20+03:30' }))!;
    expect(gap.central).toBe(20 * 60_000);
    expect(gap.min).toBe(19 * 60_000);
    expect(gap.max).toBe(21 * 60_000);
    expect(describeGap(gap)).toBe('about 20 min; between 19 min and 21 min given the precision of the two times');
    const days = timeGap(time({ local: '2024-01-03T15:00+03:30' }), time({ local: '2024-01-16', precision: 'day', zone: 'AST' }))!;
    expect(describeGap(days)).toMatch(/^about 12\.\d days; between 12\.\d days and 13\.\d days/);
    // A day-only time stands at the middle of its day, not at midnight: the figure sits in the middle of the range.
    expect(Math.abs(days.central - (days.min + days.max) / 2)).toBeLessThanOrEqual(60_000);
    expect(describeGap(days)).toBe('about 12.9 days; between 12.4 days and 13.4 days given the precision of the two times');
  });

  it('gives only the figure when the range reads as that figure at its rounding', () => {
    // Two windows of a few minutes some twelve days apart: every gap they allow rounds to 12.4 days.
    const gap = timeGap(time({ local: '2024-01-03T14:45+03:30', end: '2024-01-03T15:04+03:30' }), time({ local: '2024-01-15T23:30+03:00', zone: 'AST' }))!;
    expect(gap.min).not.toBe(gap.max);
    expect(describeGap(gap)).toBe('about 12.4 days');
  });
});
