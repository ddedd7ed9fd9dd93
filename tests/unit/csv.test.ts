import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/lib/data/csv';
import { makeAtlas, makeFeature } from './fixtures';

/** A minimal RFC 4180 reader, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

describe('toCsv', () => {
  it('writes a header and one row per feature with position, precision, facts and citations', () => {
    const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({ title: 'Comma, "quote"\nand newline' }, 'b')]);
    const rows = parseCsv(toCsv(atlas, atlas.features));
    expect(rows).toHaveLength(3);
    const header = rows[0];
    const b = Object.fromEntries(header.map((h, i) => [h, rows[2][i]]));
    expect(b.title).toBe('Comma, "quote"\nand newline');
    expect([b.longitude, b.latitude, b.precision_m, b.position_basis, b.wkt]).toEqual(['57.07', '30.28', '2000', 'estimate', 'POINT (57.07 30.28)']);
    expect(b.facts).toContain('deaths: 84 people. The toll was revised to 84.');
    expect(b.citations).toContain('Example Wire, "Toll revised", 2024-01-04, https://example.org/toll (archived: https://web.archive.org/');
  });

  it('writes the claims about the whole event a feature is part of, with their sources, and whose story each source carries', () => {
    const base = makeAtlas([makeFeature({}, 'blast-1'), makeFeature({}, 'elsewhere')]);
    const wire = base.sources.get('wire-2024-01-04-toll-revised')!;
    const atlas = {
      ...base,
      sources: new Map([...base.sources, ['copy-of-afp', { ...wire, id: 'copy-of-afp', publisher: 'Some Paper', originator: 'afp' }]]),
      originators: new Map([['afp', { id: 'afp', name: 'Agence France-Presse', type: 'wire' as const }]]),
      incidents: [{ id: 'attack', title: 'The attack', features: ['blast-1'], claims: [{ id: 'attack-deaths', topic: 'deaths', statement: 'Ninety-four died in both blasts.', value: 94, unit: 'people', by: 'Officials', date: '2024-01-11', status: 'claimed' as const, sources: ['copy-of-afp'] }] }],
    };
    const rows = parseCsv(toCsv(atlas, atlas.features));
    const field = (r: number, name: string) => rows[r][rows[0].indexOf(name)];
    expect(rows[0].slice(-2)).toEqual(['wkt', 'incident_facts']);
    expect(field(1, 'incident_facts')).toBe('The attack › deaths: 94 people. Ninety-four died in both blasts. (Officials, 2024-01-11, claimed) [copy-of-afp]');
    expect(field(1, 'citations')).toContain('[copy-of-afp] Some Paper, "Toll revised", 2024-01-04, https://example.org/toll (archived: ');
    expect(field(1, 'citations')).toContain(', originator: Agence France-Presse');
    // A feature of no incident: an empty field, and no incident's sources among its citations.
    expect(field(2, 'incident_facts')).toBe('');
    expect(field(2, 'citations')).not.toContain('copy-of-afp');
  });

  it('writes the time window in UTC beside the local time, its zone and offset', () => {
    const atlas = makeAtlas([
      makeFeature({}, 'minute'),
      makeFeature({ time: { local: '2024-01-18', precision: 'day', approximate: true, zone: 'PKT', sources: ['x'] } }, 'day'),
      makeFeature({ time: undefined }, 'undated'),
    ]);
    const [header, ...rows] = parseCsv(toCsv(atlas, atlas.features));
    const get = (r: string[]) => Object.fromEntries(header.map((h, i) => [h, r[i]]));
    const [minute, day, undated] = rows.map(get);
    expect([minute.time_local, minute.time_zone, minute.utc_offset, minute.time_start_utc, minute.time_end_utc]).toEqual(['2024-01-03T15:00:00+03:30', 'IRST', 'UTC+03:30', '2024-01-03T11:30:00Z', '2024-01-03T11:31:00Z']);
    expect([day.time_precision, day.utc_offset, day.time_start_utc, day.time_end_utc]).toEqual(['day', 'UTC+05:00', '2024-01-17T19:00:00Z', '2024-01-18T19:00:00Z']);
    expect([undated.time_local, undated.time_zone, undated.time_start_utc]).toEqual(['', '', '']);
  });

  it('exports only the features given', () => {
    const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b')]);
    expect(parseCsv(toCsv(atlas, [atlas.features[1]])).map((r) => r[0])).toEqual(['id', 'b']);
  });
});

describe('csvField', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('-5 dead')).toBe("'-5 dead");
    expect(csvField(-5)).toBe('-5');
    for (const formula of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx', '\nx']) expect(csvField(formula).replace(/^"/, '')).toMatch(/^'/);
    // Empty, missing and non-text values are written as they are, unquoted.
    expect([csvField(''), csvField(undefined), csvField(true), csvField(0), csvField(1.5e21)]).toEqual(['', '', 'true', '0', '1.5e+21']);
  });

  it('keeps negative numbers, as numbers or as plain numeric text, readable as numbers', () => {
    expect(csvField('-57.07')).toBe('-57.07');
    expect(csvField('-1e5')).toBe('-1e5');
    const atlas = makeAtlas([{ ...makeFeature({}, 'west'), geometry: { type: 'Point', coordinates: [-73.5, -33.25] } }]);
    const rows = parseCsv(toCsv(atlas, atlas.features));
    const row = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
    expect([row.longitude, row.latitude]).toEqual(['-73.5', '-33.25']);
  });
});
