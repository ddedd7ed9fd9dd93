import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertCsvInParts, firstCsvPart } from '../../src/lib/data/csv-parts';
import { convertInputs } from '../../src/lib/data/formats/convert';
import type { InputFile } from '../../src/lib/data/formats/types';

const MODIFIED = Date.UTC(2024, 1, 1);
const file = (name: string, text: string): InputFile => ({ name, text, modified: MODIFIED });

/** What reading the file whole gives, in the form the parts give it. */
function whole(input: InputFile) {
  const [o] = convertInputs([input]);
  if (o.kind !== 'added') throw new Error(`not added: ${JSON.stringify(o).slice(0, 200)}`);
  return { atlas: o.atlas, format: o.format, problems: o.problems };
}

/** The parts' reading, with the catalogue as a list so that its order counts. */
const comparable = (r: { atlas: { layers: unknown; features: unknown; sources: Map<string, unknown> }; format: string; problems: unknown }) => ({
  layers: r.atlas.layers,
  features: r.atlas.features,
  sources: [...r.atlas.sources],
  format: r.format,
  problems: r.problems,
});

const ACLED_HEADER = readFileSync('tests/fixtures/formats/acled.csv', 'utf8').split('\n')[0];

/** An ACLED row; `notes` may hold commas, quotes and line breaks (quoted as CSV quotes them). */
function acledRow(id: string, date: string, lat: string, lon: string, source: string, notes: string, fatalities = '1'): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [id, date, '2023', '1', 'Political violence', 'Battles', 'Armed clash', 'Jaish al-Adl', '', '2', 'Military Forces of Iran (1989-)', '', '1', '12', '', '364', 'Middle East', 'Iran', 'Sistan and Baluchestan', 'Saravan', '', 'Saravan', lat, lon, '1', q(source), 'National', q(notes), fatalities, '', '1704758400'].join(',');
}

describe('a large ACLED or UCDP file read as two parts', () => {
  it('gives what reading it whole gives, for the ACLED and UCDP fixtures', () => {
    for (const name of ['acled.csv', 'ucdp.csv']) {
      const input = file(name, readFileSync(`tests/fixtures/formats/${name}`, 'utf8'));
      const parts = convertCsvInParts(input);
      expect(parts, name).not.toBeNull();
      expect(comparable(parts!), name).toEqual(comparable(whole(input)));
    }
  });

  it('cuts where a row ends, after the middle, and counts the second part’s lines and rows on from there', () => {
    const rows = [acledRow('IRN1', '2023-01-02', '27.1', '62.3', 'Reuters', 'short'), acledRow('IRN2', '2023-01-03', '27.2', '62.3', 'IRNA', 'a note\nover two lines'), acledRow('IRN3', '2023-01-04', '27.3', '62.3', 'IRNA', 'x'), acledRow('IRN4', '2023-01-05', '', '62.3', 'IRNA', 'no latitude')];
    const text = `${ACLED_HEADER}\n${rows.join('\n')}\n`;
    const first = firstCsvPart(text)!;
    expect(first.task.cut.at).toBeGreaterThanOrEqual(text.length / 2);
    expect(text.slice(first.task.cut.at - 1, first.task.cut.at)).toBe('\n');
    expect(first.task.cut.indexOffset).toBe(first.table.rows.length);
    // The row left out is the fourth, on line 6 (the second row takes two lines): the second part names it so.
    const parts = convertCsvInParts(file('a.csv', text))!;
    expect(parts.problems).toEqual([expect.objectContaining({ feature: 'line 6 (IRN4)' })]);
    expect(comparable(parts)).toEqual(comparable(whole(file('a.csv', text))));
  });

  it('is read whole when the parts would not give the same: an id in both parts, another format, or one row', () => {
    const rows = [acledRow('IRN1', '2023-01-02', '27.1', '62.3', 'Reuters', 'a'), acledRow('IRN2', '2023-01-03', '27.2', '62.3', 'IRNA', 'b'), acledRow('IRN1', '2023-01-04', '27.3', '62.3', 'IRNA', 'c')];
    expect(convertCsvInParts(file('a.csv', `${ACLED_HEADER}\n${rows.join('\n')}\n`))).toBeNull();
    expect(convertCsvInParts(file('p.csv', readFileSync('tests/fixtures/formats/points.csv', 'utf8')))).toBeNull();
    expect(convertCsvInParts(file('a.csv', `${ACLED_HEADER}\n${rows[0]}\n`))).toBeNull();
  });

  it('gives what reading it whole gives, on arbitrary ACLED files, or is read whole', () => {
    // Rows that are fine, lack a position, have a date the app cannot read, repeat an id, split a note over lines, or
    // have too few fields; sources whose names differ only in case (one id for both); line breaks of either kind.
    const row = fc.record({
      id: fc.constantFrom('IRN1', 'IRN2', 'IRN3', 'IRN4', 'IRN5', 'IRN6', 'IRN7', 'IRN8', 'IRN9', ''),
      date: fc.constantFrom('2023-01-02', '03 January 2023', 'sometime', ''),
      lat: fc.constantFrom('27.1', '30.28', '', 'x'),
      source: fc.constantFrom('Reuters', 'reuters', 'IRNA; Reuters', 'Tasnim News Agency', ''),
      notes: fc.constantFrom('plain', 'with, a comma', 'say "so"', 'two\nlines', 'two\r\nlines', ''),
      short: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    });
    let inParts = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (list, eol) => {
        const lines = list.map((r) => (r.short ? `${r.id},${r.date}` : acledRow(r.id, r.date, r.lat, '62.3', r.source, r.notes)));
        const input = file('acled.csv', `${ACLED_HEADER}${eol}${lines.join(eol)}${eol}`);
        const parts = convertCsvInParts(input);
        if (parts === null) return;
        inParts++;
        expect(comparable(parts)).toEqual(comparable(whole(input)));
      }),
      { numRuns: 600 },
    );
    // Most arbitrary files repeat an id across their halves; enough are read in parts to mean something.
    expect(inParts).toBeGreaterThan(60);
  });
});
