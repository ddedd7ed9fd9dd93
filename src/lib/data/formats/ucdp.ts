/**
 * UCDP Georeferenced Event Dataset (GED) CSV files, with UCDP's own column names.
 *
 * Precision codes, as the UCDP GED codebook defines them (Högbladh, "UCDP GED Codebook",
 * Department of Peace and Conflict Research, Uppsala University; https://ucdp.uu.se/downloads/):
 * - `where_prec` 1: the exact place is known; 2: a limited area around a named place;
 *   3: a second-order administrative division (district), coded to its centroid; 4: a
 *   first-order division (province), coded to its centroid; 5: a part of a country larger
 *   than a province, a point between two named places, or a place named only loosely;
 *   6: only the country, coded to its centroid; 7: at sea or in international airspace.
 * - `date_prec` 1: the exact day; 2: a span of two to six days; 3: a week; 4: a month;
 *   5: a year or more. The window itself is `date_start`–`date_end`.
 * The radii below are this app's reading of those codes, not UCDP's figures, and every
 * feature's notes say so.
 */
import type { Claim } from '../schema';
import { short } from '../validate';
import { coded, dayTime, FileContext, placeText, slug, text } from './common';
import { cellOf, coordinatesProblem, type CsvTable, notACode, notACount, PROGRESS_ROWS, readCount, readNumber, rowWhere, SeenIds, tableColumnOrder, tableProblems } from './csv';
import type { OnProgress } from '../import';
import { orderDecided, readDate, readInColumn } from './dates';
import { addFeature, namedFields } from './feature';
import type { ConvertResult, InputFile } from './types';

/** True when a CSV has UCDP GED's columns. */
export const isUcdp = (columns: string[]) => ['where_prec', 'date_prec', 'date_start', 'best', 'latitude', 'longitude'].every((c) => columns.includes(c));

/** `where_prec` → radius in metres and what the code means. */
export const UCDP_WHERE: Record<string, { radiusM: number; meaning: string }> = {
  '1': { radiusM: 5_000, meaning: 'UCDP where_prec 1: the exact place is known (usually a village or town)' },
  '2': { radiusM: 25_000, meaning: 'UCDP where_prec 2: a limited area around the named place' },
  '3': { radiusM: 50_000, meaning: 'UCDP where_prec 3: only the district (second-order division) is known; the point is its centroid' },
  '4': { radiusM: 250_000, meaning: 'UCDP where_prec 4: only the province (first-order division) is known; the point is its centroid' },
  '5': { radiusM: 500_000, meaning: 'UCDP where_prec 5: a part of the country larger than a province, a point between two named places, or a loosely named place' },
  '6': { radiusM: 1_000_000, meaning: 'UCDP where_prec 6: only the country is known; the point is its centroid' },
  '7': { radiusM: 500_000, meaning: 'UCDP where_prec 7: at sea or in international airspace; the point stands for the water area or is estimated' },
};

/** `date_prec` → what the code means. */
export const UCDP_DATE: Record<string, string> = {
  '1': 'UCDP date_prec 1: the exact day is known.',
  '2': 'UCDP date_prec 2: the event spans two to six days.',
  '3': 'UCDP date_prec 3: only the week is known.',
  '4': 'UCDP date_prec 4: only the month is known.',
  '5': 'UCDP date_prec 5: only the year (or a longer span) is known.',
};

/** UCDP GED's columns that nothing else on the feature shows, kept in its record as the file gives them. */
const UCDP_RECORD_FIELDS = ['where_description', 'source_original', 'event_clarity', 'region'];

/** UCDP's three types of violence (`type_of_violence`), each a layer of its own, keyed by the code's short name. */
const VIOLENCE: Record<string, string> = { '1': 'State-based conflict', '2': 'Non-state conflict', '3': 'One-sided violence' };
const VIOLENCE_KEY: Record<string, string> = { '1': 'state-based', '2': 'non-state', '3': 'one-sided' };

/** `format`: "UCDP GED CSV", or "UCDP GED JSON" for the records of its API (see `records.ts`). */
export function convertUcdp(input: InputFile, table: CsvTable, onRow?: OnProgress, format = 'UCDP GED CSV'): ConvertResult {
  const ctx = new FileContext(input, format, 'UCDP GED');
  tableProblems(ctx, table, (cells) => {
    const id = cellOf(table, cells, 'id');
    return id ? ` (id ${short(id)})` : '';
  });
  // UCDP writes a day and a clock ("2023-01-05 00:00:00.000"); the clock is always midnight, so only the day is read.
  const day10 = (s: string) => s.trim().slice(0, 10);
  const orders = { start: tableColumnOrder(table, 'date_start', day10), end: tableColumnOrder(table, 'date_end', day10) };
  for (const [column, order] of [['date_start', orders.start], ['date_end', orders.end]] as const) {
    const decided = orderDecided(order);
    if (decided) ctx.problem(`column “${column}”`, decided, 'warning');
  }
  const seen = new SeenIds();
  let undatedRows = 0;
  table.rows.forEach((row, i) => {
    if (onRow && i % PROGRESS_ROWS === 0) onRow(i, table.rows.length);
    const v = row.values();
    const where = `${rowWhere(table, row.line)}${v.id ? ` (id ${short(v.id)})` : ''}`;
    const lat = readNumber(v.latitude);
    const lon = readNumber(v.longitude);
    if (lat === undefined || lon === undefined) return ctx.problem(where, coordinatesProblem('latitude', v.latitude, 'longitude', v.longitude)!);
    const id = ctx.featureId(v.id, i, 'ucdp-ged', false);
    const repeated = seen.repeat('id', v.id, slug(v.id ?? ''), rowWhere(table, row.line), id);
    if (repeated) ctx.problem(where, repeated, 'warning');
    const sourceDates = (v.source_date ?? '').split(/[;,]/).map((s) => readDate(s.trim().slice(0, 10))?.day);
    // The day the figures were first reported: a claim's date, as the schema defines it.
    const firstReported = sourceDates.filter((d): d is string => d !== undefined).sort()[0];
    const rowSources = [...rowSourcesOf(ctx, v, id, sourceDates), ctx.fileSource.id];
    const start = readInColumn(day10(v.date_start ?? ''), orders.start, 'date_start');
    const end = readInColumn(day10(v.date_end ?? ''), orders.end, 'date_end');
    // Fields the record keeps as the file gives them: the columns nothing else shows, and any value the converter could not use.
    const kept: [string, string | undefined][] = [];
    if (!start.date) {
      ctx.problem(where, `the date_start ${short(JSON.stringify(v.date_start ?? ''))} ${start.unsettled ?? 'is not a date'}; the event was added without a time`, 'warning');
      kept.push(['date_start', v.date_start]);
    }
    const prec = v.date_prec?.trim();
    const precMeaning = coded(UCDP_DATE, prec);
    if (!precMeaning && prec) {
      ctx.problem(where, notACode('date_prec', prec, 'UCDP GED', '1 to 5', "the window's precision is not known"), 'warning');
      kept.push(['date_prec', prec]);
    }
    const unstated = prec ? `The file's date_prec ${JSON.stringify(short(prec))} is not a code in UCDP GED's codebook, so the window's precision is not known.` : "The file does not state the date's precision (date_prec).";
    const note = [precMeaning ?? unstated, start.note, end.date && end.note].filter(Boolean).join(' ');
    const time = start.date ? dayTime(start.date.day, end.date?.day, note, rowSources) : undefined;
    const geo = coded(UCDP_WHERE, v.where_prec);
    const wherePrec = v.where_prec?.trim();
    if (!geo && wherePrec) {
      ctx.problem(where, notACode('where_prec', wherePrec, 'UCDP GED', '1 to 7', "the position's precision is shown as not stated"), 'warning');
      kept.push(['where_prec', wherePrec]);
    }
    const claimDate = firstReported ?? ctx.fileDay;
    const dated = firstReported ? '' : ` ${UNDATED_CLAIM}`;
    const claims: Claim[] = [];
    /** A count of people from a cell, naming it when it holds something else. */
    const count = (field: string, outcome: string) => {
      const n = readCount(v[field]);
      if (n === null) {
        ctx.problem(where, notACount(field, v[field], outcome), 'warning');
        kept.push([field, v[field]]);
      }
      return n ?? undefined;
    };
    const best = count('best', "no claim of UCDP's best estimate was made from it");
    const low = count('low', 'the low-high range was left out');
    const high = count('high', 'the low-high range was left out');
    const parts = (
      [
        ['side A', 'deaths_a'],
        ['side B', 'deaths_b'],
        ['civilians', 'deaths_civilians'],
        ['unknown', 'deaths_unknown'],
      ] as const
    ).flatMap(([who, field]) => {
      const n = count(field, 'it was left out of the split of the best estimate');
      return n === undefined ? [] : [`${who} ${n}`];
    });
    if (low !== undefined && high !== undefined && high < low) ctx.problem(where, `the low ${low} is above the high ${high}; the low-high range was left out`, 'warning');
    if (best !== undefined) {
      claims.push({ id: `${id}-deaths-best`, topic: 'deaths', statement: `UCDP's best estimate of deaths${parts.length ? ` (${parts.join(', ')})` : ''}.${dated}`, value: best, unit: 'people', by: 'UCDP', date: claimDate, status: 'claimed', sources: rowSources });
    }
    if (low !== undefined && high !== undefined && high >= low) {
      claims.push({ id: `${id}-deaths-range`, topic: 'deaths', statement: `UCDP's low and high estimates of deaths.${dated}`, value: low, valueMax: high, unit: 'people', by: 'UCDP', date: claimDate, status: 'claimed', sources: rowSources });
    }
    const code = v.type_of_violence?.trim();
    const kind = coded(VIOLENCE, code);
    for (const c of UCDP_RECORD_FIELDS) kept.push([c, v[c]]);
    const record = [
      text(v.id, 60) && `UCDP GED event ${text(v.id, 60)}.`,
      kind && `${kind}.`,
      text(v.conflict_name) && `Conflict: ${text(v.conflict_name)}.`,
      text(v.dyad_name) && `Dyad: ${text(v.dyad_name)}.`,
      text(v.source_article) && `Sources as UCDP records them: ${text(v.source_article)}${/[.!?]$/.test(text(v.source_article)!) ? '' : '.'}`,
      namedFields(kept),
    ]
      .filter(Boolean)
      .join(' ');
    const added = addFeature(ctx, {
      where,
      index: i,
      id,
      layer: kind ? ctx.kindLayer(VIOLENCE_KEY[code!], kind, Number(code)) : ctx.plainLayer(),
      geometry: { type: 'Point', coordinates: [lon, lat] },
      title: `${text(v.dyad_name, 200) ?? text(v.conflict_name, 200) ?? 'Event'}${v.where_coordinates ? `: ${text(v.where_coordinates, 200)}` : ''}`,
      place: placeText([v.where_coordinates, v.adm_2, v.adm_1], v.country),
      country: text(v.country, 200),
      time,
      location: geo ? { basis: 'reported', radiusM: geo.radiusM, note: `${geo.meaning}. The ${geo.radiusM / 1000} km radius is this app's reading of the code, not a figure from UCDP.`, sources: rowSources } : undefined,
      // In one-sided violence (type 3) side B is the civilians attacked, named by the dyad in the record, not a side that carried anything out.
      actors: (code === '3' ? [v.side_a] : [v.side_a, v.side_b]).map((s) => text(s, 200)).filter((s): s is string => !!s),
      sources: rowSources.slice(0, -1),
      record: record || undefined,
      claims,
    });
    if (added && claims.length > 0 && !firstReported) undatedRows++;
  });
  if (undatedRows > 0) {
    const which = table.columns.includes('source_date')
      ? `${undatedRows === 1 ? 'one of its events has' : `${undatedRows} of its events have`} figures without a source_date to date them by`
      : "it has no source_date column to date UCDP's figures by";
    ctx.problem('the file', `${which}, so those figures are dated by the file's last change (${ctx.fileDay}), the day by which the file held them; each figure's statement says so`, 'warning');
  }
  return ctx.result();
}

/**
 * The date of UCDP's figures in a row without a source_date. A claim's date is when it was
 * made or first reported, and the schema requires one; such a row gives neither (its dates
 * are the event's, and the dataset's version is not in the file). The file's last change is
 * the one date true of the figures: UCDP had made them by then. The statement says so, as
 * the reader would otherwise take it for the day UCDP stated them.
 */
const UNDATED_CLAIM = "The file gives no source_date for it; it is dated by the file's last change, by which UCDP had made it.";

/**
 * The sources a row names: one per publisher in `source_office`, which UCDP separates with
 * ";" as ACLED does its `source`, each titled with the row's headline as UCDP gives it (a
 * headline may hold a ";" of its own, so it is not split) and dated by the source_date in
 * the same place when the two lists are as long. A row that names no publisher but a
 * headline or article gives one source, whose publisher is said not to be named.
 */
function rowSourcesOf(ctx: FileContext, v: Record<string, string>, id: string, dates: (string | undefined)[]): string[] {
  const offices = (v.source_office ?? '').split(';').map((s) => text(s, 200)).filter((s): s is string => s !== undefined).slice(0, 20);
  const headline = text(v.source_headline, 300) ?? text(v.source_article, 300);
  if (offices.length === 0 && headline === undefined) return [];
  const title = headline ?? `Source of UCDP GED event ${short(v.id ?? '')}`;
  const publishers = offices.length > 0 ? offices : ['Publisher not named in the file'];
  const single = dates.filter((d): d is string => d !== undefined);
  return publishers.map((publisher, k) => {
    const published = dates.length === publishers.length ? dates[k] : publishers.length === 1 ? single.sort()[0] : undefined;
    return ctx.addSource({ id: k === 0 ? `${id}-source` : `${id}-source-${k + 1}`, publisher, title, ...(published ? { published } : {}), url: '', language: 'und', type: 'dataset' });
  });
}
