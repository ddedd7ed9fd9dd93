/**
 * What the GeoJSON export adds so that other tools read it without knowing this app:
 * JSON-FG `time` and `place` on each feature, flat time and actor fields that GDAL, QGIS
 * and spreadsheets show as plain columns, and the schema version. Kept apart from
 * `export.ts` so the export's own structure and these additions change independently.
 */
import type { EventTime, Originator } from './schema';
import { packed } from './lists';
import { zoneOffset } from './time';
import { timeWindow } from './uncertainty';

/**
 * Version of the export format. Files without `schemaVersion` are version 1 (actors as a
 * list of names, no JSON-FG members). Version 2 adds the JSON-FG members, the flat fields
 * below, actors as `{ name }` records and the cited originators. Version 3 writes each
 * source once, in the file's `sources` catalogue, and cites it by id; versions 1 and 2
 * embed the whole source record in every citation. Members added since to version 3
 * (`titles`, `timeZones`, `routes`, `relationTypes`, `calendars`) are optional: a file
 * without them reads as before, and an app that does not know them reads the rest, so they
 * need no new version, which an older app would refuse whole.
 */
export const EXPORT_SCHEMA_VERSION = 3;

/** The JSON-FG conformance class the export follows (OGC 21-045, draft 0.2, core). */
export const JSON_FG_CORE = 'http://www.opengis.net/spec/json-fg-1/0.2/conf/core';

/** JSON-FG `time`: UTC instants as RFC 3339 text ending in Z, an interval as [start, end]. */
export interface JsonFgTime {
  timestamp?: string;
  interval: [string, string];
}

/** Fields derived from the time and the actors, written flat so GDAL reads them as columns; the importer ignores them. */
export interface FlatFields {
  /** Start of the time window, UTC (GDAL reads it as a DateTime). */
  timeStart?: string;
  /** End of the time window, UTC: the first instant after it. */
  timeEnd?: string;
  /** The local zone the time was reported in, as in `time.zone` (e.g. IRST). */
  timeZone?: string;
  /** That zone's offset from UTC, e.g. +03:30. */
  utcOffset?: string;
  /** The actors as one line of text, "A; B", for tools that show one value per column. */
  actorsText: string;
}

/** An actor as the export writes it: a record, not a bare string, because GDAL cannot convert a list of strings to FlatGeobuf or Shapefile. */
export interface ExportedActor {
  name: string;
}

const DAY_MS = 86_400_000;
/** The last largest instant written the quick way: 9999-12-31T23:59:59Z. */
const LAST_QUICK = 253_402_300_799_000;
/** "YYYY-MM-DDT" by day number since 1970, filled as exports ask (events share days). */
const dayTexts = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * "2024-01-03T11:30:00Z": RFC 3339 in UTC, without the milliseconds the data never has.
 * An export writes two or three per feature, so whole seconds from 1970 to 9999 are put
 * together from a remembered day text and the time of day, without a Date each; anything
 * else is written by `toISOString` as before (and an invalid time still throws).
 */
export function utcText(ms: number): string {
  if (!(ms >= 0 && ms <= LAST_QUICK) || ms % 1000 !== 0) return new Date(ms).toISOString().replace('.000Z', 'Z');
  const day = Math.floor(ms / DAY_MS);
  let date = dayTexts.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayTexts.size >= 100_000) dayTexts.clear();
    dayTexts.set(day, date);
  }
  const s = (ms - day * DAY_MS) / 1000;
  return `${date}${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}Z`;
}

/** A time window's ends as UTC texts (`utcText`). */
export interface UtcWindow {
  start: string;
  end: string;
}

/**
 * The UTC texts of an event's time window, or undefined for an undated place. Worked out
 * once per feature by the writers, which put them in both the JSON-FG `time` and the flat
 * fields (or a KML TimeSpan and its data).
 */
export function utcWindowOf(t: EventTime | undefined): UtcWindow | undefined {
  const w = t && timeWindow(t);
  return w ? { start: utcText(w.start), end: utcText(w.end) } : undefined;
}

/**
 * The JSON-FG `time` of an event: the interval its time window covers (a reported minute,
 * hour or local day, or a window between two reported times), plus `timestamp` when a
 * single minute was reported. Null for undated places, as JSON-FG asks for a present member.
 * `utc`, the window's texts, when the caller has them already.
 */
export function jsonFgTime(t: EventTime | undefined, utc = utcWindowOf(t)): JsonFgTime | null {
  if (!t || !utc) return null;
  const interval: [string, string] = [utc.start, utc.end];
  return t.precision === 'minute' && !t.end ? { timestamp: interval[0], interval } : { interval };
}

/** The flat fields of a feature's time and actors; `utc`, the time window's texts, when the caller has them already. */
export function flatFields(t: EventTime | undefined, actors: readonly string[], utc = utcWindowOf(t)): FlatFields {
  const offset = t && (localOffset(t.local) ?? zoneOffset(t.zone, t.local));
  const out = {} as FlatFields;
  if (utc) {
    out.timeStart = utc.start;
    out.timeEnd = utc.end;
  }
  if (t) out.timeZone = t.zone;
  if (offset) out.utcOffset = offset;
  out.actorsText = actors.join('; ');
  return out;
}

function localOffset(local: string): string | undefined {
  const m = /(Z|[+-]\d{2}:\d{2})$/.exec(local);
  if (!m || !local.includes('T')) return undefined;
  return m[1] === 'Z' ? '+00:00' : m[1];
}

/** The actors as export records. */
export const exportActors = (actors: readonly string[]): ExportedActor[] => actors.map((name) => ({ name }));

/** The originators the given sources name, for the export's `originators` member, by id so the file does not depend on catalogue order. */
export function citedOriginators(originators: ReadonlyMap<string, Originator>, sources: Iterable<{ originator?: string }>): Originator[] {
  const ids = new Set<string>();
  for (const s of sources) if (s.originator) ids.add(s.originator);
  return [...ids]
    .sort()
    .flatMap((id) => {
      const o = originators.get(id);
      return o ? [{ id: o.id, name: o.name, type: o.type }] : [];
    });
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A feature of an export without what the export derived (JSON-FG members, flat fields,
 * `layerTitle`), its actor records turned back into names, as `geodata/` holds them.
 * Copies the feature and its properties rather than deleting members: a deleted member
 * turns a V8 object into a slow dictionary, and every later step (validation, the copy
 * to the page) pays for it on each of 100,000 features. Rest destructuring defines the
 * copied members, so a `__proto__` member stays a plain member. Version 1 files pass
 * through unchanged. Anything unexpected is left for validation to name.
 */
export function plainFeature(f: Json): Json {
  const { time: _time, place: _place, ...feature } = f;
  if (!isObject(feature.properties)) return feature;
  // The members of FlatFields, `layerTitle`, and the Persian title of exports before per-language titles
  // (a unit test checks that nothing the export adds is left on).
  const { timeStart: _s, timeEnd: _e, timeZone: _z, utcOffset: _o, actorsText: _a, layerTitle: _l, titleFa, ...properties } = feature.properties;
  if (typeof titleFa === 'string' && properties.titles === undefined) properties.titles = { fa: titleFa };
  if (Array.isArray(properties.actors)) {
    properties.actors = packed(properties.actors as unknown[], (a) => (isObject(a) && typeof a.name === 'string' ? a.name : a));
  }
  feature.properties = properties;
  return feature;
}

/** Why a file's `schemaVersion` cannot be read by this app, or undefined when it can. */
export function schemaVersionProblem(version: unknown): string | undefined {
  if (version === undefined) return undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return `"schemaVersion" must be a whole number (got ${JSON.stringify(version)?.slice(0, 40)})`;
  if (version > EXPORT_SCHEMA_VERSION) return `was written by a newer version of the app (export schema ${version}); this one reads up to schema ${EXPORT_SCHEMA_VERSION}`;
  return undefined;
}
