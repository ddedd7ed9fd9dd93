import { describe, expect, it } from 'vitest';
import { readDate } from '../../src/lib/data/formats/dates';

describe('readDate: every form dates.ts documents', () => {
  it.each([
    // ISO 8601: a day, a day with a clock (no zone: the clock is kept aside), with a zone, a month, a year.
    ['2024-01-03', { day: '2024-01-03' }],
    ['2024-01-03T15:00', { day: '2024-01-03', clockWithoutZone: '15:00' }],
    ['2024-01-03 15:00:07', { day: '2024-01-03', clockWithoutZone: '15:00:07' }],
    ['2024-01-03T15:00:00Z', { day: '2024-01-03', moment: '2024-01-03T15:00:00Z' }],
    ['2024-01-03T15:00+0330', { day: '2024-01-03', moment: '2024-01-03T15:00+03:30' }],
    ['2024-01', { day: '2024-01-01', lastDay: '2024-01-31' }],
    ['2024', { day: '2024-01-01', lastDay: '2024-12-31' }],
    // A day and a month's name, as ACLED's exports have written it.
    ['3 January 2024', { day: '2024-01-03' }],
    ['03 January 2024', { day: '2024-01-03' }],
    ['03-Jan-2023', { day: '2023-01-03' }],
    ['3-jan-2023', { day: '2023-01-03' }],
    ['03-January-2023', { day: '2023-01-03' }],
    ['3 Jan. 2024', { day: '2024-01-03' }],
    ['3 Jan, 2024', { day: '2024-01-03' }],
    ['17 Sept 2023', { day: '2023-09-17' }],
    // Slashed, when only one order makes a date.
    ['13/01/2024', { day: '2024-01-13' }],
    ['01/13/2024', { day: '2024-01-13' }],
    ['13.01.2024', { day: '2024-01-13' }],
    // The same day whichever part is the month.
    ['05/05/2023', { day: '2023-05-05' }],
  ])('reads %j', (text, want) => {
    expect(readDate(text)).toEqual(want);
  });

  it.each(['2023-02-30', '31-Feb-2023', '03-Jnu-2023', '03-Janxyz-2023', '03 Janxyz 2023', '03--2023', '01/05/2023', 'sometime in spring', '2024-13', ''])('does not read %j', (text) => {
    expect(readDate(text)).toBeUndefined();
  });

  it('reads a slashed date either way when told the order', () => {
    expect(readDate('01/05/2023', 'dmy')).toEqual({ day: '2023-05-01' });
    expect(readDate('01/05/2023', 'mdy')).toEqual({ day: '2023-01-05' });
    expect(readDate('17/04/2023', 'mdy')).toBeUndefined();
  });
});
