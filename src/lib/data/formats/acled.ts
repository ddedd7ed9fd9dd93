/**
 * ACLED (Armed Conflict Location & Event Data) CSV exports, with ACLED's own column names.
 *
 * Precision codes, as ACLED's codebook defines them (https://acleddata.com/knowledge-base/codebook/):
 * - `geo_precision` 1: the source names a town and the coordinates are that town's; 2: the
 *   event happened near a town or in a small part of a region, coded to a town that stands
 *   for the area; 3: only a larger region is named, coded to a natural location in it or to
 *   the provincial capital.
 * - `time_precision` 1: the source gives the day; 2: only "sometime during the week" or a
 *   similar span; 3: only the month, coded to the month's mid-point.
 * The radii and windows below are this app's reading of those codes, not ACLED's figures,
 * and every feature's notes say so.
 */
import type { Claim } from '../schema';
import { coded, dayTime, FileContext, isoDay, placeText, slug, text } from './common';
import { cellOf, coordinatesProblem, type CsvTable, notACode, notACount, PROGRESS_ROWS, readCount, readNumber, rowWhere, SeenIds, tableColumnOrder, tableProblems } from './csv';
import type { OnProgress } from '../import';
import { addDays, orderDecided, readInColumn } from './dates';
import { addFeature, namedFields, namedSource } from './feature';
import type { ConvertResult, InputFile } from './types';
import { short } from '../validate';

/** True when a CSV has ACLED's columns. */
export const isAcled = (columns: string[]) => ['event_id_cnty', 'event_date', 'geo_precision', 'latitude', 'longitude'].every((c) => columns.includes(c));

/** `geo_precision` → radius in metres and what the code means. */
export const ACLED_GEO: Record<string, { radiusM: number; meaning: string }> = {
  '1': { radiusM: 5_000, meaning: 'ACLED geo_precision 1: the source names a town and these are its coordinates' },
  '2': { radiusM: 25_000, meaning: 'ACLED geo_precision 2: the event took place near this town or in a small part of the region around it' },
  '3': { radiusM: 100_000, meaning: 'ACLED geo_precision 3: only a larger region is named; the point is a place standing for it (often the provincial capital)' },
};

/** `time_precision` → days before and after the coded date, and what the code means; 3 takes the whole month. */
export const ACLED_TIME: Record<string, { meaning: string; days?: number }> = {
  '1': { meaning: 'ACLED time_precision 1: the source gives the day.' },
  '2': { meaning: 'ACLED time_precision 2: the source says only that it happened during a week or a similar span; the app reads this as three days either side of the coded date.', days: 3 },
  '3': { meaning: 'ACLED time_precision 3: the source gives only the month (ACLED codes its mid-point); the app shows the whole month.' },
};

/**
 * ACLED's six event types, in the order its codebook (2023 and 2024 editions) lists them
 * (https://acleddata.com/knowledge-base/codebook/): each becomes a layer of its own, keyed
 * by the type in lower case (files write "Strategic developments" and "Strategic Developments").
 */
export const ACLED_EVENT_TYPES = ['Battles', 'Protests', 'Riots', 'Explosions/Remote violence', 'Violence against civilians', 'Strategic developments'];
const EVENT_TYPE_RANK = new Map(ACLED_EVENT_TYPES.map((t, i) => [t.toLowerCase(), i]));

/** The layer of a row's `event_type`: its type's, or the file's own for a type not in the codebook. */
function eventTypeLayer(ctx: FileContext, eventType: string | undefined): string {
  const key = eventType?.trim().toLowerCase() ?? '';
  const rank = EVENT_TYPE_RANK.get(key);
  return rank === undefined ? ctx.plainLayer() : ctx.kindLayer(slug(key), ACLED_EVENT_TYPES[rank], rank);
}

/** ACLED's columns that nothing else on the feature shows, kept in its record as the file gives them. */
const ACLED_RECORD_FIELDS = ['inter1', 'inter2', 'interaction', 'iso', 'region', 'year'];

const split = (s: string | undefined) => (s ?? '').split(';').map((x) => x.trim()).filter(Boolean);

/** `format`: "ACLED CSV", or "ACLED JSON" for the records of its API (see `records.ts`). */
export function convertAcled(input: InputFile, table: CsvTable, onRow?: OnProgress, format = 'ACLED CSV'): ConvertResult {
  const ctx = new FileContext(input, format, 'ACLED');
  tableProblems(ctx, table, (cells) => {
    const id = cellOf(table, cells, 'event_id_cnty');
    return id ? ` (${short(id)})` : '';
  });
  const dateOrder = tableColumnOrder(table, 'event_date');
  const decided = orderDecided(dateOrder);
  if (decided) ctx.problem('column “event_date”', decided, 'warning');
  const seen = new SeenIds();
  let unstampedRows = 0;
  table.rows.forEach((row, i) => {
    if (onRow && i % PROGRESS_ROWS === 0) onRow(i, table.rows.length);
    const v = row.values();
    const where = `${rowWhere(table, row.line)}${v.event_id_cnty ? ` (${short(v.event_id_cnty)})` : ''}`;
    const lat = readNumber(v.latitude);
    const lon = readNumber(v.longitude);
    if (lat === undefined || lon === undefined) return ctx.problem(where, coordinatesProblem('latitude', v.latitude, 'longitude', v.longitude)!);
    const sources = [...split(v.source).slice(0, 20).map((s) => namedSource(ctx, s)), ctx.fileSource.id];
    const { date: day, note: orderNote, unsettled } = readInColumn(v.event_date, dateOrder, 'event_date');
    if (!day) ctx.problem(where, `the event_date ${short(JSON.stringify(v.event_date ?? ''))} ${unsettled ?? 'is not a date'}; the event was added without a time`, 'warning');
    const tp = coded(ACLED_TIME, v.time_precision);
    // Fields the record keeps as the file gives them: the columns nothing else shows, and any value the converter could not use.
    const kept: [string, string | undefined][] = [];
    if (!day) kept.push(['event_date', v.event_date]);
    const tpGiven = v.time_precision?.trim();
    if (!tp && tpGiven) {
      ctx.problem(where, notACode('time_precision', tpGiven, 'ACLED', '1, 2 or 3', "the date's precision is not known"), 'warning');
      kept.push(['time_precision', tpGiven]);
    }
    const unstatedTime = tpGiven ? `The file's time_precision ${JSON.stringify(short(tpGiven))} is not a code in ACLED's codebook, so the date's precision is not known.` : "The file does not state the date's precision (time_precision).";
    let time;
    if (day) {
      const meaning = (m: string) => (orderNote ? `${m} ${orderNote}` : m);
      if (tp?.days) time = dayTime(addDays(day.day, -tp.days), addDays(day.day, tp.days), meaning(tp.meaning), sources);
      else if (v.time_precision?.trim() === '3') {
        const [y, m] = day.day.split('-').map(Number);
        time = dayTime(`${day.day.slice(0, 7)}-01`, isoDay(Date.UTC(y, m, 0)), meaning(tp!.meaning), sources);
      } else time = dayTime(day.day, undefined, meaning(tp?.meaning ?? unstatedTime), sources);
    }
    const geo = coded(ACLED_GEO, v.geo_precision);
    const geoGiven = v.geo_precision?.trim();
    if (!geo && geoGiven) {
      ctx.problem(where, notACode('geo_precision', geoGiven, 'ACLED', '1, 2 or 3', "the position's precision is shown as not stated"), 'warning');
      kept.push(['geo_precision', geoGiven]);
    }
    const stamp = readNumber(v.timestamp);
    const stamped = stamp !== undefined && stamp > 0 && stamp < 1e11;
    const claimDate = stamped ? isoDay(stamp * 1000) : ctx.fileDay;
    const idBase = ctx.featureId(v.event_id_cnty, i, 'acled', false);
    const repeated = seen.repeat('event_id_cnty', v.event_id_cnty, slug(v.event_id_cnty ?? ''), rowWhere(table, row.line), idBase);
    if (repeated) ctx.problem(where, repeated, 'warning');
    const claims: Claim[] = [];
    const deaths = readCount(v.fatalities);
    if (deaths === null) {
      ctx.problem(where, notACount('fatalities', v.fatalities!, 'no deaths claim was made from it'), 'warning');
      kept.push(['fatalities', v.fatalities]);
    } else if (deaths !== undefined) {
      claims.push({ id: `${idBase}-deaths`, topic: 'deaths', statement: `Fatalities as coded by ACLED from the sources it names.${stamped ? '' : ` ${UNSTAMPED_CLAIM}`}`, value: deaths, unit: 'people', by: 'ACLED', date: claimDate, status: 'claimed', sources });
    }
    const kind = [v.disorder_type, v.event_type, v.sub_event_type].map((s) => text(s, 200)).filter(Boolean).join(' > ');
    // ACLED's second actor is the other side of the event, often its target ("Civilians (Iran)"): named in the record, not among those who carried it out.
    const otherParty = [...split(v.actor2), ...split(v.assoc_actor_2)].map((a) => short(a));
    const extra = [otherParty.length > 0 && `Other party (actor2): ${otherParty.join('; ')}.`, v.civilian_targeting && `Civilian targeting: ${text(v.civilian_targeting, 200)}.`, v.source_scale && `Source scale: ${text(v.source_scale, 200)}.`, v.tags && `Tags: ${text(v.tags, 500)}.`];
    // A window (time_precision 2 or 3) replaces the day ACLED coded; the record keeps that day as ACLED gives it.
    const codedDay = day && tp && tpGiven !== '1' ? `event_date ${text(v.event_date, 60)} (ACLED time_precision ${tpGiven}).` : undefined;
    for (const c of ACLED_RECORD_FIELDS) kept.push([c, v[c]]);
    // ACLED's own id, as researchers cite it, in the record: shown in the panel and found by the search (the map's id is lowercased and prefixed).
    const record = [text(v.event_id_cnty, 60) && `ACLED event ${text(v.event_id_cnty, 60)}.`, kind && `${kind}.`, text(v.notes), codedDay, ...extra, namedFields(kept)].filter(Boolean).join(' ');
    const added = addFeature(ctx, {
      where,
      index: i,
      id: idBase,
      layer: eventTypeLayer(ctx, v.event_type),
      geometry: { type: 'Point', coordinates: [lon, lat] },
      title: `${text(v.sub_event_type, 200) ?? text(v.event_type, 200) ?? 'Event'}${v.location ? ` in ${text(v.location, 200)}` : ''}`,
      place: placeText([v.location, v.admin3, v.admin2, v.admin1], v.country),
      country: text(v.country, 200),
      time,
      location: geo
        ? { basis: 'reported', radiusM: geo.radiusM, note: `${geo.meaning}. The ${geo.radiusM / 1000} km radius is this app's reading of the code, not a figure from ACLED.`, sources }
        : undefined,
      actors: [...split(v.actor1), ...split(v.assoc_actor_1)].map((a) => short(a)),
      sources,
      record: record || undefined,
      recordDate: claimDate,
      claims,
    });
    if (added && claims.length > 0 && !stamped) unstampedRows++;
  });
  if (unstampedRows > 0) {
    ctx.problem('the file', `${unstampedRows === 1 ? 'one of its events has' : `${unstampedRows} of its events have`} fatalities without a timestamp to date ACLED's coding by, so those figures are dated by the file's last change (${ctx.fileDay}); each figure's statement says so`, 'warning');
  }
  return ctx.result();
}

/** The date of a deaths claim whose row has no `timestamp`: the file's last change, by which ACLED had coded it; said, as it is not the day ACLED coded it. */
const UNSTAMPED_CLAIM = "The file gives no timestamp for it; it is dated by the file's last change, by which ACLED had coded it.";
