import type { Geometry, Position } from 'geojson';
import type { Claim, EventTime, LocationInfo, Source } from '../schema';
import { isHttpUrl, short } from '../validate';
import { FileContext, geometryProblem, slug, text, TEXT_MAX, unstatedLocation } from './common';

/** What a converter knows of one feature before it is checked and given an id. */
export interface Draft {
  /** Where the feature is in the file, for messages: "line 12", "feature 3". */
  where: string;
  index: number;
  /** An id already taken with `ctx.featureId` (when claims need it first). */
  id?: string;
  ownId?: unknown;
  idPrefix?: string;
  /** Its layer, when the format sorts features by kind (`ctx.kindLayer`); else the file's own. */
  layer?: string;
  geometry: unknown;
  title?: string;
  place?: string;
  country?: string;
  time?: EventTime;
  location?: LocationInfo;
  actors?: string[];
  /** Sources the row names; the file itself is cited besides them. */
  sources?: string[];
  /** What the file records about the feature, in words: the record claim's statement. */
  record?: string;
  /** When the record was made, where the file says (ACLED's `timestamp`, which changes with each update of the event); else the file's day. */
  recordDate?: string;
  claims?: Claim[];
  /** A time the file gives but the app cannot read (or reads only in part), as a warning's words. */
  timeWarning?: string;
  /** What the report should say of the feature, once it is added, under its `where` (set last by some converters). */
  warnings?: string[];
}

/**
 * Checks a draft's geometry and adds it to the file's layer with a unique id, the record
 * claim and, where the draft has none, a position note saying its precision is not stated.
 * Returns the id, or undefined when the feature was left out (with a problem naming it).
 */
export function addFeature(ctx: FileContext, d: Draft): string | undefined {
  let outside: Position | undefined;
  const why = geometryProblem(d.geometry, (p) => (outside = p));
  if (why) {
    if (outside) ctx.outOfRange(d.where, `left out: it ${why}`, outside);
    else ctx.problem(d.where, `left out: it ${why}`);
    return undefined;
  }
  const id = d.id ?? ctx.featureId(d.ownId, d.index, d.idPrefix);
  const sources = [...new Set([...(d.sources ?? []), ctx.fileSource.id])];
  const title = d.title ?? `${ctx.layer.title} ${d.index + 1}`;
  const record = d.record ?? `Listed in ${ctx.file} as "${title}".`;
  ctx.features.push({
    type: 'Feature',
    id,
    geometry: d.geometry as Geometry,
    properties: {
      title,
      layer: d.layer ?? ctx.plainLayer(),
      country: d.country ?? 'not stated in the file',
      place: d.place ?? `not named in ${ctx.file}`,
      ...(d.time ? { time: d.time } : {}),
      location: d.location ?? unstatedLocation(sources),
      actors: d.actors ?? [],
      claims: [ctx.recordClaim(id, record, sources, d.recordDate), ...(d.claims ?? [])],
    },
  });
  if (d.timeWarning) ctx.problem(d.where, d.timeWarning, 'warning');
  for (const w of d.warnings ?? []) ctx.problem(d.where, w, 'warning');
  ctx.tieWarnings(d.where, id);
  return id;
}

/**
 * A source named by a row: a web page when the text is an http(s) URL, else a publisher
 * known only by name. Neither says what kind of publisher it is, so both are of type "dataset".
 */
export function namedSource(ctx: FileContext, name: string, title?: string, published?: string): string {
  const known = ctx.named.get(name);
  if (known !== undefined) return known;
  const url = isHttpUrl(name) ? name : '';
  const publisher = url ? new URL(url).hostname : short(name);
  const s: Source = {
    id: `${ctx.layer.id}-src-${slug(url || name).slice(0, 60) || 'x'}`.replace(/-+$/, ''),
    publisher,
    title: text(title, 300) ?? (url ? short(url) : `Named as a source in ${short(ctx.file)}`),
    ...(published ? { published } : {}),
    url,
    language: 'und',
    type: 'dataset',
  };
  const id = ctx.addSource(s);
  ctx.named.set(name, id);
  return id;
}

/** Keys whose values a converter already used, so the "other fields" list leaves them out. */
export type UsedKeys = ReadonlySet<string>;

/** The remaining simple fields of a record as "key: value; …", so nothing the file says is lost. */
export function otherFields(props: Record<string, unknown>, used: UsedKeys): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (used.has(k.toLowerCase()) || k.startsWith('_')) continue;
    const s = typeof v === 'boolean' ? String(v) : text(v, 300);
    if (s !== undefined) parts.push(`${short(k)}: ${s}`);
  }
  const all = parts.join('; ');
  return all.length > TEXT_MAX ? `${all.slice(0, TEXT_MAX)}…` : all;
}

/**
 * Named fields as the record gives them: "Fields in the file: key: value; …." for those with
 * text, in the order given; undefined when none has any.
 */
export function namedFields(pairs: readonly (readonly [string, string | undefined])[]): string | undefined {
  const parts: string[] = [];
  for (const [k, v] of pairs) {
    const s = text(v, 300);
    if (s !== undefined) parts.push(`${k}: ${s}`);
  }
  return parts.length > 0 ? `Fields in the file: ${parts.join('; ')}.` : undefined;
}

/** The first of several keys (case-insensitive) that holds text. */
export function pick(props: Record<string, unknown>, keys: readonly string[]): { key: string; value: string } | undefined {
  const lower = new Map(Object.keys(props).map((k) => [k.toLowerCase(), k]));
  for (const k of keys) {
    const real = lower.get(k);
    const v = real !== undefined ? text(props[real]) : undefined;
    if (v !== undefined) return { key: k, value: v };
  }
  return undefined;
}
