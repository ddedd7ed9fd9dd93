import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseCsv, samples } from '../../src/lib/data/formats/csv';
import { short } from '../../src/lib/data/validate';

/**
 * `parseCsv` as it was until 7 December, on Papa Parse's header mode: each row's cells by
 * name, made by Papa Parse as it read. The parser now reads cells as lists and makes the
 * names' object when a converter asks; what it gives must not have changed.
 */
function parseCsvHeaderMode(text: string) {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { line: number; values: Record<string, string> }[] = [];
  const problems: { line: number; message: string }[] = [];
  let columns: string[] = [];
  let counted = 0;
  let line = 1;
  const lineAt = (offset: number) => {
    for (let i = body.indexOf('\n', counted); i !== -1 && i < offset; i = body.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  let start = Math.max(0, body.search(/\r?\n|\r/));
  Papa.parse<Record<string, string>>(body, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
    step: (result) => {
      if (columns.length === 0) columns = result.meta.fields ?? [];
      let at = start;
      while (body[at] === '\r' || body[at] === '\n') at++;
      const rowLine = lineAt(at);
      start = result.meta.cursor;
      for (const e of result.errors) problems.push({ line: rowLine, message: short(e.message) });
      if (result.errors.some((e) => e.code === 'TooFewFields' || e.code === 'TooManyFields')) return;
      rows.push({ line: rowLine, values: result.data });
    },
  });
  return { columns, rows, problems };
}

/** The lines problems were found on, once each: the parser now words a row's faults as one sentence of its own (see the tests below). */
const problemLines = (problems: { line: number }[]) => [...new Set(problems.map((p) => p.line))];

const asBefore = (text: string) => {
  const { columns, rows, problems } = parseCsv(text);
  return { columns, rows: rows.map((r) => ({ line: r.line, values: r.values() })), problems: problemLines(problems) };
};

describe('parseCsv', () => {
  it('gives the columns, rows, lines and problems Papa Parse’s header mode gave, on arbitrary tables', () => {
    // A header of plain names (some repeated, some padded), then rows of cells that may be quoted, hold delimiters,
    // quotes and line breaks, be missing or extra, or be left empty; line breaks of every kind between them.
    const name = fc.constantFrom('id', 'lat', 'lon', ' date ', 'date', 'note', 'id_1', 'x', '__proto__');
    const cell = fc.oneof(fc.constantFrom('', ' ', '30.5', 'a,b', 'say "hi"', 'two\nlines', '"', 'Kermān', 'گلزار', 'x\r\ny'), fc.string({ maxLength: 6 }));
    const quoted = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    const table = fc
      .tuple(
        fc.array(name, { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(fc.tuple(cell, fc.boolean()), { maxLength: 7 }), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
      )
      .map(([header, rows, eol, bom]) => (bom ? '\ufeff' : '') + [header.join(','), ...rows.map((r) => r.map(([c, raw]) => (raw ? c : quoted(c))).join(','))].join(eol));
    fc.assert(
      fc.property(table, (text) => {
        const before = parseCsvHeaderMode(text);
        expect(asBefore(text)).toEqual({ ...before, problems: problemLines(before.problems) });
      }),
      { numRuns: 3000 },
    );
  });

  it('says in plain words what is wrong with a row, and that a fault on the last line may be a file cut short', () => {
    const header = 'id,lat,lon,note';
    const messages = (text: string) => parseCsv(text).problems.map((p) => [p.line, p.message, p.kept ?? false]);
    expect(messages(`${header}\nA,30,57\nB,30,57,x,y\nC,30,57,ok\n`)).toEqual([
      [2, 'left out: it has 3 fields where the header has 4', false],
      [3, 'left out: it has 5 fields where the header has 4', false],
    ]);
    // A download cut inside a quoted note, and one cut after a field.
    expect(messages(`${header}\nA,30,57,ok\nB,30,57,"the note starts`)).toEqual([[3, "a quoted value in it is never closed; it is the file's last line, so the file may have been cut short", true]]);
    expect(messages(`${header}\nA,30,57,ok\nB,30,"the no`)).toEqual([[3, "left out: it has 3 fields where the header has 4, and a quoted value in it is never closed; it is the file's last line, so the file may have been cut short", false]]);
    expect(messages(`${header}\nA,30,57,ok\nB,30\n`)).toEqual([[3, "left out: it has 2 fields where the header has 4; it is the file's last line, so the file may have been cut short", false]]);
    // A stray quote early on: the lines after it went into its row.
    expect(messages(`${header}\nA,30,"57,ok\nB,30,57,ok\nC,30,57,ok\n`)).toEqual([[2, 'left out: it has 3 fields where the header has 4, and a quoted value in it is never closed, so lines 2–4 were read as this one row and any rows among them are missing', false]]);
    expect(messages(`${header}\nA,30,57,"ok"x\n`)).toEqual([[2, 'a quoted value in it has text after its closing quote', true]]);
    expect(messages(`${header}\nA,30,57,"ok"x\nB,30,57,ok\n`)).toEqual([[2, 'a quoted value in it has text after its closing quote, so lines 2–3 were read as this one row and any rows among them are missing', true]]);
  });

  it('makes each row’s cells by name only when asked, and anew each time', () => {
    const { rows } = parseCsv('a,b\n1,2\n');
    expect(rows[0].cells).toEqual(['1', '2']);
    const once = rows[0].values();
    expect(once).toEqual({ a: '1', b: '2' });
    expect(rows[0].values()).not.toBe(once);
  });
});

describe('samples', () => {
  it('gives each column its own first values, whatever it is named: __proto__ and constructor are names like any other', () => {
    const got = samples(parseCsv('__proto__,constructor,lat\nkerman,30.28,57.08\n'));
    expect(Object.keys(got)).toEqual(['__proto__', 'constructor', 'lat']);
    expect(Array.isArray(got['__proto__'])).toBe(true);
    expect(got['constructor']).toEqual(['30.28']);
    expect(got['lat']).toEqual(['57.08']);
  });
});
