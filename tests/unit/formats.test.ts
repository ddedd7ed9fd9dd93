import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertInputs, type FileOutcome } from '../../src/lib/data/formats/convert';
import { parseCsv } from '../../src/lib/data/formats/csv';
import { recordsTable } from '../../src/lib/data/formats/records';
import type { InputFile } from '../../src/lib/data/formats/types';
import type { Atlas, EventFeature, Source } from '../../src/lib/data/schema';
import { fileSourceIdsInUse } from '../../src/lib/data/formats/file-source-ids';
import { validateSources } from '../../src/lib/data/validate';
import { independentSourceCount } from '../../src/lib/data/claims';

const DIR = 'tests/fixtures/formats';
const MODIFIED = Date.UTC(2024, 1, 1);
const input = (name: string): InputFile => ({ name, text: readFileSync(`${DIR}/${name}`, 'utf8'), modified: MODIFIED });
const one = (files: InputFile[], mappings = {}): FileOutcome => {
  const out = convertInputs(files, mappings);
  expect(out).toHaveLength(1);
  return out[0];
};
const added = (o: FileOutcome) => {
  if (o.kind !== 'added') throw new Error(`expected features, got ${JSON.stringify(o).slice(0, 300)}`);
  return o;
};
const byId = (atlas: Atlas, id: string) => atlas.features.find((f) => f.id === id) as EventFeature;
const byTitle = (atlas: Atlas, title: string) => atlas.features.find((f) => f.properties.title === title) as EventFeature;
/** Every citation names a source in the catalogue: no fact without a source. */
function expectAllCited(atlas: Atlas) {
  for (const f of atlas.features) {
    const p = f.properties;
    for (const ids of [p.location.sources, ...(p.time ? [p.time.sources] : []), ...p.claims.map((c) => c.sources)]) {
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(atlas.sources.has(id)).toBe(true);
    }
  }
}

describe('how many independent originators back what a file records', () => {
  it('counts the file and the sources it only names (no web address) once, and a source with an address on its own', () => {
    // Row IRN5001 names "Reuters; Tasnim News Agency": the reader has only the file's word for both.
    const acled = added(one([input('acled.csv')])).atlas;
    const record = byId(acled, 'acled-irn5001').properties.claims.find((c) => c.topic === 'record')!;
    expect(record.sources.length).toBe(3);
    expect(independentSourceCount(record, acled.sources, acled.originators)).toBe(1);
    const tasnim = [...acled.sources.values()].find((s) => s.publisher === 'Tasnim News Agency')!;
    expect(acled.originators.get(tasnim.originator!)).toEqual({ id: 'acled-file', name: 'ACLED', type: 'dataset' });
    // A feature whose source is a web address: that page and the file, two.
    const plain = added(one([input('plain.geojson')])).atlas;
    const blast = byTitle(plain, 'Blast site').properties.claims.find((c) => c.topic === 'record')!;
    expect(independentSourceCount(blast, plain.sources, plain.originators)).toBe(2);
  });
});

describe('ACLED CSV', () => {
  const o = added(one([input('acled.csv')]));
  it('reads every placed row and names the row it leaves out by line', () => {
    expect(o.format).toBe('ACLED CSV');
    expect(o.atlas.features.map((f) => f.id)).toEqual(['acled-irn5001', 'acled-irn5002', 'acled-irn5003']);
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'line 5 (IRN5004)', message: 'left out: latitude "" is not a number (longitude "57.1")' })]);
    expectAllCited(o.atlas);
  });
  it('turns geo_precision into radii and time_precision into windows, saying so', () => {
    const [a, b, c] = o.atlas.features.map((f) => f.properties);
    expect([a.location.radiusM, b.location.radiusM, c.location.radiusM]).toEqual([5000, 25000, 100000]);
    expect(b.location.note).toMatch(/geo_precision 2.*app's reading/);
    expect(a.time).toMatchObject({ local: '2024-01-03', precision: 'day', zone: 'UTC' });
    expect(a.time?.end).toBeUndefined();
    expect(b.time).toMatchObject({ local: '2023-12-31', end: '2024-01-06', approximate: true });
    expect(c.time).toMatchObject({ local: '2024-01-01', end: '2024-01-31' });
  });
  it('makes fatalities a claim citing the row’s sources, and the sources a catalogue', () => {
    const a = o.atlas.features[0].properties;
    const deaths = a.claims.find((c) => c.topic === 'deaths')!;
    expect(deaths).toMatchObject({ value: 94, unit: 'people', by: 'ACLED', date: '2024-01-09' });
    expect(deaths.sources.map((id) => o.atlas.sources.get(id)!.publisher)).toEqual(['Reuters', 'Tasnim News Agency', 'ACLED']);
    // actor2 is the other side (here the civilians attacked): in the record, not among those who carried it out.
    expect(a.actors).toEqual(['Islamic State (Khorasan)']);
    expect(a.claims.find((c) => c.topic === 'record')!.statement).toMatch(/Other party \(actor2\): Civilians \(Iran\)\./);
    // ACLED's own id, as a researcher cites it.
    expect(a.claims.find((c) => c.topic === 'record')!.statement).toMatch(/^ACLED event IRN5001\. /);
    // The record is ACLED's too, dated by the row's timestamp as the fatalities are, not by the file's day.
    expect(a.claims.find((c) => c.topic === 'record')!.date).toBe('2024-01-09');
    expect(a.country).toBe('Iran');
    expect(o.atlas.features[2].properties.claims.some((c) => c.topic === 'deaths')).toBe(false);
  });
});

describe('what the record keeps of an ACLED or UCDP GED row', () => {
  const recordOf = (f: EventFeature) => f.properties.claims.find((c) => c.topic === 'record')!.statement;

  it('ACLED: the event_date ACLED coded when a window is shown instead, and the columns nothing else shows', () => {
    const [a, b, c] = added(one([input('acled.csv')])).atlas.features;
    // time_precision 2: the panel shows three days either side; ACLED's own day stays in the record.
    expect(b.properties.time).toMatchObject({ local: '2023-12-31', end: '2024-01-06' });
    expect(recordOf(b)).toContain('event_date 03 January 2024 (ACLED time_precision 2).');
    expect(recordOf(c)).toContain('event_date 2024-01-15 (ACLED time_precision 3).');
    // time_precision 1: the day shown is the event_date itself.
    expect(recordOf(a)).not.toContain('event_date');
    expect(recordOf(a)).toMatch(/ Fields in the file: inter1: 2; inter2: 7; interaction: 27; iso: 364; region: Middle East; year: 2024\.$/);
    expect(recordOf(c)).toMatch(/ Fields in the file: inter1: 1; inter2: 0; interaction: 10; iso: 368; region: Middle East; year: 2024\.$/);
  });

  it('ACLED: a value the converter could not use, as the file gives it', () => {
    const header = readFileSync(`${DIR}/acled.csv`, 'utf8').split('\n')[0];
    const row = 'X1,sometime in spring,2024,7,Political violence,Riots,Mob violence,Group A,,5,,,0,50,,364,Middle East,Iran,Kerman,Kerman,,Kerman,30.28,57.08,9,Reuters,National,Notes.,unknown,,1704758400';
    const [f] = added(one([{ name: 'a.csv', text: `${header}\n${row}`, modified: MODIFIED }])).atlas.features;
    expect(recordOf(f)).toContain('Fields in the file: event_date: sometime in spring; time_precision: 7; geo_precision: 9; fatalities: unknown; inter1: 5;');
  });

  it('UCDP GED: where_description, source_original, event_clarity and region', () => {
    const [a, b] = added(one([input('ucdp.csv')])).atlas.features;
    expect(recordOf(a)).toMatch(/ Sources as UCDP records them: "Reuters,2024-01-03,Blasts kill dozens in Kerman"\. Fields in the file: where_description: near the cemetery; source_original: Iranian officials; event_clarity: 1; region: Middle East\.$/);
    expect(recordOf(b)).toMatch(/ Fields in the file: event_clarity: 1; region: Middle East\.$/);
  });
});

describe('the place of an ACLED or UCDP GED row names its country', () => {
  it('adds the country after the row’s own names, once, so the search finds it', async () => {
    const { searchText } = await import('../../src/lib/state/filters');
    const acled = added(one([input('acled.csv')])).atlas;
    expect(acled.features.map((f) => f.properties.place)).toEqual(['Kerman, Kerman, Kerman, Iran', 'Saravan, Saravan, Sistan and Baluchestan, Iran', 'Erbil, Erbil, Erbil, Iraq']);
    expect(searchText(acled.features[2], acled.sources)).toContain('iraq');
    const header = readFileSync(`${DIR}/acled.csv`, 'utf8').split('\n')[0];
    // A location that is the country itself (ACLED codes some events to the country alone).
    const row = 'X1,2024-01-03,2024,1,Political violence,Riots,Mob violence,Group A,,5,,,0,50,,368,Middle East,Iraq,,,,iraq,33.2,43.7,3,Reuters,National,Notes.,0,,1704758400';
    expect(added(one([{ name: 'a.csv', text: `${header}\n${row}`, modified: MODIFIED }])).atlas.features[0].properties.place).toBe('iraq');
    const ucdp = added(one([input('ucdp.csv')])).atlas;
    expect(ucdp.features.map((f) => f.properties.place)).toEqual(['Kerman town, Kerman county, Kerman province, Iran', 'Sistan and Baluchestan province, Sistan and Baluchestan province, Iran']);
  });
});

describe('ACLED CSV: a layer per event type', () => {
  const header = readFileSync(`${DIR}/acled.csv`, 'utf8').split('\n')[0];
  /** A row of the fixture's first line with `event_type`, `geo_precision` and `time_precision` put in. */
  const row = (id: string, eventType: string, geo = '1', time = '1') =>
    `${id},2024-01-03,2024,${time},Political violence,${eventType},Attack,Group A,,2,,,0,20,,364,Middle East,Iran,Kerman,Kerman,,Kerman,30.28,57.08,${geo},Reuters,National,Notes.,1,,1704758400`;
  const convert = (...rows: string[]) => added(one([{ name: 'acled-2024.csv', text: [header, ...rows].join('\n'), modified: MODIFIED }]));

  it('sorts the events into ACLED’s event types, in the codebook’s order, in the file’s order within', () => {
    const o = added(one([input('acled.csv')]));
    expect(o.atlas.layers.map((l) => [l.id, l.title])).toEqual([
      ['acled-battles', 'acled: Battles'],
      ['acled-explosions-remote-violence', 'acled: Explosions/Remote violence'],
    ]);
    expect(o.atlas.features.map((f) => [f.id, f.properties.layer])).toEqual([
      ['acled-irn5001', 'acled-explosions-remote-violence'],
      ['acled-irn5002', 'acled-battles'],
      ['acled-irn5003', 'acled-explosions-remote-violence'],
    ]);
  });

  it('reads a type in any case, and puts a type the codebook does not have in the file’s own layer, last', () => {
    const o = convert(row('X1', 'Riots'), row('X2', 'Made-up type'), row('X3', 'strategic DEVELOPMENTS'), row('X4', ''));
    expect(o.atlas.layers.map((l) => l.id)).toEqual(['acled-2024-riots', 'acled-2024-strategic-developments', 'acled-2024']);
    expect(o.atlas.features.map((f) => f.properties.layer)).toEqual(['acled-2024-riots', 'acled-2024', 'acled-2024-strategic-developments', 'acled-2024']);
    expect(o.problems).toEqual([]);
  });

  it('reads the day-month-year form older ACLED exports write ("03-Jan-2024")', () => {
    const o = convert(row('D1', 'Riots').replace(',2024-01-03,', ',03-Jan-2024,'), row('D2', 'Riots').replace(',2024-01-03,', ',3 January 2024,'));
    expect(o.atlas.features.map((f) => f.properties.time?.local)).toEqual(['2024-01-03', '2024-01-03']);
    expect(o.problems).toEqual([]);
  });

  it('finds nothing for codes that name what every object has ("constructor", "__proto__", "toString")', () => {
    const o = convert(row('H1', 'constructor', 'constructor', 'toString'), row('H2', '__proto__', 'toString', 'constructor'));
    expect(o.atlas.layers.map((l) => l.id)).toEqual(['acled-2024']);
    // Named as codes the codebook does not have, as any other would be.
    expect(o.problems.map((p) => p.message)).toEqual([
      'the time_precision "toString" is not a code in ACLED\'s codebook (1, 2 or 3); the date\'s precision is not known',
      'the geo_precision "constructor" is not a code in ACLED\'s codebook (1, 2 or 3); the position\'s precision is shown as not stated',
      'the time_precision "constructor" is not a code in ACLED\'s codebook (1, 2 or 3); the date\'s precision is not known',
      'the geo_precision "toString" is not a code in ACLED\'s codebook (1, 2 or 3); the position\'s precision is shown as not stated',
    ]);
    expect(o.atlas.features).toHaveLength(2);
    for (const f of o.atlas.features) {
      expect(f.properties.location.note).toMatch(/precision not stated in the file/);
      expect(f.properties.time?.note).toMatch(/time_precision "(toString|constructor)" is not a code in ACLED's codebook, so the date's precision is not known/);
    }
  });
});

describe('ACLED and UCDP GED values that cannot be what their column says', () => {
  /** A file of the fixture's columns, each row the fixture's first with the given cells put in. */
  function file(name: string, fixture: string, rows: Record<string, string>[]): InputFile {
    const table = parseCsv(readFileSync(`${DIR}/${fixture}`, 'utf8'));
    const base = table.rows[0].values();
    const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    return { name, text: [table.columns.join(','), ...rows.map((r) => table.columns.map((c) => quote(r[c] ?? base[c])).join(','))].join('\n'), modified: MODIFIED };
  }
  const deathsOf = (f: EventFeature) => f.properties.claims.filter((c) => c.topic === 'deaths').map((c) => [c.value, c.valueMax]);

  it('ACLED: names a fatalities cell that is no count of people, and makes no deaths claim of it', () => {
    const o = added(one([file('a.csv', 'acled.csv', [{ event_id_cnty: 'X1', fatalities: 'unknown' }, { event_id_cnty: 'X2', fatalities: '-1' }, { event_id_cnty: 'X3', fatalities: '2.5' }, { event_id_cnty: 'X4', fatalities: '' }, { event_id_cnty: 'X5', fatalities: '7' }])]));
    expect(o.atlas.features.map(deathsOf)).toEqual([[], [], [], [], [[7, undefined]]]);
    expect(o.problems.map((p) => [p.feature, p.severity, p.message])).toEqual([
      ['line 2 (X1)', 'warning', 'the fatalities "unknown" is not a count of people (a whole number, 0 or more); no deaths claim was made from it'],
      ['line 3 (X2)', 'warning', 'the fatalities "-1" is not a count of people (a whole number, 0 or more); no deaths claim was made from it'],
      ['line 4 (X3)', 'warning', 'the fatalities "2.5" is not a count of people (a whole number, 0 or more); no deaths claim was made from it'],
    ]);
  });

  it('ACLED: dates fatalities without a timestamp by the file’s last change, and says so', () => {
    const o = added(one([file('a.csv', 'acled.csv', [{ event_id_cnty: 'X1', timestamp: '' }, { event_id_cnty: 'X2' }])]));
    const [a, b] = o.atlas.features.map((f) => f.properties.claims.find((c) => c.topic === 'deaths')!);
    expect([a.date, a.statement]).toEqual(['2024-02-01', "Fatalities as coded by ACLED from the sources it names. The file gives no timestamp for it; it is dated by the file's last change, by which ACLED had coded it."]);
    expect([b.date, b.statement]).toEqual(['2024-01-09', 'Fatalities as coded by ACLED from the sources it names.']);
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'the file', severity: 'warning', message: "one of its events has fatalities without a timestamp to date ACLED's coding by, so those figures are dated by the file's last change (2024-02-01); each figure's statement says so" })]);
  });

  it('ACLED: names a geo_precision or time_precision the codebook does not define', () => {
    const o = added(one([file('a.csv', 'acled.csv', [{ geo_precision: '4' }, { event_id_cnty: 'X2', time_precision: '0' }])]));
    expect(o.problems.map((p) => [p.feature, p.message])).toEqual([
      ['line 2 (IRN5001)', 'the geo_precision "4" is not a code in ACLED\'s codebook (1, 2 or 3); the position\'s precision is shown as not stated'],
      ['line 3 (X2)', 'the time_precision "0" is not a code in ACLED\'s codebook (1, 2 or 3); the date\'s precision is not known'],
    ]);
    expect(o.atlas.features[0].properties.location.note).toMatch(/precision not stated in the file/);
  });

  it('ACLED: names an event_id_cnty that repeats, and both its lines', () => {
    const o = added(one([file('a.csv', 'acled.csv', [{ event_id_cnty: 'IRN1' }, { event_id_cnty: 'IRN2' }, { event_id_cnty: 'IRN1' }, { event_id_cnty: 'irn2' }])]));
    expect(o.atlas.features.map((f) => f.id)).toEqual(['acled-irn1', 'acled-irn2', 'acled-irn1-2', 'acled-irn2-2']);
    expect(o.problems.map((p) => [p.feature, p.severity, p.message])).toEqual([
      ['line 4 (IRN1)', 'warning', 'the event_id_cnty "IRN1" repeats the one on line 2; both rows were read, this one under the id acled-irn1-2'],
      ['line 5 (irn2)', 'warning', 'the event_id_cnty "irn2" repeats the one on line 3 (written "IRN2" there); both rows were read, this one under the id acled-irn2-2'],
    ]);
  });

  it('UCDP GED: names best, low, high and the deaths by side when they are no counts, a range whose low is above its high, and unknown codes', () => {
    const o = added(
      one([
        file('g.csv', 'ucdp.csv', [
          { id: '1', best: 'unknown', low: '-1', high: '3' },
          { id: '2', best: '4', low: '5', high: '3', deaths_civilians: '2.5' },
          { id: '3', where_prec: '8', date_prec: '9' },
          { id: '1' },
        ]),
      ]),
    );
    expect(o.atlas.features.map(deathsOf)).toEqual([[], [[4, undefined]], [[94, undefined], [84, 103]], [[94, undefined], [84, 103]]]);
    expect(o.atlas.features[1].properties.claims.find((c) => c.topic === 'deaths')!.statement).toBe("UCDP's best estimate of deaths (side A 0, side B 0, unknown 0).");
    expect(o.problems.map((p) => [p.feature, p.message])).toEqual([
      ['line 2 (id 1)', 'the best "unknown" is not a count of people (a whole number, 0 or more); no claim of UCDP\'s best estimate was made from it'],
      ['line 2 (id 1)', 'the low "-1" is not a count of people (a whole number, 0 or more); the low-high range was left out'],
      ['line 3 (id 2)', 'the deaths_civilians "2.5" is not a count of people (a whole number, 0 or more); it was left out of the split of the best estimate'],
      ['line 3 (id 2)', 'the low 5 is above the high 3; the low-high range was left out'],
      ['line 4 (id 3)', 'the date_prec "9" is not a code in UCDP GED\'s codebook (1 to 5); the window\'s precision is not known'],
      ['line 4 (id 3)', 'the where_prec "8" is not a code in UCDP GED\'s codebook (1 to 7); the position\'s precision is shown as not stated'],
      ['line 5 (id 1)', 'the id "1" repeats the one on line 2; both rows were read, this one under the id ucdp-ged-1-2'],
    ]);
    expect(o.problems.every((p) => p.severity === 'warning')).toBe(true);
  });
});

describe('slashed dates: the day/month order decided once for a column', () => {
  const header = readFileSync(`${DIR}/acled.csv`, 'utf8').split('\n')[0];
  const row = (id: string, date: string) =>
    `${id},${date},2023,1,Political violence,Riots,Mob violence,Group A,,5,,,0,50,,364,Middle East,Iran,Kerman,Kerman,,Kerman,30.28,57.08,1,Reuters,National,Notes.,0,,1704758400`;
  const acled = (...dates: string[]) => added(one([{ name: 'excel.csv', text: [header, ...dates.map((d, i) => row(`IRN${i + 1}`, d))].join('\n'), modified: MODIFIED }]));
  const days = (o: FileOutcome & { kind: 'added' }) => o.atlas.features.map((f) => f.properties.time?.local);

  it('reads a column day first when one of its dates can only be read so (Excel in a dd/mm/yyyy locale), saying what it rests on', () => {
    const o = acled('01/05/2023', '17/04/2023', '05/05/2023', '02/03/2023');
    expect(days(o)).toEqual(['2023-05-01', '2023-04-17', '2023-05-05', '2023-03-02']);
    expect(o.problems).toEqual([
      { file: 'excel.csv', feature: 'column “event_date”', severity: 'warning', message: 'holds slashed dates that could be read two ways (2 rows); the column is read day first (dd/mm/yyyy), since "17/04/2023" (line 3) can be read no other way' },
    ]);
    // The event whose date alone could be read either way says how it was read.
    expect(o.atlas.features[0].properties.time?.note).toContain('The file writes "01/05/2023"; its event_date column is read day first (dd/mm/yyyy), since "17/04/2023" (line 3) can be read no other way.');
    expect(o.atlas.features[1].properties.time?.note).not.toContain('The file writes');
  });

  it('reads a column month first when one of its dates can only be read so', () => {
    const o = acled('01/05/2023', '04/17/2023');
    expect(days(o)).toEqual(['2023-01-05', '2023-04-17']);
    expect(o.problems.map((p) => p.message)).toEqual([expect.stringMatching(/read month first \(mm\/dd\/yyyy\), since "04\/17\/2023" \(line 3\)/)]);
  });

  it('leaves a date either order could read unread when the column has both orders, saying the order is ambiguous and why', () => {
    const o = acled('01/05/2023', '17/04/2023', '04/17/2023');
    expect(days(o)).toEqual([undefined, '2023-04-17', '2023-04-17']);
    expect(o.problems).toEqual([
      expect.objectContaining({
        feature: 'line 2 (IRN1)',
        severity: 'warning',
        message:
          'the event_date "01/05/2023" could be 1 May or 5 January 2023, and the column\'s day/month order is ambiguous: the column has dates only day first can read ("17/04/2023", line 3) and dates only month first can read ("04/17/2023", line 4); the event was added without a time',
      }),
    ]);
  });

  it('leaves them unread when no date of the column settles the order, saying so', () => {
    const o = acled('01/05/2023', '02/03/2023', '07/07/2023');
    expect(days(o)).toEqual([undefined, undefined, '2023-07-07']);
    expect(o.problems.map((p) => [p.feature, p.message])).toEqual([
      ['line 2 (IRN1)', expect.stringMatching(/"01\/05\/2023" could be 1 May or 5 January 2023, and the column's day\/month order is ambiguous: no date in the column has a part over 12 to settle it/)],
      ['line 3 (IRN2)', expect.stringMatching(/"02\/03\/2023" could be 2 March or 3 February 2023/)],
    ]);
  });

  it('reads a column that mixes slashed dates with other forms value by value, as before, saying why an ambiguous one is left unread', () => {
    const o = acled('2023-05-01', '01/05/2023', '17/04/2023');
    expect(days(o)).toEqual(['2023-05-01', undefined, '2023-04-17']);
    expect(o.problems).toEqual([
      expect.objectContaining({
        feature: 'line 3 (IRN2)',
        message: 'the event_date "01/05/2023" could be 1 May or 5 January 2023, and the column\'s day/month order is ambiguous: the column also holds dates of other forms, so no order is decided for it; the event was added without a time',
      }),
    ]);
  });

  it('decides the order of a UCDP GED file’s date columns, and of any CSV’s date and end columns, the same way', () => {
    const ucdp = readFileSync(`${DIR}/ucdp.csv`, 'utf8')
      .replace(',2024-01-03,2024-01-03,', ',13/01/2024 00:00:00.000,15/01/2024 00:00:00.000,')
      .replace(',2024-01-01,2024-01-31,', ',01/02/2024,29/02/2024,');
    const u = added(one([{ name: 'ged.csv', text: ucdp, modified: MODIFIED }]));
    expect(u.atlas.features.map((f) => [f.properties.time?.local, f.properties.time?.end])).toEqual([
      ['2024-01-13', '2024-01-15'],
      ['2024-02-01', '2024-02-29'],
    ]);
    expect(u.problems.map((p) => p.feature)).toEqual(['column “date_start”']);
    const csv = 'lat,lon,date,end\n30,57,01/05/2023,02/05/2023\n31,58,17/04/2023,18/04/2023\n';
    const c = added(one([{ name: 'mine.csv', text: csv, modified: MODIFIED }]));
    expect(c.atlas.features.map((f) => [f.properties.time?.local, f.properties.time?.end])).toEqual([
      ['2023-05-01', '2023-05-02'],
      ['2023-04-17', '2023-04-18'],
    ]);
    expect(c.problems.map((p) => p.feature)).toEqual(['column “date”', 'column “end”']);
  });
});

describe('UCDP GED CSV', () => {
  const o = added(one([input('ucdp.csv')]));
  it('reads best as a claim and low–high as a range, with the row’s source', () => {
    const p = o.atlas.features[0].properties;
    expect(o.atlas.features[0].id).toBe('ucdp-ged-512345');
    expect(p.claims.find((c) => c.topic === 'record')!.statement).toMatch(/^UCDP GED event 512345\. /);
    const deaths = p.claims.filter((c) => c.topic === 'deaths');
    expect(deaths.map((c) => [c.value, c.valueMax])).toEqual([[94, undefined], [84, 103]]);
    const source = o.atlas.sources.get(deaths[0].sources[0])!;
    expect(source).toMatchObject({ publisher: 'Reuters', title: 'Blasts kill dozens in Kerman', published: '2024-01-03', type: 'dataset' });
    expectAllCited(o.atlas);
  });
  it('turns where_prec into radii and date_prec with date_start–date_end into windows', () => {
    const [a, b] = o.atlas.features.map((f) => f.properties);
    expect([a.location.radiusM, b.location.radiusM]).toEqual([5000, 250000]);
    expect(b.location.note).toMatch(/where_prec 4/);
    expect(b.time).toMatchObject({ local: '2024-01-01', end: '2024-01-31', note: expect.stringMatching(/date_prec 4/) });
    // One-sided violence: side B is the civilians attacked, not a side that carried it out.
    expect(a.actors).toEqual(['IS']);
    expect(b.actors).toEqual(['Government of Iran', 'Jaish al-Adl']);
  });
  it('sorts the events into UCDP’s types of violence, a layer each', () => {
    expect(o.atlas.layers.map((l) => [l.id, l.title])).toEqual([
      ['ucdp-state-based', 'ucdp: State-based conflict'],
      ['ucdp-one-sided', 'ucdp: One-sided violence'],
    ]);
    expect(o.atlas.features.map((f) => f.properties.layer)).toEqual(['ucdp-one-sided', 'ucdp-state-based']);
  });
});

describe('UCDP GED: the sources a row names, and the date of its figures', () => {
  /** The fixture's rows with the given cells put in (a column set to null is left out of the file). */
  function ged(rows: Record<string, string | null>[]): InputFile {
    const table = parseCsv(readFileSync(`${DIR}/ucdp.csv`, 'utf8'));
    const base = table.rows[0].values();
    const columns = table.columns.filter((c) => rows.every((r) => r[c] !== null));
    const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    return { name: 'ged.csv', text: [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? base[c])).join(','))].join('\n'), modified: MODIFIED };
  }
  const deaths = (o: FileOutcome & { kind: 'added' }, i = 0) => o.atlas.features[i].properties.claims.filter((c) => c.topic === 'deaths');
  const publishers = (o: FileOutcome & { kind: 'added' }, i = 0) => deaths(o, i)[0].sources.map((id) => o.atlas.sources.get(id)!).map((s) => [s.publisher, s.title, s.published]);

  it('dates the figures by the day they were first reported (the earliest source_date)', () => {
    const o = added(one([ged([{ id: '1', source_date: '2024-01-05;2024-01-03' }])]));
    expect(deaths(o).map((c) => c.date)).toEqual(['2024-01-03', '2024-01-03']);
    expect(o.problems).toEqual([]);
  });

  it('without a source_date, dates them by the file’s last change and says so in each statement and once in the report', () => {
    const o = added(one([ged([{ id: '1', source_date: null }, { id: '2', source_date: null }])]));
    expect(deaths(o).map((c) => c.date)).toEqual(['2024-02-01', '2024-02-01']);
    expect(deaths(o)[0].statement).toBe("UCDP's best estimate of deaths (side A 0, side B 0, civilians 94, unknown 0). The file gives no source_date for it; it is dated by the file's last change, by which UCDP had made it.");
    expect(o.problems).toEqual([
      expect.objectContaining({ feature: 'the file', severity: 'warning', message: "it has no source_date column to date UCDP's figures by, so those figures are dated by the file's last change (2024-02-01), the day by which the file held them; each figure's statement says so" }),
    ]);
    const some = added(one([ged([{ id: '1', source_date: '' }, { id: '2' }])]));
    expect(some.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^one of its events has figures without a source_date to date them by, so those figures are dated by the file's last change \(2024-02-01\)/)]);
    expect(deaths(some, 1)[0].statement).not.toMatch(/no source_date/);
  });

  it('gives each publisher of source_office (split at ";") a source of its own, dated by the source_date in the same place', () => {
    const o = added(one([ged([{ id: '1', source_office: 'Reuters;BBC Monitoring', source_date: '2023-03-04;2023-03-05', source_headline: 'Iran hangs two; militants killed' }])]));
    expect(publishers(o)).toEqual([
      ['Reuters', 'Iran hangs two; militants killed', '2023-03-04'],
      ['BBC Monitoring', 'Iran hangs two; militants killed', '2023-03-05'],
      ['UCDP GED', 'ged.csv', '2024-02-01'],
    ]);
    // Lists of different lengths: which date is whose is not known, so none is given to either.
    const unsure = added(one([ged([{ id: '1', source_office: 'Reuters;BBC Monitoring', source_date: '2023-03-04' }])]));
    expect(publishers(unsure).map((p) => p[2])).toEqual([undefined, undefined, '2024-02-01']);
  });

  it('says plainly that a row names no publisher', () => {
    const o = added(one([ged([{ id: '1', source_office: '' }])]));
    expect(publishers(o)[0]).toEqual(['Publisher not named in the file', 'Blasts kill dozens in Kerman', '2024-01-03']);
  });
});

describe('ACLED and UCDP GED JSON, as their APIs give them', () => {
  /** The fixture CSV's rows as records: every value text (ACLED's API), or numbers as numbers (UCDP's). */
  const recordsOf = (name: string, numbers: boolean) => {
    const table = parseCsv(readFileSync(`${DIR}/${name}`, 'utf8'));
    return table.rows.map((row) => Object.fromEntries(Object.entries(row.values()).map(([k, v]) => [k, numbers && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v])));
  };
  const asJson = (name: string, json: unknown): InputFile => ({ name, text: JSON.stringify(json), modified: MODIFIED });
  const text = (atlas: Atlas) => JSON.stringify({ ...atlas, sources: [...atlas.sources] });
  /** The atlas as the CSV of the same rows gives it, but for the file's name and its format's ("… JSON"). */
  const sameAsCsv = (atlas: Atlas, csv: string, json: string) => {
    const fromCsv = added(one([input(csv)])).atlas;
    expect(text(atlas)).toBe(text(fromCsv).replaceAll(csv, json).replaceAll(' CSV)', ' JSON)'));
  };

  it('reads ACLED’s API answer (values as text) as the CSV of the same rows', () => {
    const data = recordsOf('acled.csv', false);
    const o = added(one([asJson('acled.json', { status: 200, success: true, count: data.length, data })]));
    expect(o.format).toBe('ACLED JSON');
    sameAsCsv(o.atlas, 'acled.csv', 'acled.json');
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'record 4 (IRN5004)', message: 'left out: latitude "" is not a number (longitude "57.1")' })]);
  });

  it('reads UCDP’s GED API answer (numbers as numbers) as the CSV of the same rows', () => {
    const Result = recordsOf('ucdp.csv', true);
    const o = added(one([asJson('ucdp.json', { TotalCount: Result.length, TotalPages: 1, PreviousPageUrl: '', NextPageUrl: '', Result })]));
    expect(o.format).toBe('UCDP GED JSON');
    sameAsCsv(o.atlas, 'ucdp.csv', 'ucdp.json');
  });

  it('reads the list of records saved alone, names a record that is not an object, and reads no name a record lacks from Object', () => {
    const [first, ...rest] = recordsOf('acled.csv', false);
    const o = added(one([asJson('acled.json', [{ ...first, constructor: 'x' }, 'not a record', ...rest.slice(0, 2)])]));
    expect(o.atlas.features.map((f) => f.id)).toEqual(['acled-irn5001', 'acled-irn5002', 'acled-irn5003']);
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'record 2', message: expect.stringMatching(/not an object/) })]);
    // The other records lack "constructor": their cell is empty, not Object's constructor written out.
    const table = recordsTable([{ ...first, constructor: 'x' }, ...rest])!.table;
    expect(table.rows.map((r) => r.values().constructor)).toEqual(['x', '', '', '']);
  });

  it('leaves any other JSON list to the GeoJSON reader', () => {
    const o = one([asJson('list.json', [{ name: 'a', lat: 1 }])]);
    expect(o.kind).toBe('refused');
  });
});

describe('GeoJSON, JSON-FG, Linked Places, uMap', () => {
  it('reads plain GeoJSON with any properties and every geometry, keeping the shape and giving ids', () => {
    const o = added(one([input('plain.geojson')]));
    expect(o.atlas.features.map((f) => f.id)).toEqual(['plain-1', 'plain-road', 'plain-3', 'plain-4']);
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'feature 5', message: expect.stringMatching(/no geometry/) })]);
    const blast = byTitle(o.atlas, 'Blast site');
    // The height stays: features may have 3D coordinates.
    expect(blast.geometry).toEqual({ type: 'Point', coordinates: [57.0834, 30.2839, 1750] });
    expect(blast.properties.location).toMatchObject({ radiusM: 1, note: expect.stringMatching(/precision not stated in the file/) });
    expect(blast.properties.claims[0].statement).toMatch(/kind: explosion/);
    expect(blast.properties.claims[0].sources.map((id) => o.atlas.sources.get(id)!.url)).toEqual(['https://example.org/report', '']);
    const road = byTitle(o.atlas, 'Road to the cemetery');
    // A line stays a line: the map draws it, and the list and distances use its anchor point.
    expect(road.geometry.type).toBe('LineString');
    expectAllCited(o.atlas);
  });
  it('reads JSON-FG time: a timestamp with its offset and an interval of days', () => {
    const o = added(one([input('jsonfg.json')]));
    expect(o.format).toBe('JSON-FG');
    expect(o.atlas.features[0].properties.time).toMatchObject({ local: '2024-01-16T01:30:00+05:00', precision: 'minute', zone: 'UTC+05:00' });
    expect(o.atlas.features[1].properties.time).toMatchObject({ local: '2024-01-15', end: '2024-01-18' });
  });
  it('reads a JSON-FG interval open at one end as that end alone, saying the file gives no other, and warns of a time it cannot read', () => {
    const feature = (time: unknown, properties: object = {}) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [57.08, 30.28] }, time, properties });
    const json = { type: 'FeatureCollection', conformsTo: [], features: [feature({ interval: ['2024-01-03', '..'] }), feature({ interval: ['..', '2024-01-18'] }), feature({ interval: ['..', '..'] }), feature({ interval: ['soon', '2024-01-18'] }), feature({ date: 'last week' }, { date: '2024-01-04' })] };
    const o = added(one([{ name: 'fg.json', text: JSON.stringify(json) }]));
    const times = o.atlas.features.map((f) => f.properties.time);
    expect(times[0]).toMatchObject({ local: '2024-01-03', note: expect.stringMatching(/open at its end: the file says when it began, not when it ended/) });
    expect(times[0]?.end).toBeUndefined();
    expect(times[1]).toMatchObject({ local: '2024-01-18', note: expect.stringMatching(/open at its start: the file says when it ended, not when it began/) });
    // Open at both ends, the file says nothing of when: no time, and nothing to warn of.
    expect(times[2]).toBeUndefined();
    expect(times[3]).toBeUndefined();
    // A JSON-FG time that cannot be read gives way to the properties' date, and both are said.
    expect(times[4]).toMatchObject({ local: '2024-01-04', note: expect.stringMatching(/^From the "date" field\./) });
    expect(o.problems.map((p) => [p.feature, p.severity, p.message])).toEqual([
      ['feature 4', 'warning', 'its JSON-FG "time" member ["soon","2024-01-18"] is not a time the app can read (RFC 3339 dates and timestamps, ".." for an open end); the feature was added without a time'],
      ['feature 5', 'warning', 'its JSON-FG "time" member {"date":"last week"} is not a time the app can read (RFC 3339 dates and timestamps, ".." for an open end); its time comes from its properties'],
    ]);
  });
  it('says a month or a year given alone is a month or a year, not a day', () => {
    const feature = (date: string) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [57.08, 30.28] }, properties: { date } });
    const o = added(one([{ name: 'months.geojson', text: JSON.stringify({ type: 'FeatureCollection', features: [feature('2024-01'), feature('2024'), feature('2024-01-05')] }) }]));
    const times = o.atlas.features.map((f) => f.properties.time!);
    expect([times[0].local, times[0].end, times[0].note]).toEqual(['2024-01-01', '2024-01-31', 'From the "date" field. The file gives the month only and no time zone, so the app places its days in UTC.']);
    expect([times[1].local, times[1].end, times[1].note]).toEqual(['2024-01-01', '2024-12-31', 'From the "date" field. The file gives the year only and no time zone, so the app places its days in UTC.']);
    expect(times[2].note).toBe('From the "date" field. The file gives the day only and no time zone, so the app places the day in UTC.');
  });
  it('warns of a GeoJSON date property it cannot read, and keeps the value among the fields', () => {
    const feature = (properties: object) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [57.08, 30.28] }, properties });
    const json = { type: 'FeatureCollection', features: [feature({ name: 'A', date: 'early January' }), feature({ name: 'B', start: '2024-01-03', end: 'later' }), feature({ name: 'C', date: '2024-01-03' })] };
    const o = added(one([{ name: 'dates.geojson', text: JSON.stringify(json) }]));
    const [a, b, c] = o.atlas.features;
    expect(a.properties.time).toBeUndefined();
    expect(a.properties.claims[0].statement).toMatch(/date: early January/);
    expect(b.properties.time).toMatchObject({ local: '2024-01-03' });
    expect(b.properties.time?.end).toBeUndefined();
    expect(b.properties.claims[0].statement).toMatch(/end: later/);
    expect(c.properties.time).toMatchObject({ local: '2024-01-03' });
    expect(o.problems.map((p) => [p.feature, p.message])).toEqual([
      ['feature 1', 'its "date" value "early January" is not a date the app can read (use YYYY-MM-DD); the feature was added without a time'],
      ['feature 2', 'its "end" value "later" is not a date the app can read, so its time is its "start" alone'],
    ]);
  });
  it('leaves out a JSON-FG feature in a coordinate system of its own, naming it', () => {
    const json = { type: 'FeatureCollection', conformsTo: [], features: [{ type: 'Feature', coordRefSys: 'http://www.opengis.net/def/crs/EPSG/0/3857', geometry: { type: 'Point', coordinates: [6354800, 3538000] }, properties: {} }, { type: 'Feature', geometry: { type: 'Point', coordinates: [57, 30] }, properties: {} }] };
    const o = added(one([{ name: 'fg.json', text: JSON.stringify(json) }]));
    expect(o.atlas.features).toHaveLength(1);
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'feature 1', message: expect.stringMatching(/EPSG\/0\/3857/) })]);
  });
  it('reads a JSON-FG place in its coordinate system’s axis order, and a geometry always as longitude and latitude', () => {
    const feature = (over: object) => ({ type: 'Feature', geometry: null, properties: { name: 'Kerman' }, ...over });
    const read = (json: object) => added(one([{ name: 'fg.json', text: JSON.stringify({ type: 'FeatureCollection', conformsTo: [], ...json }) }]));
    // EPSG:4326 names latitude first: a place given so is Kerman, not a point in Russia.
    const latFirst = read({ coordRefSys: 'http://www.opengis.net/def/crs/EPSG/0/4326', features: [feature({ place: { type: 'Point', coordinates: [30.2839, 57.0834] } })] });
    expect(latFirst.atlas.features[0].geometry).toEqual({ type: 'Point', coordinates: [57.0834, 30.2839] });
    // CRS84, or no system named: longitude first.
    const lonFirst = read({ features: [feature({ place: { type: 'Point', coordinates: [57.0834, 30.2839] } }), feature({ coordRefSys: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84', place: { type: 'Point', coordinates: [44.01, 36.19] } })] });
    expect(lonFirst.atlas.features.map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [57.0834, 30.2839] }, { type: 'Point', coordinates: [44.01, 36.19] }]);
    // A projected system for the file's places leaves a WGS 84 geometry as it is (JSON-FG's rule), and a place alone out.
    const projected = read({ coordRefSys: 'http://www.opengis.net/def/crs/EPSG/0/32640', features: [feature({ geometry: { type: 'Point', coordinates: [44.01, 36.19] } }), feature({ place: { type: 'Point', coordinates: [505000, 3350000] } })] });
    expect(projected.atlas.features.map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [44.01, 36.19] }]);
    expect(projected.problems).toEqual([expect.objectContaining({ feature: 'feature 2', message: expect.stringMatching(/left out: .*EPSG\/0\/32640/) })]);
  });
  it('reads Linked Places when, names, types and citations', () => {
    const o = added(one([input('linked-places.json')]));
    const p = o.atlas.features[0].properties;
    expect(p.title).toBe('Kerman');
    expect(p.time).toMatchObject({ local: '1000-01-01', end: '2024-12-31' });
    expect(p.claims[0].statement).toMatch(/کرمان.*Types: city/);
    // A citation's year is no day of publication: it stays a year, in the title.
    const cited = p.claims[0].sources.map((id) => o.atlas.sources.get(id)!);
    const iranica = cited.find((s) => s.url === 'https://www.iranicaonline.org/articles/kerman');
    expect([iranica?.title, iranica?.published]).toEqual(['Encyclopaedia Iranica, Kerman (2012)', undefined]);
    // A link to the same place elsewhere is not a source of what the file says; the record names it.
    expect(cited.map((s) => s.url)).not.toContain('https://www.wikidata.org/wiki/Q183081');
    expect(p.claims[0].statement).toMatch(/Links: closeMatch https:\/\/www.wikidata.org\/wiki\/Q183081\./);
  });
  it('reads a uMap file’s layers into one layer', () => {
    const o = added(one([input('map.umap')]));
    expect(o.atlas.layers).toHaveLength(1);
    expect(o.atlas.features.map((f) => f.properties.title)).toEqual(['Erbil', 'Idlib road']);
    expect(o.atlas.features[0].properties.claims[0].statement).toMatch(/uMap layer "Iraq".*Strike reported/);
  });
});

describe('KML and KMZ', () => {
  it('reads placemarks, TimeStamp, TimeSpan and descriptions as text', () => {
    const o = added(one([input('events.kml')]));
    const [a, b, c] = o.atlas.features.map((f) => f.properties);
    expect(a.time).toMatchObject({ local: '2024-01-03T15:00:00+03:30', zone: 'UTC+03:30' });
    expect(a.claims[0].statement).toBe('Near the cemetery');
    expect(b.time).toMatchObject({ local: '2024-01-15', end: '2024-01-18' });
    expect(c.title).toBe('Road');
  });
  it('reads a description holding HTML, in CDATA or escaped (as Google Earth and this app write it), as plain text that keeps its links’ addresses', () => {
    const escaped = '&lt;p&gt;Aleppo, Damascus&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Shelling&lt;/li&gt;&lt;li&gt;Tom &amp;amp; Jerry&lt;/li&gt;&lt;/ul&gt;Source: &lt;a href="https://example.org/v1"&gt;video&lt;/a&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href="javascript:alert(2)"&gt;more&lt;/a&gt;';
    const placemark = (description: string) => `<Placemark><name>P</name><description>${description}</description><Point><coordinates>37.1,36.2</coordinates></Point></Placemark>`;
    const text = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemark(escaped)}${placemark('<![CDATA[<b>Bold</b> <a href="https://example.org/v2">clip</a>]]>')}${placemark('Plain text, a < b\nsecond line')}</Document></kml>`;
    const [a, b, c] = added(one([{ name: 'ge.kml', text, modified: MODIFIED }])).atlas.features.map((f) => f.properties.claims[0].statement);
    expect(a).toBe('Aleppo, Damascus\n• Shelling\n• Tom & Jerry\nSource: video (https://example.org/v1) more');
    expect(b).toBe('Bold clip (https://example.org/v2)');
    expect(c).toBe('Plain text, a < b\nsecond line');
  });
  it('reads this app’s own KML export back without its markup, keeping the addresses of its sources', async () => {
    const { readFile } = await import('node:fs/promises');
    const { loadAtlas } = await import('../../src/lib/data/load');
    const { toKml } = await import('../../src/lib/data/kml');
    const { atlas } = await loadAtlas((name) => readFile(`geodata/${name}`, 'utf8'));
    const back = added(one([{ name: 'kerman-events.kml', text: toKml(atlas, atlas.features, 'Kerman'), modified: MODIFIED }])).atlas;
    const records = back.features.map((f) => f.properties.claims.find((c) => c.topic === 'record')!.statement);
    for (const r of records) expect(r).not.toMatch(/<\/?(p|ul|li|a|b|br|span)\b|&#x|&amp;/);
    const url = [...atlas.sources.values()].find((s) => s.url.startsWith('https://'))!.url;
    expect(records.some((r) => r.includes(`(${url})`))).toBe(true);
    expect(records.some((r) => r.includes('\n• '))).toBe(true);
  });
  it('reads a date-only TimeStamp or TimeSpan (xsd:date) as days, and instants as instants', () => {
    const placemark = (time: string) => `<Placemark><name>P</name>${time}<Point><coordinates>37.1,36.2</coordinates></Point></Placemark>`;
    const text = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${[
      '<TimeStamp><when>2023-11-23</when></TimeStamp>',
      '<TimeSpan><begin>2023-11-23</begin><end>2023-11-23</end></TimeSpan>',
      '<TimeSpan><begin>2023-11-20</begin><end>2023-11-26</end></TimeSpan>',
      '<TimeStamp><when>2023-11</when></TimeStamp>',
      '<TimeSpan><begin>2023-11-23T00:00:00Z</begin><end>2023-11-24T00:00:00Z</end></TimeSpan>',
    ]
      .map(placemark)
      .join('')}</Document></kml>`;
    const times = added(one([{ name: 'dates.kml', text, modified: MODIFIED }])).atlas.features.map((f) => f.properties.time!);
    expect(times.map((t) => [t.local, t.end, t.precision])).toEqual([
      ['2023-11-23', undefined, 'day'],
      ['2023-11-23', undefined, 'day'],
      ['2023-11-20', '2023-11-26', 'day'],
      ['2023-11-01', '2023-11-30', 'day'],
      // Another tool's midnights are instants it gave: kept as such.
      ['2023-11-23T00:00:00Z', '2023-11-24T00:00:00Z', 'minute'],
    ]);
  });

  it('reads a day of this app’s KML export back as that day, in its zone, with no clock time', async () => {
    const { toKml } = await import('../../src/lib/data/kml');
    const { describeTime } = await import('../../src/lib/data/time-words');
    const { makeAtlas, makeFeature, wire } = await import('./fixtures');
    const day = makeFeature({ time: { local: '2023-11-23', precision: 'day', approximate: false, zone: 'UTC', sources: [wire.id] } }, 'acled-irn1');
    const days = makeFeature({ time: { local: '2023-11-20', end: '2023-11-26', precision: 'day', approximate: true, zone: 'UTC', sources: [wire.id] } }, 'acled-irn2');
    const tehran = makeFeature({ time: { local: '2024-01-16', precision: 'day', approximate: false, zone: 'Asia/Tehran', sources: [wire.id] } }, 'tehran');
    const kml = toKml(makeAtlas([day, days, tehran]), [day, days, tehran], 'x');
    const back = added(one([{ name: 'x.kml', text: kml, modified: MODIFIED }])).atlas.features;
    expect(back.map((f) => [f.id, f.properties.time?.local, f.properties.time?.end, f.properties.time?.precision, f.properties.time?.zone])).toEqual([
      ['acled-irn1', '2023-11-23', undefined, 'day', 'UTC'],
      ['acled-irn2', '2023-11-20', '2023-11-26', 'day', 'UTC'],
      ['tehran', '2024-01-16', undefined, 'day', 'Asia/Tehran'],
    ]);
    // Not "between 23 November 2023, 00:00 UTC and 24 November 2023, 00:00 UTC".
    for (const f of back) expect(describeTime(f.properties.time!)).not.toMatch(/\d\d:\d\d UTC/);
    // Without the export's data (a tool that keeps only the TimeSpan), the dates still read as days.
    const bare = added(one([{ name: 'y.kml', text: kml.replace(/<ExtendedData>.*?<\/ExtendedData>/gs, ''), modified: MODIFIED }])).atlas.features;
    expect(bare.slice(0, 2).map((f) => [f.properties.time?.local, f.properties.time?.end, f.properties.time?.precision])).toEqual([
      ['2023-11-23', undefined, 'day'],
      ['2023-11-20', '2023-11-26', 'day'],
    ]);
  });

  it('reads a TimeSpan open at one end as that end alone, saying so, and warns of a TimeStamp or TimeSpan it cannot read', () => {
    const placemark = (name: string, time: string) => `<Placemark><name>${name}</name>${time}<Point><coordinates>57.08,30.28</coordinates></Point></Placemark>`;
    const text = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${[
      placemark('begun', '<TimeSpan><begin>2024-01-03</begin></TimeSpan>'),
      placemark('ended', '<TimeSpan><end>2024-01-18</end></TimeSpan>'),
      placemark('bad stamp', '<TimeStamp><when>3rd Jan</when></TimeStamp>'),
      placemark('bad span', '<TimeSpan><begin>2024-01-03</begin><end>Friday</end></TimeSpan>'),
      placemark('bad stamp, good span', '<TimeStamp><when>soon</when></TimeStamp><TimeSpan><begin>2024-01-15</begin><end>2024-01-16</end></TimeSpan>'),
    ].join('')}</Document></kml>`;
    const o = added(one([{ name: 'open.kml', text }]));
    const times = o.atlas.features.map((f) => f.properties.time);
    expect(times[0]).toMatchObject({ local: '2024-01-03', note: expect.stringMatching(/TimeSpan, an interval open at its end/) });
    expect(times[1]).toMatchObject({ local: '2024-01-18', note: expect.stringMatching(/TimeSpan, an interval open at its start/) });
    expect(times.slice(2, 4)).toEqual([undefined, undefined]);
    expect(times[4]).toMatchObject({ local: '2024-01-15', end: '2024-01-16' });
    expect(o.problems.map((p) => [p.feature, p.message])).toEqual([
      ['placemark 3 (bad stamp)', expect.stringMatching(/^its TimeStamp "3rd Jan" is not a time the app can read .*; the placemark was added without a time$/)],
      ['placemark 4 (bad span)', expect.stringMatching(/^its TimeSpan \(begin "2024-01-03", end "Friday"\) is not a time the app can read/)],
      ['placemark 5 (bad stamp, good span)', expect.stringMatching(/^its TimeStamp "soon" .*; its time comes from its TimeSpan$/)],
    ]);
  });
  it('reads the KML inside a KMZ', () => {
    const bytes = zipSync({ 'doc.kml': strToU8(readFileSync(`${DIR}/events.kml`, 'utf8')), 'files/x.png': new Uint8Array([1]) });
    const o = added(one([{ name: 'events.kmz', text: '', bytes }]));
    expect(o.format).toBe('KMZ');
    expect(o.atlas.features).toHaveLength(3);
  });
  it('reads a KMZ written by GDAL, whose doc.kml only links to one KML per layer inside the archive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmz-'));
    execFileSync('ogr2ogr', ['-f', 'GPKG', `${dir}/two.gpkg`, `${DIR}/plain.geojson`, '-nln', 'first'], { stdio: 'ignore' });
    execFileSync('ogr2ogr', ['-update', '-f', 'GPKG', `${dir}/two.gpkg`, `${DIR}/plain.geojson`, '-nln', 'second'], { stdio: 'ignore' });
    execFileSync('ogr2ogr', ['-f', 'LIBKML', `${dir}/two.kmz`, `${dir}/two.gpkg`], { stdio: 'ignore' });
    const bytes = new Uint8Array(readFileSync(`${dir}/two.kmz`));
    expect(unzipSync(bytes, { filter: (f) => f.name === 'doc.kml' })['doc.kml']).toBeDefined();
    const o = added(one([{ name: 'two.kmz', text: '', bytes }]));
    // GDAL counts the placemark without a geometry too; the app leaves it out and says so, once per layer file.
    const gdal = [...execFileSync('ogrinfo', ['-ro', '-al', '-so', `${dir}/two.kmz`], { encoding: 'utf8' }).matchAll(/Feature Count: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    const leftOut = o.problems.filter((p) => /no geometry/.test(p.message)).length;
    expect(leftOut).toBe(2);
    expect(o.atlas.features).toHaveLength(gdal - leftOut);
    expect(o.atlas.features.map((f) => f.properties.title)).toContain('Blast site');
  });
  it('reads the placemarks of a file that also links to others, and says the links were not followed', () => {
    const text = readFileSync(`${DIR}/events.kml`, 'utf8').replace('</Document>', '<NetworkLink><name>More</name><Link><href>https://example.org/more.kml</href></Link></NetworkLink></Document>');
    const o = added(one([{ name: 'linked.kml', text }]));
    expect(o.atlas.features).toHaveLength(3);
    expect(o.problems.map((p) => [p.severity, p.message])).toEqual([['warning', 'also links to another file (NetworkLink), which the app does not fetch; download it and open it too']]);
  });
  it('agrees with GDAL on the number of placemarks', () => {
    const out = execFileSync('ogrinfo', ['-ro', '-al', '-so', `${DIR}/events.kml`], { encoding: 'utf8' });
    const count = [...out.matchAll(/Feature Count: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(added(one([input('events.kml')])).atlas.features).toHaveLength(count);
  });
});

describe('a file added again', () => {
  /** The map's sources under ids a file's own source could take, as the page hands them to the import worker. */
  const held = fileSourceIdsInUse;

  it('gives its own source an id of its own when the map holds another file’s under the same name (a newer download, another extension)', () => {
    const text = 'id,title,date,latitude,longitude\n1,Convoy seen,2024-01-05,30.28,57.08\n';
    const first = added(one([{ name: 'sightings.csv', text, modified: Date.UTC(2024, 0, 20) }]));
    const fileSource = first.atlas.sources.get('sightings-file')!;
    const loaded = held([fileSource]);
    // The same download again: the same source, under the same id.
    expect([...added(one([{ name: 'sightings.csv', text, modified: Date.UTC(2024, 0, 20), loaded }])).atlas.sources.keys()]).toContain('sightings-file');
    // A newer one, or the same name as GeoJSON: another record, so another id, cited by its rows, which keep their ids.
    const newer = added(one([{ name: 'sightings.csv', text, modified: Date.UTC(2024, 1, 1), loaded }]));
    expect(newer.atlas.features[0].id).toBe('sightings-1');
    expect(newer.atlas.features[0].properties.claims[0].sources).toEqual(['sightings-file-2']);
    expect(newer.atlas.sources.get('sightings-file-2')).toMatchObject({ published: '2024-02-01', originator: 'sightings-file-2' });
    const both = held([fileSource, newer.atlas.sources.get('sightings-file-2')!]);
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [57.08, 30.28] }, properties: { title: 'Convoy seen' } }] });
    expect(added(one([{ name: 'sightings.geojson', text: geojson, modified: Date.UTC(2024, 0, 20), loaded: both }])).atlas.features[0].properties.claims[0].sources).toEqual(['sightings-file-3']);
  });

  it('does not give its own source the id of an atlas source that happens to be named like a file’s', () => {
    // An atlas's own source, a web page, under the id a file named sightings.csv would give its source.
    const atlasSource: Source = { id: 'sightings-file', publisher: 'Example Wire', title: 'Sightings file released', published: '2024-01-06', url: 'https://example.org/sightings', language: 'en', type: 'wire' };
    const other: Source = { id: 'example-wire-2024-01-06', publisher: 'Example Wire', title: 'Other', published: '2024-01-06', url: 'https://example.org/other', language: 'en', type: 'wire' };
    expect([...fileSourceIdsInUse([atlasSource, other]).values()]).toEqual([atlasSource]);
    const text = 'id,title,date,latitude,longitude\n1,Convoy seen,2024-01-05,30.28,57.08\n';
    const file = added(one([{ name: 'sightings.csv', text, modified: Date.UTC(2024, 0, 20), loaded: held([atlasSource, other]) }]));
    expect(file.atlas.features[0].properties.claims[0].sources).toEqual(['sightings-file-2']);
  });

  it('gives the sources a newer download names without a web address ids of their own too, so its new rows are added', async () => {
    const { mergeAtlas } = await import('../../src/lib/data/merge');
    const text = readFileSync(`${DIR}/acled.csv`, 'utf8');
    const first = added(one([{ name: 'acled-2024.csv', text, modified: Date.UTC(2024, 0, 20) }])).atlas;
    // As the page hands them over: only the file's own source is under such an id; its named sources follow its suffix.
    const newer = added(one([{ name: 'acled-2024.csv', text, modified: Date.UTC(2024, 1, 1), loaded: held(first.sources.values()) }])).atlas;
    // Known only through the file, they have it as their originator: the newer file's, under ids of their own.
    expect(newer.sources.get('acled-2024-src-reuters-2')).toMatchObject({ originator: 'acled-2024-file-2' });
    // The map holds the first download but for one row, which the newer one brings again: it is added, nothing left out.
    const base = { ...first, features: first.features.slice(1) };
    const merged = mergeAtlas(base, newer);
    expect(merged.added).toBe(1);
    expect(merged.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('keeps a CSV title as long as any field may be, as a GeoJSON one is', () => {
    const title = `A ${'very '.repeat(100)}long title`;
    const o = added(one([{ name: 'long.csv', text: `title,latitude,longitude\n"${title}",30.28,57.08\n` }]));
    expect(o.atlas.features[0].properties.title).toBe(title);
  });
});

describe('TimeMap', () => {
  it('reads events with their sources and associations, picked together', () => {
    const out = convertInputs(['timemap-events.json', 'timemap-sources.json', 'timemap-associations.json'].map(input));
    expect(out).toHaveLength(1);
    const o = added(out[0]);
    expect(o.atlas.features).toHaveLength(1);
    const p = o.atlas.features[0].properties;
    // One account of what the file gives: a time without a zone, so the day alone is placed (not also "the day only").
    expect(p.time).toMatchObject({ local: '2024-01-03', precision: 'day', zone: 'UTC', note: "From the event's date and time. The file gives the time 15:00 but no time zone, so the app places only the day, in UTC." });
    expect(p.claims[0].statement).toMatch(/Associations: Kerman attack/);
    expect(o.atlas.sources.get(p.claims[0].sources[0])).toMatchObject({ title: 'Video of the explosion', url: 'https://example.org/video' });
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'event 2 (2)', message: expect.stringMatching(/no latitude/) })]);
  });
  it('dates a source by its day, read month first as TimeMap writes it, and not by a month alone', () => {
    const events = JSON.stringify([{ id: '1', description: 'Blast.', date: '01/03/2024', latitude: '30.28', longitude: '57.08', sources: ['day', 'month'] }]);
    const sources = JSON.stringify({ day: { id: 'day', title: 'Video', url: 'https://example.org/v', paths: [], date: '01/04/2024' }, month: { id: 'month', title: 'Report', url: 'https://example.org/r', paths: [], date: '2024-01' } });
    const o = added(one([{ name: 'events.json', text: events }, { name: 'sources.json', text: sources }]));
    const cited = o.atlas.features[0].properties.claims[0].sources.map((id) => o.atlas.sources.get(id)!);
    expect(cited.slice(0, 2).map((s) => [s.title, s.published])).toEqual([['Video', '2024-01-04'], ['Report', undefined]]);
  });
  it('refuses a sources file without its events file', () => {
    expect(one([input('timemap-sources.json')])).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/events file/) });
  });
});

describe('CSV with other columns', () => {
  it('recognises usual column names, semicolons and decimal commas, and names bad rows by line', () => {
    const o = added(one([input('points.csv')]));
    expect(o.atlas.features.map((f) => f.geometry.coordinates)).toEqual([[57.0834, 30.2839], [44.0092, 36.1911]]);
    expect(o.atlas.features[1].properties.time?.local).toBe('2024-01-15');
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'line 4', message: 'left out: Latitude "north" is not a number (Longitude "57.1")' })]);
  });
  it('asks for the columns when it cannot recognise them, then uses the ones picked', () => {
    const asked = one([input('unmapped.csv')]);
    expect(asked).toMatchObject({ kind: 'needs-mapping', columns: ['what', 'northing_deg', 'easting_deg', 'when_local'], samples: { what: ['Kerman blast', 'Erbil strike'] } });
    const o = added(one([input('unmapped.csv')], { 'unmapped.csv': { latitude: 'northing_deg', longitude: 'easting_deg', date: 'when_local', title: 'what' } }));
    expect(o.atlas.features.map((f) => [f.properties.title, f.properties.time?.local])).toEqual([['Kerman blast', '2024-01-03'], ['Erbil strike', '2024-01-15']]);
  });
});

describe('CSV lines', () => {
  it('names a bad first row by its own line, not the header’s', async () => {
    const { parseCsv } = await import('../../src/lib/data/formats/csv');
    expect(parseCsv('lat,lon,name\n30,57\n31,58,ok\n').problems).toEqual([expect.objectContaining({ line: 2, message: 'left out: it has 2 fields where the header has 3' })]);
    expect(parseCsv('lat,lon\r\n30,57\r\n').rows.map((r) => r.line)).toEqual([2]);
  });
});

describe('a CSV whose date column has a name the app does not know', () => {
  it('adds the rows and says which column seems to hold dates', () => {
    const text = 'Name;Breite;Länge;Datum;Notiz;Anzahl\nA;30,28;57,08;2024-01-03;x;12\nB;36,19;44,01;2024-01-15;y;2000\n';
    const o = added(one([{ name: 'odd.csv', text, modified: MODIFIED }]));
    expect(o.atlas.features).toHaveLength(2);
    expect(o.problems).toEqual([expect.objectContaining({ feature: 'column “Datum”', severity: 'warning', message: expect.stringMatching(/holds dates but is not named as a date column/) })]);
    const named = added(one([{ name: 'named.csv', text: text.replace('Datum', 'date'), modified: MODIFIED }]));
    expect(named.problems).toEqual([]);
    expect(named.atlas.features[0].properties.time?.local).toBe('2024-01-03');
  });
});

describe('this app’s own CSV export, added back', () => {
  /** The Kerman atlas, and what adding its CSV export back gives. */
  async function kermanAndBack(): Promise<{ atlas: Atlas; back: Atlas }> {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { loadAtlas } = await import('../../src/lib/data/load');
    const { toCsv } = await import('../../src/lib/data/csv');
    const { atlas } = await loadAtlas((name) => readFile(join('geodata', name), 'utf8'));
    return { atlas, back: added(one([{ name: 'kerman-events.csv', text: toCsv(atlas, atlas.features), modified: MODIFIED }])).atlas };
  }

  it('keeps each event’s local time, the end of its window and its precision', async () => {
    const { atlas, back } = await kermanAndBack();
    const dated = atlas.features.filter((f) => f.properties.time);
    expect(dated.some((f) => f.properties.time!.end)).toBe(true);
    for (const f of dated) {
      const again = back.features.find((g) => g.id === f.id)!;
      expect(again.properties.time?.local, f.id).toBe(f.properties.time!.local);
      expect(again.properties.time?.end, f.id).toBe(f.properties.time!.end);
      expect(again.properties.time?.precision, f.id).toBe(f.properties.time!.precision);
    }
  });

  it('comes back from the KML export with each event’s local time, the end of its window, its precision and its window of UTC', async () => {
    const { readFile } = await import('node:fs/promises');
    const { loadAtlas } = await import('../../src/lib/data/load');
    const { toKml } = await import('../../src/lib/data/kml');
    const { flatFields } = await import('../../src/lib/data/interchange');
    const { atlas } = await loadAtlas((name) => readFile(`geodata/${name}`, 'utf8'));
    const back = added(one([{ name: 'kerman-events.kml', text: toKml(atlas, atlas.features, 'Kerman'), modified: MODIFIED }])).atlas;
    const window = (f: EventFeature) => {
      const { timeStart, timeEnd } = flatFields(f.properties.time, []);
      return [timeStart, timeEnd];
    };
    const dated = atlas.features.filter((f) => f.properties.time);
    expect(dated.some((f) => f.properties.time!.precision === 'day')).toBe(true);
    for (const f of dated) {
      const again = back.features.find((g) => g.id === f.id)!;
      expect([again.properties.time?.local, again.properties.time?.end, again.properties.time?.precision], f.id).toEqual([f.properties.time!.local, f.properties.time!.end, f.properties.time!.precision]);
      expect(window(again), f.id).toEqual(window(f));
    }
  });

  it('places each event in the same window of UTC, a day given without a time in the zone its utc_offset column gives', async () => {
    const { flatFields } = await import('../../src/lib/data/interchange');
    const { atlas, back } = await kermanAndBack();
    const window = (f: EventFeature) => {
      const { timeStart, timeEnd } = flatFields(f.properties.time, []);
      return [timeStart, timeEnd];
    };
    // Koh-e-Sabz, reported as 16 January in Pakistan (PKT, UTC+05:00): the day ran from 19:00 UTC the day before.
    const days = atlas.features.filter((f) => f.properties.time?.precision === 'day' && f.properties.time.zone !== 'UTC');
    expect(days.map((f) => f.id)).toContain('iran-strike-koh-e-sabz');
    for (const f of atlas.features.filter((f) => f.properties.time)) {
      const again = back.features.find((g) => g.id === f.id)!;
      expect(window(again), f.id).toEqual(window(f));
    }
    const kohESabz = back.features.find((g) => g.id === 'iran-strike-koh-e-sabz')!.properties.time!;
    expect(kohESabz.zone).toBe('UTC+05:00');
    expect(kohESabz.note).toMatch(/in UTC\+05:00 \(its "utc_offset" column\)/);
  });

  it('gives each event its own id back, so that added over the atlas it came from every event is found already on the map, as with the GeoJSON export', async () => {
    const { mergeAtlas } = await import('../../src/lib/data/merge');
    const { kmlPartsInSteps } = await import('../../src/lib/data/kml');
    const { atlas, back } = await kermanAndBack();
    expect(back.features.map((f) => f.id)).toEqual(atlas.features.map((f) => f.id));
    expect(mergeAtlas(atlas, back)).toMatchObject({ added: 0, skipped: atlas.features.map((f) => f.id) });
    // The KML export names each feature in a feature_id Data: the same.
    const kmlText = await new Blob(await kmlPartsInSteps(atlas, atlas.features, 'Kerman')).text();
    const kmlBack = added(one([{ name: 'kerman-events.kml', text: kmlText, modified: MODIFIED }])).atlas;
    expect(mergeAtlas(atlas, kmlBack)).toMatchObject({ added: 0, skipped: atlas.features.map((f) => f.id) });
    // A row copied in a spreadsheet, and an id edited into one that is not link-safe: made unique and safe as any file's ids are.
    const [header, first, ...rest] = (await import('../../src/lib/data/csv')).toCsv(atlas, atlas.features).split('\r\n');
    const edited = [header, first, first, first.replace(/^[^,]+/, 'Not An Id!'), ...rest].join('\r\n');
    const ids = added(one([{ name: 'kerman-edited.csv', text: edited, modified: MODIFIED }])).atlas.features.map((f) => f.id);
    expect(ids.slice(0, 3)).toEqual([atlas.features[0].id, `kerman-edited-${atlas.features[0].id}`, 'kerman-edited-not-an-id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps prefixing the ids of a CSV with other columns: a spreadsheet’s "1" and "2" are not this map’s events', () => {
    const ids = added(one([{ name: 'mine.csv', text: 'id,latitude,longitude\n1,30,57\n2,31,58', modified: MODIFIED }])).atlas.features.map((f) => f.id);
    expect(ids).toEqual(['mine-1', 'mine-2']);
  });

  it('takes a day’s zone from an IANA name in a time_zone column, or an offset written either way; without either, UTC, saying so', () => {
    const rows = ['latitude,longitude,date,time_zone,utc_offset', '30,57,2024-01-03,Asia/Tehran,', '30,57,2024-01-03,IRST,+03:30', '30,57,2024-01-03,,UTC-04:00', '30,57,2024-01-03,,Z', '30,57,2024-01-03,IRST,'];
    const zones = added(one([{ name: 'days.csv', text: rows.join('\n'), modified: MODIFIED }])).atlas.features.map((f) => [f.properties.time!.zone, /no time zone/.test(f.properties.time!.note ?? '')]);
    expect(zones).toEqual([
      ['Asia/Tehran', false],
      ['UTC+03:30', false],
      ['UTC-04:00', false],
      ['UTC', false],
      ['UTC', true],
    ]);
  });
});

describe('the wording the converters write into each feature', () => {
  // One character past U+00FF in a feature's text makes V8 hold it, and the whole piece of
  // 5,000 features it travels in, at two bytes a character (see `FileContext`).
  const sets = [['acled.csv'], ['ucdp.csv'], ['points.csv'], ['plain.geojson'], ['jsonfg.json'], ['linked-places.json'], ['map.umap'], ['events.kml'], ['timemap-events.json', 'timemap-sources.json', 'timemap-associations.json']];
  it.each(sets)('keeps to Latin-1 in %s: every wider character in a feature comes from the file', (...names) => {
    const files = names.map(input);
    const given = files.map((f) => f.text).join('');
    const o = added(one(files));
    expect(o.atlas.features.length).toBeGreaterThan(0);
    for (const f of o.atlas.features) {
      const wide = [...JSON.stringify(f.properties)].filter((c) => c.codePointAt(0)! > 0xff);
      // The bullet stands for a list item of the file's own HTML (see `htmlToText`), so it comes from the file too.
      const fromFile = (c: string) => given.includes(c) || (c === '•' && /<li\b/i.test(given));
      expect(wide.filter((c) => !fromFile(c)), `${names[0]} › ${f.id}`).toEqual([]);
    }
  });
});

describe('files the app cannot use', () => {
  it.each([
    ['projected.geojson', /outside ±180\/±90.*ogr2ogr/],
    ['crs.geojson', /EPSG::3857.*WGS 84/],
    ['networklink.kml', /only a link to another file.*https:\/\/example.org\/live.kml/],
  ])('%s is refused with the reason', (name, reason) => {
    expect(one([input(name)])).toEqual({ kind: 'refused', file: name, reason: expect.stringMatching(reason) });
  });
  it('refuses broken JSON, XML that is not KML and a broken KMZ', () => {
    expect(one([{ name: 'x.geojson', text: '{"type":' }])).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/not valid JSON/) });
    expect(one([{ name: 'x.kml', text: '<gpx></gpx>' }])).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/not KML/) });
    expect(one([{ name: 'x.kmz', text: '', bytes: new Uint8Array([0x50, 0x4b, 1, 2]) }])).toMatchObject({ kind: 'refused' });
  });
  it('reads a .csv whose first cell opens with "<" as the CSV it is named, not as XML', () => {
    const out = one([{ name: 'x.csv', text: '<img src=x onerror=alert(1)>,lat,lon\nKerman,30.28,57.08\n', modified: MODIFIED }]);
    expect(out).toMatchObject({ kind: 'added' });
    expect((out as FileOutcome & { kind: 'added' }).atlas.features).toHaveLength(1);
  });
});

describe('the imported file as a source', () => {
  it('may have no web address when it is a data file; other sources still need one', () => {
    const dataset = { id: 'x-file', publisher: 'x.csv', title: 'x.csv', url: '', language: 'und', type: 'dataset' };
    expect(validateSources('s.json', { sources: [dataset] }).problems).toEqual([]);
    expect(validateSources('s.json', { sources: [{ ...dataset, type: 'newspaper' }] }).problems).toEqual([expect.objectContaining({ field: 'url' })]);
  });
});

describe('what the report says of coordinates it cannot use', () => {
  const header = readFileSync(`${DIR}/acled.csv`, 'utf8').split('\n')[0];
  const row = (id: string, lat: string, lon: string) =>
    `${id},2024-01-03,2024,1,Political violence,Riots,Mob violence,Group A,,5,,,0,50,,364,Middle East,Iran,Kerman,Kerman,,Kerman,${lat},${lon},1,Reuters,National,Notes.,0,,1704758400`;
  const acled = (...rows: string[]) => added(one([{ name: 'a.csv', text: [header, ...rows].join('\n'), modified: MODIFIED }]));

  it('names the column that is not a number and quotes both values', () => {
    const o = acled(row('A', '', '44.1'), row('B', '36.2', 'east'), row('C', 'x', ''), row('D', '36.2', '44.1'));
    expect(o.problems.map((p) => [p.feature, p.message])).toEqual([
      ['line 2 (A)', 'left out: latitude "" is not a number (longitude "44.1")'],
      ['line 3 (B)', 'left out: longitude "east" is not a number (latitude "36.2")'],
      ['line 4 (C)', 'left out: latitude "x" and longitude "" are not numbers'],
    ]);
  });

  it('names a row the table could not read by its line and event id, and says a file whose last line breaks off may have been cut short', () => {
    const cut = row('B', '36.2', '44.1').replace(/,Notes\.,0,,1704758400$/, ',"The note starts and the download was cut');
    const o = acled(row('A', '36.2', '44.1'), cut);
    expect(o.atlas.features).toHaveLength(1);
    expect(o.problems).toEqual([
      expect.objectContaining({
        feature: 'line 3 (B)',
        severity: 'error',
        message: "left out: it has 28 fields where the header has 31, and a quoted value in it is never closed; it is the file's last line, so the file may have been cut short",
      }),
    ]);
  });

  it('labels a position out of range, and asks whether the coordinates are projected only when several rows look so', () => {
    const typo = acled(row('A', '200', '43.7024'), row('B', '36.2', '44.1'));
    expect(typo.problems.map((p) => p.message)).toEqual(['left out: it has coordinates outside longitude/latitude range (longitude 43.7024, latitude 200)']);
    // Two keyboard slips and one position in metres: no question either.
    const few = acled(row('A', '200', '43.7'), row('B', '36.2', '440.1'), row('C', '3350000', '637000'), row('D', '36.2', '44.1'));
    expect(few.problems.every((p) => !p.message.includes('projected'))).toBe(true);
    const metres = acled(row('A', '3350000', '637000'), row('B', '3351000', '638000'), row('C', '3352000', '639000'), row('D', '200', '43.7'), row('E', '36.2', '44.1'));
    expect(metres.problems.map((p) => p.message)).toEqual([
      ...['637000, latitude 3350000', '638000, latitude 3351000', '639000, latitude 3352000'].map((pair) => `left out: it has coordinates outside longitude/latitude range (longitude ${pair}): projected coordinates? 3 positions in the file lie outside the range in both numbers, as metres do`),
      'left out: it has coordinates outside longitude/latitude range (longitude 43.7, latitude 200)',
    ]);
  });
});

describe('warnings about events already on the map', () => {
  it('go with the events the merge leaves out, while the rest of the report stays', async () => {
    const { mergeAtlas, problemsOfAdded } = await import('../../src/lib/data/merge');
    const header = readFileSync(`${DIR}/acled.csv`, 'utf8').split('\n')[0];
    const row = (id: string, date: string, lat = '30.28') => `${id},${date},2024,1,Political violence,Riots,Mob violence,Group A,,5,,,0,50,,364,Middle East,Iran,Kerman,Kerman,,Kerman,${lat},57.08,1,Reuters,National,Notes.,0,,1704758400`;
    const first = added(one([{ name: 'a.csv', text: [header, row('A', 'spring')].join('\n'), modified: MODIFIED }]));
    // The same event again, with a newer one that has its own warning, and a row left out.
    const again = added(one([{ name: 'a.csv', text: [header, row('A', 'spring'), row('B', 'summer'), row('C', '2024-01-03', '')].join('\n'), modified: MODIFIED }]));
    const { skipped } = mergeAtlas(first.atlas, again.atlas);
    expect(skipped).toEqual(['acled-a']);
    expect(again.problems.map((p) => [p.feature, p.featureId])).toEqual([
      ['line 2 (A)', 'acled-a'],
      ['line 3 (B)', 'acled-b'],
      ['line 4 (C)', undefined],
    ]);
    expect(problemsOfAdded(again.problems, skipped).map((p) => p.feature)).toEqual(['line 3 (B)', 'line 4 (C)']);
  });
});

describe('why a geometry cannot be placed', () => {
  it('reads a point as any other geometry: two to four finite numbers within range, else says why', async () => {
    const { geometryProblem } = await import('../../src/lib/data/formats/common');
    const cases: [unknown, string | undefined][] = [
      [{ type: 'Point', coordinates: [57.08, 30.28] }, undefined],
      [{ type: 'Point', coordinates: [57.08, 30.28, 1750] }, undefined],
      [{ type: 'Point', coordinates: [57.08] }, 'has a position that is not two or three numbers'],
      [{ type: 'Point', coordinates: [57.08, Number.NaN] }, 'has a position that is not two or three numbers'],
      [{ type: 'Point', coordinates: [57.08, '30.28'] }, 'has a position that is not two or three numbers'],
      // Both numbers as text: a position all the same, not an empty geometry.
      [{ type: 'Point', coordinates: ['57.08', '30.28'] }, 'has a position that is not two or three numbers'],
      [{ type: 'LineString', coordinates: [['57', '30'], [58, 30]] }, 'has a position that is not two or three numbers'],
      [{ type: 'Point', coordinates: [] }, 'has an empty geometry'],
      [{ type: 'Point', coordinates: [[57.08, 30.28]] }, undefined],
      [{ type: 'Point', coordinates: [637000, 3350000] }, 'has coordinates outside longitude/latitude range (longitude 637000, latitude 3350000)'],
      [{ type: 'LineString', coordinates: [[57, 30], [58, 91]] }, 'has coordinates outside longitude/latitude range (longitude 58, latitude 91)'],
      [{ type: 'Circle', coordinates: [57, 30] }, 'has no geometry the app can place'],
    ];
    for (const [g, problem] of cases) expect(geometryProblem(g), JSON.stringify(g)).toBe(problem);
  });
});
