/**
 * Plain GeoJSON (RFC 7946) with any properties, and JSON-FG (OGC Features and Geometries
 * JSON): its `time` (date, timestamp, interval) and `place` members.
 */
import type { EventTime } from '../schema';
import { short } from '../validate';
import { FileContext, looksProjected, PROJECTED, text } from './common';
import { eventTime, intervalTime, readDate } from './dates';
import { addFeature, namedSource, otherFields, pick, type Draft } from './feature';
import type { ConvertResult, InputFile } from './types';
import { isObject, type Json } from './json';
import { ownPosition } from './own-location';

export const TITLE_KEYS = ['title', 'name', 'label', 'event', 'headline', 'titre', 'nombre', 'nom'];
/** Names of a start date; `time_local` and `time_end` are this app's own CSV export's columns. */
export const DATE_KEYS = ['date', 'datetime', 'date_time', 'timestamp', 'time', 'when', 'event_date', 'start', 'start_date', 'date_start', 'begin', 'from', 'time_local'];
export const END_KEYS = ['end', 'end_date', 'date_end', 'to', 'until', 'time_end'];
const DESCRIPTION_KEYS = ['description', 'desc', 'notes', 'note', 'comment', 'summary', 'details'];
const PLACE_KEYS = ['place', 'location', 'address', 'locality', 'city', 'town', 'village'];
const SOURCE_KEYS = ['source', 'sources', 'url', 'link', 'source_url'];

/** Coordinate systems that are longitude/latitude on WGS 84, as GeoJSON's old `crs` member or JSON-FG's `coordRefSys` name them. */
const WGS84 = /(CRS84|EPSG(::|\/0\/|:)4326|OGC.*CRS84h?)$/i;

/** Why a declared coordinate system cannot be read, or undefined when it is WGS 84 or none is declared. */
export function crsProblem(json: Json): string | undefined {
  const crs = json.crs;
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : json.coordRefSys;
  if (crs === undefined && json.coordRefSys === undefined) return undefined;
  if (typeof name === 'string' && WGS84.test(name)) return undefined;
  return `it declares the coordinate system ${short(JSON.stringify(name ?? crs) ?? '?')}, and the app reads only WGS 84 longitude/latitude (RFC 7946); reproject it, e.g. with ogr2ogr -t_srs EPSG:4326`;
}

/** How a coordinate system orders its axes, for JSON-FG's `place`: longitude first (CRS84), latitude first (EPSG:4326), or another system. */
function axesOf(name: unknown): 'lonlat' | 'latlon' | 'other' {
  if (name === undefined) return 'lonlat';
  if (typeof name !== 'string' || !WGS84.test(name)) return 'other';
  return /4326$/.test(name) ? 'latlon' : 'lonlat';
}

/** A geometry with each position's first two numbers swapped (latitude, longitude to longitude, latitude). */
function swapAxes(g: unknown): unknown {
  const swap = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? [c[1], c[0], ...c.slice(2)] : Array.isArray(c) ? c.map(swap) : c);
  if (!isObject(g)) return g;
  if (Array.isArray(g.geometries)) return { ...g, geometries: g.geometries.map(swapAxes) };
  return { ...g, coordinates: swap(g.coordinates) };
}

/** Whether every position of a geometry lies within longitude and latitude's ranges. */
function inLonLat(g: unknown): boolean {
  const ok = (c: unknown): boolean => (Array.isArray(c) && typeof c[0] === 'number' ? Math.abs(c[0]) <= 180 && Math.abs(c[1] as number) <= 90 : Array.isArray(c) && c.every(ok));
  return isObject(g) && (Array.isArray(g.geometries) ? g.geometries.every(inLonLat) : ok(g.coordinates));
}

/**
 * A JSON-FG feature's shape in WGS 84 longitude/latitude, or why it has none. JSON-FG's
 * `geometry` is always WGS 84 longitude/latitude (RFC 7946), whatever `coordRefSys` says;
 * `place` is in `coordRefSys` (the feature's, else the file's, else CRS84), in that system's
 * axis order: EPSG:4326 gives latitude first, and read as longitude first a point in Kerman
 * landed in Russia. A geometry whose numbers are no longitude and latitude (projected metres
 * put there by mistake) is left out naming the system, as a `place` in another system is.
 */
function jsonFgShape(f: Json, fileCrs: unknown): { geometry?: unknown; problem?: string } {
  const crs = f.coordRefSys ?? fileCrs;
  const axes = axesOf(crs);
  if (isObject(f.geometry) && (axes !== 'other' || inLonLat(f.geometry))) return { geometry: f.geometry };
  if (axes === 'other') return { problem: crsProblem({ coordRefSys: crs }) };
  if (isObject(f.place)) return { geometry: axes === 'latlon' ? swapAxes(f.place) : f.place };
  return {};
}

const FG_TIME = 'From the JSON-FG "time" member';

/**
 * A JSON-FG `time` member as the feature's time: its interval (either end may be "..",
 * open), else its timestamp or date. `unread` holds the member's text when it is there but
 * none of it can be read, for a warning; a member open at both ends gives neither.
 */
function jsonFgTime(t: unknown, sources: string[]): { time?: EventTime; unread?: string } {
  if (t === undefined || t === null) return {};
  if (isObject(t) && Array.isArray(t.interval) && t.interval.length === 2) {
    // null: an open end; undefined: an end that cannot be read.
    const [a, b] = t.interval.map((x) => (x === '..' ? null : readDate(x)));
    if (a === undefined || b === undefined) return { unread: JSON.stringify(t.interval) };
    return { time: intervalTime(a ?? undefined, b ?? undefined, sources, FG_TIME) };
  }
  const one = isObject(t) ? (readDate(t.timestamp) ?? readDate(t.date)) : undefined;
  return one ? { time: eventTime(one, undefined, sources, `${FG_TIME}.`) } : { unread: JSON.stringify(t) };
}

/**
 * The time a feature's properties give, from the usual keys. `warn` hears of a start or an
 * end that is there but cannot be read (the value is then left among the record's fields).
 */
export function timeFromProperties(props: Json, sources: string[], used: Set<string>, warn?: (message: string) => void): EventTime | undefined {
  const start = pick(props, DATE_KEYS);
  if (!start) return undefined;
  const startDate = readDate(start.value);
  if (!startDate) {
    warn?.(`its "${short(start.key)}" value ${short(JSON.stringify(start.value))} is not a date the app can read (use YYYY-MM-DD); the feature was added without a time`);
    return undefined;
  }
  used.add(start.key);
  const end = pick(props, END_KEYS);
  const endDate = end ? readDate(end.value) : undefined;
  if (end && endDate) used.add(end.key);
  else if (end) warn?.(`its "${short(end.key)}" value ${short(JSON.stringify(end.value))} is not a date the app can read, so its time is its "${short(start.key)}" alone`);
  return eventTime(startDate, endDate, sources, `From the "${start.key}" field.`);
}

/**
 * A draft from a GeoJSON feature's properties, whatever they are called: title, date,
 * description, place, country, actors and sources from the usual names; every other simple
 * field is kept in the record claim's text.
 */
export function draftFromProperties(ctx: FileContext, raw: Json, index: number, extra: Partial<Draft> = {}): Draft {
  const props = isObject(raw.properties) ? raw.properties : {};
  const used = new Set<string>(['id', 'layer']);
  const take = (keys: readonly string[]) => {
    const hit = pick(props, keys);
    if (hit) used.add(hit.key);
    return hit?.value;
  };
  const title = take(TITLE_KEYS);
  const description = take(DESCRIPTION_KEYS);
  const place = take(PLACE_KEYS);
  const country = take(['country']);
  const sourceText = take(SOURCE_KEYS);
  const sources = sourceText ? sourceText.split(/\s*[;\n]\s*/).filter(Boolean).slice(0, 20).map((s) => namedSource(ctx, s)) : [];
  const cited = [...sources, ctx.fileSource.id];
  let timeWarning: string | undefined;
  const fg = jsonFgTime(raw.time, cited);
  const time = fg.time ?? timeFromProperties(props, cited, used, (m) => (timeWarning = m));
  if (fg.unread) timeWarning = `its JSON-FG "time" member ${short(fg.unread)} is not a time the app can read (RFC 3339 dates and timestamps, ".." for an open end); ${time ? 'its time comes from its properties' : 'the feature was added without a time'}`;
  const actors = Array.isArray(props.actors) ? props.actors.flatMap((a) => (text(a, 200) ? [text(a, 200)!] : [])) : [];
  if (actors.length) used.add('actors');
  const position = ownPosition(props, cited, used);
  const rest = otherFields(props, used);
  const id = raw.id ?? props.id;
  const label = `feature ${index + 1}${text(id, 40) ? ` (${text(id, 40)})` : ''}`;
  return {
    where: label,
    index,
    ownId: id,
    geometry: raw.geometry ?? undefined,
    title,
    place,
    country,
    time,
    actors,
    sources,
    timeWarning,
    record: [description, rest && `Fields in the file: ${rest}`].filter(Boolean).join(' ') || undefined,
    ...position,
    ...extra,
  };
}

/** Converts the features of a GeoJSON or JSON-FG FeatureCollection (or a single Feature). */
export function convertGeoJson(input: InputFile, json: unknown, format = 'GeoJSON', publisher = input.name): ConvertResult {
  if (!isObject(json)) return { file: input.name, refused: 'it is not a GeoJSON FeatureCollection or Feature' };
  const features = json.type === 'Feature' ? [json] : json.features;
  if (!Array.isArray(features)) return { file: input.name, refused: 'it is not a GeoJSON FeatureCollection: it has no list of "features"' };
  // The old GeoJSON `crs` member applies to every geometry; JSON-FG's `coordRefSys` only to `place` (see `jsonFgShape`).
  const crs = crsProblem({ crs: json.crs });
  if (crs) return { file: input.name, refused: crs };
  const ctx = new FileContext(input, 'conformsTo' in json || 'coordRefSys' in json ? 'JSON-FG' : format, publisher);
  features.forEach((f, i) => {
    if (!isObject(f) || f.type !== 'Feature') return ctx.problem(`feature ${i + 1}`, 'left out: it is not a GeoJSON Feature');
    const shape = jsonFgShape(f, json.coordRefSys);
    if (shape.problem) return ctx.problem(`feature ${i + 1}`, `left out: ${shape.problem}`);
    addFeature(ctx, draftFromProperties(ctx, { ...f, geometry: shape.geometry ?? null }, i));
  });
  if (looksProjected(ctx)) return { file: input.name, refused: PROJECTED };
  return ctx.result();
}
