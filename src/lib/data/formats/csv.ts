/**
 * CSV tables, parsed with Papa Parse: the delimiter is detected, quoted fields may hold
 * commas and line breaks, and every row keeps the line it starts on, so a problem can name it.
 * Columns with the usual names are recognised; otherwise the user picks them (see `ColumnMapping`).
 */
import Papa from 'papaparse';
import { short } from '../validate';
import { FileContext, looksProjected, PROJECTED, text, type FileZone } from './common';
import { fixedOffset, ianaZone } from '../time';
import { columnOrder, eventTime, orderDecided, readDate, readInColumn, type ColumnOrder, type ReadDate } from './dates';
import { addFeature } from './feature';
import { DATE_KEYS, draftFromProperties, END_KEYS, TITLE_KEYS } from './geojson';
import type { ColumnMapping, ConvertResult, InputFile } from './types';
import type { EventTime } from '../schema';
import type { OnProgress } from '../import';
import { CSV_COLUMNS, CSV_LATER_COLUMNS, isAppCsv, undefused } from '../csv-columns';
import { wktShape } from './wkt';

/**
 * One data row: its cells in the columns' order and the line of the file it starts on. The
 * cells by column name are made when asked (`values`): Papa Parse's header mode made that
 * object for every row as it read, and holding 100,000 of them, thirty keys each, cost more
 * than reading the file (1.34 s against 0.49 s for an ACLED file of 100,000 rows in Node).
 */
export class CsvRow {
  constructor(
    readonly line: number,
    readonly cells: readonly string[],
    private readonly columns: readonly string[],
  ) {}

  /** The cells by column name, made anew at each call: take it once per row. */
  values(): Record<string, string> {
    // Assigned one by one into a plain object, as Papa Parse's header mode does (a column named "__proto__" is left out alike).
    const out: Record<string, string> = {};
    for (let j = 0; j < this.columns.length; j++) out[this.columns[j]] = this.cells[j];
    return out;
  }
}

export interface CsvTable {
  columns: string[];
  rows: CsvRow[];
  /** Rows Papa Parse could not split as the header says, by line. */
  problems: TableProblem[];
  /** What a row's number counts, for messages: a CSV's "line", a JSON list's "record" (see `records.ts`). */
  rowName?: 'record';
}

/** A row the table could not read as the header says, and why, in words for the report. */
export interface TableProblem {
  line: number;
  message: string;
  /** The cells read, so a converter can name the row by its id. */
  cells?: readonly string[];
  /** True when the row was read all the same (the report then warns rather than names an error). */
  kept?: boolean;
  /** True when a quoted value in the row is never closed: the rest of the file was read into it. */
  unclosed?: boolean;
}

/** Where a row (or a problem's row) is, for messages: "line 12", "record 12". */
export const rowWhere = (table: CsvTable, line: number): string => `${table.rowName ?? 'line'} ${line}`;

/** Every row's cell in a column, in row order (undefined throughout when there is no such column). */
export function columnCells(table: CsvTable, column: string | undefined): (string | undefined)[] {
  const j = column === undefined ? -1 : table.columns.indexOf(column);
  return table.rows.map((r) => (j < 0 ? undefined : r.cells[j]));
}

/** The day/month order of a date column (see `ColumnOrder`), its rows named as messages name them; `cut` trims each value first. */
export function tableColumnOrder(table: CsvTable, column: string | undefined, cut = (s: string) => s): ColumnOrder | undefined {
  return columnOrder(columnCells(table, column).map((s) => (s === undefined ? s : cut(s))), (i) => rowWhere(table, table.rows[i].line));
}

/**
 * The header's names as Papa Parse's header mode gives them, trimmed: a name met again
 * gets `_1`, `_2`… (the first suffix no other name has).
 */
function headerNames(raw: readonly string[]): string[] {
  const count: Record<string, number> = Object.create(null);
  const used = new Set(raw);
  return raw.map((cell) => {
    const name = cell.trim();
    let out = name;
    if (!count[name]) count[name] = 1;
    else {
      let n = count[name];
      do out = `${name}_${n++}`;
      while (used.has(out));
      used.add(out);
      count[name]++;
    }
    used.add(name);
    return out;
  });
}

/** Rows converted between two reports of progress (`onRow` of the converters). */
export const PROGRESS_ROWS = 2000;

/** Parses CSV text with a header row; a UTF-8 byte order mark is dropped. */
export function parseCsv(text: string): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  const problems: CsvTable['problems'] = [];
  const faults: RowFault[] = [];
  let lastRow = 0;
  let header: string[] | null = null;
  // Given out once the first data row is read, as Papa Parse's header mode did.
  let columns: string[] = [];
  // Lines are counted as Papa Parse moves through the text, so a row's line is exact even after quoted line breaks.
  let counted = 0;
  let line = 1;
  const lineAt = (offset: number) => {
    for (let i = body.indexOf('\n', counted); i !== -1 && i < offset; i = body.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  // Where the row being read starts: the first one after the header's line, not on it.
  let start = Math.max(0, body.search(/\r?\n|\r/));
  Papa.parse<string[]>(body, {
    skipEmptyLines: 'greedy',
    step: (result) => {
      if (header === null) {
        header = headerNames(result.data);
        return;
      }
      if (columns.length === 0) columns = header;
      // The row starts after the line break that ended the one before.
      let at = start;
      while (body[at] === '\r' || body[at] === '\n') at++;
      const rowLine = lineAt(at);
      start = result.meta.cursor;
      lastRow = rowLine;
      const cells = result.data;
      const fits = cells.length === header.length;
      if (result.errors.length > 0 || !fits) faults.push({ line: rowLine, codes: result.errors.map((e) => e.code ?? ''), messages: result.errors.map((e) => e.message), fields: cells.length, expected: header.length, cells });
      if (!fits) return;
      rows.push(new CsvRow(rowLine, cells, header));
    },
  });
  // The line of the file's last character, line breaks at its end aside.
  const lastLine = lineAt(body.replace(/[\r\n]+$/, '').length);
  for (const f of faults) problems.push(tableProblem(f, f.line === lastRow, lastLine));
  return { columns, rows, problems };
}

/** What Papa Parse found wrong with one row, and how many fields it read against the header's. */
interface RowFault {
  line: number;
  codes: string[];
  messages: string[];
  fields: number;
  expected: number;
  cells: readonly string[];
}

/**
 * A row Papa Parse could not read as the header says, in plain words: how many fields it
 * has against the header's, a quoted value never closed (Papa Parse then reads the rest of
 * the file into it), a quote misplaced. A fault on the file's last row is what a download
 * cut short leaves, and the report says so.
 */
function tableProblem(f: RowFault, last: boolean, lastLine: number): TableProblem {
  const kept = f.fields === f.expected;
  const unclosed = f.codes.includes('MissingQuotes');
  // Text after a closing quote: Papa Parse then looks for another quote, and reports the first fault with the second.
  const misquoted = f.codes.includes('InvalidQuotes');
  // Papa Parse reads an unclosed quote to the end of the file: begun on the last line, it is a cut; begun earlier, the lines after it went into this row.
  const swallowed = unclosed && f.line < lastLine;
  const into = `, so lines ${f.line}–${lastLine} were read as this one row and any rows among them are missing`;
  const parts: string[] = [];
  if (!kept) parts.push(`it has ${f.fields} field${f.fields === 1 ? '' : 's'} where the header has ${f.expected}`);
  if (misquoted) parts.push(`a quoted value in it has text after its closing quote${swallowed ? into : ''}`);
  else if (unclosed) parts.push(`a quoted value in it is never closed${swallowed ? into : ''}`);
  f.codes.forEach((code, i) => {
    if (code !== 'MissingQuotes' && code !== 'InvalidQuotes') parts.push(short(f.messages[i]));
  });
  const cut = last && !swallowed && !misquoted && (unclosed || f.fields < f.expected) ? "; it is the file's last line, so the file may have been cut short" : '';
  return { line: f.line, message: `${kept ? '' : 'left out: '}${parts.join(', and ')}${cut}`, cells: f.cells, kept, ...(unclosed ? { unclosed } : {}) };
}

/**
 * Notes the rows the table could not read, each named as the converter names its rows
 * (`name` gives the row's own id from its cells, for "line 409 (IRN99999)").
 */
export function tableProblems(ctx: FileContext, table: CsvTable, name: (cells: readonly string[]) => string = () => ''): void {
  for (const p of table.problems) ctx.problem(`${rowWhere(table, p.line)}${p.cells ? name(p.cells) : ''}`, p.message, p.kept ? 'warning' : 'error');
}

/** The cell of a column in a row's cells (a short row may lack it), or undefined. */
export const cellOf = (table: CsvTable, cells: readonly string[], column: string): string | undefined => {
  const j = table.columns.indexOf(column);
  return j < 0 ? undefined : cells[j]?.trim() || undefined;
};

const LATITUDE = ['latitude', 'lat', 'y', 'lat_dd', 'decimallatitude', 'breite'];
const LONGITUDE = ['longitude', 'lon', 'lng', 'long', 'x', 'lon_dd', 'decimallongitude', 'laenge', 'länge'];

/** The first column whose name (case and spaces aside) is one of the names given. */
function find(columns: string[], names: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[\s-]+/g, '_');
  for (const n of names) {
    const hit = columns.find((c) => norm(c) === n);
    if (hit) return hit;
  }
  return undefined;
}

/** The columns recognised by their usual names; undefined when latitude or longitude is not found. */
export function recogniseColumns(columns: string[]): ColumnMapping | undefined {
  const latitude = find(columns, LATITUDE);
  const longitude = find(columns, LONGITUDE);
  if (!latitude || !longitude) return undefined;
  return { latitude, longitude, date: find(columns, DATE_KEYS), title: find(columns, TITLE_KEYS) };
}

/** A decimal number as spreadsheets write it: "30.28", "30,28" (decimal comma), " -57.07 ". */
export function readNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Why a row's coordinates cannot be read, naming the column (or columns) and quoting the
 * values as the file gives them; undefined when both are numbers.
 */
export function coordinatesProblem(latColumn: string, latRaw: string | undefined, lonColumn: string, lonRaw: string | undefined): string | undefined {
  const lat = readNumber(latRaw) === undefined;
  const lon = readNumber(lonRaw) === undefined;
  if (!lat && !lon) return undefined;
  const quoted = (column: string, raw: string | undefined) => `${short(column)} ${short(JSON.stringify(raw ?? ''))}`;
  if (lat && lon) return `left out: ${quoted(latColumn, latRaw)} and ${quoted(lonColumn, lonRaw)} are not numbers`;
  return lat ? `left out: ${quoted(latColumn, latRaw)} is not a number (${quoted(lonColumn, lonRaw)})` : `left out: ${quoted(lonColumn, lonRaw)} is not a number (${quoted(latColumn, latRaw)})`;
}

/**
 * A count of people as a file writes it: a whole number, 0 or more. Undefined for an empty
 * cell (the file states nothing), null for anything else ("unknown", "-1", "2.5"): a figure
 * the converter must not show as a count, and names instead.
 */
export function readCount(s: string | undefined): number | null | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = readNumber(s);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** The sentence for a cell that should hold a count of people and does not; `outcome` says what was done instead. */
export const notACount = (field: string, raw: string, outcome: string) => `the ${field} ${short(JSON.stringify(raw))} is not a count of people (a whole number, 0 or more); ${outcome}`;

/** The sentence for a code a codebook does not define; `codes` lists the ones it does, `outcome` what was done instead. */
export const notACode = (field: string, raw: string, dataset: string, codes: string, outcome: string) => `the ${field} ${short(JSON.stringify(raw))} is not a code in ${dataset}'s codebook (${codes}); ${outcome}`;

/**
 * The ids a file gives its rows, each with the row it was first met on, so that a repeat
 * names both rows (`ctx.featureId` gives the second a suffix, and is told not to name it again).
 */
export class SeenIds {
  private readonly first = new Map<string, { raw: string; row: string }>();

  /**
   * The sentence for an id met before, or undefined the first time (it is then remembered).
   * `key` is the id the map makes of it, so ids differing only in case count as one;
   * `id` is the one this row was given instead.
   */
  repeat(field: string, raw: string | undefined, key: string, row: string, id: string): string | undefined {
    const own = raw?.trim();
    if (!own) return undefined;
    const before = this.first.get(key);
    if (!before) {
      this.first.set(key, { raw: own, row });
      return undefined;
    }
    const written = before.raw === own ? '' : ` (written ${short(JSON.stringify(before.raw))} there)`;
    return `the ${field} ${short(JSON.stringify(own))} repeats the one on ${before.row}${written}; both rows were read, this one under the id ${id}`;
  }
}

/** The first rows' values per column, for the mapping step's dropdowns. */
export function samples(table: CsvTable, count = 3): Record<string, string[]> {
  // No prototype: a column named "__proto__" is a key like any other, not the object's prototype.
  const out: Record<string, string[]> = Object.create(null);
  const first = table.rows.slice(0, count).map((r) => r.values());
  for (const c of table.columns) out[c] = first.map((values) => (Object.hasOwn(values, c) && typeof values[c] === 'string' ? short(values[c]) : ''));
  return out;
}

/** The columns the app's CSV export writes: in a file of its own, only these were defused (columns added later were not). */
const EXPORT_COLUMNS = [...CSV_COLUMNS, ...CSV_LATER_COLUMNS];

/** Converts a CSV table with the columns named by `mapping`; the other columns are kept in each record's text. */
export function convertCsv(input: InputFile, table: CsvTable, mapping: ColumnMapping, onRow?: OnProgress): ConvertResult {
  for (const c of [mapping.latitude, mapping.longitude, mapping.date, mapping.title]) {
    if (c !== undefined && !table.columns.includes(c)) return { file: input.name, refused: `it has no column “${short(c)}”` };
  }
  const ctx = new FileContext(input, 'CSV', input.name);
  const ownExport = isAppCsv(table.columns);
  ctx.ownExport = ownExport;
  // An end column found by its name (the app's own export writes `time_end` beside `time_local`).
  const endColumn = mapping.date ? find(table.columns, END_KEYS) : undefined;
  tableProblems(ctx, table);
  const orders = { start: tableColumnOrder(table, mapping.date), end: tableColumnOrder(table, endColumn) };
  for (const [column, order] of [[mapping.date, orders.start], [endColumn, orders.end]] as const) {
    const decided = orderDecided(order);
    if (column && decided) ctx.problem(`column “${short(column)}”`, decided, 'warning');
  }
  table.rows.forEach((row, i) => {
    if (onRow && i % PROGRESS_ROWS === 0) onRow(i, table.rows.length);
    const where = rowWhere(table, row.line);
    const values = row.values();
    if (ownExport) for (const c of EXPORT_COLUMNS) if (Object.hasOwn(values, c)) values[c] = undefused(values[c]);
    // This map's own export carries the whole shape in `wkt` (a line or an area, a height), which the record then need not
    // repeat; a row with one needs no longitude and latitude, as GDAL reads it.
    const shape = ownExport ? wktShape(values.wkt) : {};
    const lat = readNumber(values[mapping.latitude]);
    const lon = readNumber(values[mapping.longitude]);
    if (!shape.geometry && (lat === undefined || lon === undefined)) return ctx.problem(where, coordinatesProblem(mapping.latitude, values[mapping.latitude], mapping.longitude, values[mapping.longitude])!);
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (k !== mapping.latitude && k !== mapping.longitude && k !== mapping.date && k !== mapping.title && !(shape.geometry && k === 'wkt')) props[k] = v;
    const d = draftFromProperties(ctx, { properties: props, geometry: shape.geometry ?? { type: 'Point', coordinates: [lon!, lat!] } }, i);
    if (shape.warning) (d.warnings ??= []).push(shape.warning);
    d.where = where;
    d.ownId = values.id ?? values.ID;
    if (ownExport) d.id = ctx.keptId(values.id, i);
    // Cut only where any field is (2,000 characters, marked "…"), as a GeoJSON or KML title is: cut at 80, a long title lost its end.
    const title = mapping.title ? text(values[mapping.title]) : undefined;
    if (title) d.title = title;
    if (mapping.date) {
      // The row's date column decides its time, and says when it cannot be read.
      d.timeWarning = undefined;
      const { time, unsettled } = csvTime(values, mapping.date, endColumn, [...(d.sources ?? []), ctx.fileSource.id], orders);
      if (time) d.time = time;
      else if (values[mapping.date]?.trim()) ctx.problem(where, `the date ${short(JSON.stringify(values[mapping.date]))} ${unsettled ?? 'is not one the app can read (use YYYY-MM-DD)'}; the row was added without a time`, 'warning');
    }
    addFeature(ctx, d);
  });
  const dates = mapping.date ? undefined : unnamedDates(table, mapping);
  if (dates) ctx.problem(`column “${short(dates)}”`, `holds dates but is not named as a date column (date, time, when, start, …), so the rows were added without a time; rename the column to read them`, 'warning');
  if (looksProjected(ctx)) return { file: input.name, refused: PROJECTED };
  return ctx.result();
}

/**
 * A row's time from its date column, with the end of its window from `endColumn` and the
 * precision a `time_precision` column gives (a time to the hour stays so); undefined when
 * the date cannot be read.
 */
function csvTime(
  values: Record<string, string>,
  dateColumn: string,
  endColumn: string | undefined,
  sources: string[],
  orders: { start?: ColumnOrder; end?: ColumnOrder },
): { time?: EventTime; unsettled?: string } {
  const start = readInColumn(values[dateColumn], orders.start, dateColumn);
  if (!start.date) return { unsettled: start.unsettled };
  const end = endColumn ? readInColumn(values[endColumn], orders.end, endColumn) : undefined;
  const from = end?.date ? `From the "${short(dateColumn)}" and "${short(endColumn!)}" columns.` : `From the "${short(dateColumn)}" column.`;
  const note = [from, start.note, end?.date && end.note].filter(Boolean).join(' ');
  return { time: flatTime(values, start.date, end?.date, sources, note) };
}

/**
 * A time from the flat fields this map's exports write beside it (its CSV's columns, its
 * KML's data): the start and end read from the file, a day placed in the zone `time_zone`
 * or `utc_offset` gives, and a time to the hour kept so by `time_precision`.
 */
export function flatTime(values: Record<string, string>, start: ReadDate, end: ReadDate | undefined, sources: string[], note: string): EventTime {
  const time = eventTime(start, end, sources, note, csvZone(values));
  const precision = values.time_precision?.trim();
  if (time.precision !== 'day' && (precision === 'hour' || precision === 'minute')) time.precision = precision;
  return time;
}

/**
 * The zone a row gives for a day-only date: an IANA name in a `time_zone` (or `timezone`,
 * `tz`) column, else the offset in a `utc_offset` column (this app's CSV export writes its
 * zone's abbreviation and its offset in these two); undefined when it gives neither.
 */
function csvZone(values: Record<string, string>): FileZone | undefined {
  for (const column of ['time_zone', 'timezone', 'tz']) {
    const name = values[column]?.trim();
    if (name && name.includes('/') && ianaZone(name)) return { name, from: `its "${column}" column` };
  }
  // Written "UTC+05:00" by this app, "+05:00" by others; UTC itself, "UTC", "Z" or "+00:00".
  const offset = values.utc_offset?.trim().replace(/^UTC(?=[+-])/i, '') ?? '';
  if (/^(UTC|Z|[+-]00:00)$/i.test(offset)) return { name: 'UTC', from: 'its "utc_offset" column' };
  const name = `UTC${offset}`;
  return fixedOffset(name) ? { name, from: 'its "utc_offset" column' } : undefined;
}

/** A column no mapping names whose first filled values mostly read as dates (German "Datum", say), or undefined. */
function unnamedDates(table: CsvTable, mapping: ColumnMapping): string | undefined {
  const named = new Set([mapping.latitude, mapping.longitude, mapping.title]);
  const first = table.rows.slice(0, 20).map((r) => r.values());
  return table.columns.find((c) => {
    if (named.has(c)) return false;
    const filled = first.map((values) => values[c]?.trim()).filter(Boolean);
    // Bare numbers read as years: a count or an id column is not taken for dates.
    return filled.length > 0 && filled.filter((v) => !/^\d+$/.test(v!) && readDate(v)).length * 2 > filled.length;
  });
}
