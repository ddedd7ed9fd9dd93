/**
 * Forensic Architecture's TimeMap data, as its datasheet-server exports it: three JSON files
 * picked together. `events` is a list of `{id, description, date, time, location, latitude,
 * longitude, category, associations, sources}` (dates MM/DD/YYYY by TimeMap's default
 * DATE_FMT, or ISO); `sources` maps ids to `{id, title, type, url, paths, date, description}`;
 * `associations` lists `{id, title, desc, mode, filter_paths}` (filters and narratives).
 */
import { isHttpUrl, short } from '../validate';
import { FileContext, looksProjected, PROJECTED, slug, text } from './common';
import { eventTime, readDate } from './dates';
import { addFeature } from './feature';
import { readNumber } from './csv';
import type { ConvertResult, InputFile } from './types';
import { isObject, type Json, list } from './json';

/** Which TimeMap file a parsed JSON value is, if any. */
export function timemapKind(json: unknown): 'events' | 'sources' | 'associations' | undefined {
  const items = Array.isArray(json) ? json : isObject(json) ? Object.values(json) : [];
  const first = items.find(isObject);
  if (!first) return undefined;
  if ('paths' in first && Array.isArray(first.paths)) return 'sources';
  if ('filter_paths' in first || ('mode' in first && 'title' in first && Array.isArray(json))) return 'associations';
  if (Array.isArray(json) && ('latitude' in first || 'longitude' in first) && ('description' in first || 'date' in first)) return 'events';
  return undefined;
}

export interface TimemapFiles {
  events: { input: InputFile; json: unknown };
  sources?: { input: InputFile; json: unknown };
  associations?: { input: InputFile; json: unknown };
}

export function convertTimemap(files: TimemapFiles): ConvertResult {
  const { input } = files.events;
  const ctx = new FileContext(input, 'TimeMap', input.name);
  const sourceIds = new Map<string, string>();
  const rawSources = files.sources ? (Array.isArray(files.sources.json) ? files.sources.json : isObject(files.sources.json) ? Object.values(files.sources.json) : []) : [];
  for (const s of rawSources) {
    if (!isObject(s) || !text(s.id, 200)) continue;
    const url = isHttpUrl(s.url) ? (s.url as string) : '';
    // A month or a year is no day of publication (read as its first day, it would say more than the file).
    const published = readDate(s.date, 'mdy');
    const id = ctx.addSource({
      id: `${ctx.layer.id}-src-${slug(text(s.id, 200)!).slice(0, 60) || 'x'}`.replace(/-+$/, ''),
      publisher: text(s.author, 200) ?? (url ? new URL(url).hostname : text(s.type, 200) ?? 'not named in the file'),
      title: text(s.title, 300) ?? text(s.description, 300) ?? `TimeMap source ${short(text(s.id, 200)!)}`,
      ...(published && !published.lastDay ? { published: published.day } : {}),
      url,
      language: 'und',
      type: 'dataset',
    });
    sourceIds.set(text(s.id, 200)!, id);
  }
  const associations = new Map<string, string>();
  for (const a of list(files.associations?.json)) if (isObject(a) && text(a.id, 200)) associations.set(text(a.id, 200)!, text(a.title, 200) ?? text(a.id, 200)!);

  list(files.events.json).forEach((e, i) => {
    const where = `event ${i + 1}${isObject(e) && text(e.id, 40) ? ` (${text(e.id, 40)})` : ''}`;
    if (!isObject(e)) return ctx.problem(where, 'left out: it is not an object');
    const lat = readNumber(text(e.latitude));
    const lon = readNumber(text(e.longitude));
    if (lat === undefined || lon === undefined) return ctx.problem(where, 'left out: it has no latitude and longitude (TimeMap shows such events only on its timeline)');
    const cited = list(e.sources).flatMap((s) => {
      const key = text(s, 200);
      if (key === undefined) return [];
      if (!sourceIds.has(key)) ctx.problem(where, `cites source ${short(key)}, which is not in the sources file${files.sources ? '' : ' (no sources file was picked)'}`, 'warning');
      return sourceIds.has(key) ? [sourceIds.get(key)!] : [];
    });
    const sources = [...new Set([...cited, ctx.fileSource.id])];
    const day = readDate(e.date, 'mdy');
    const clock = text(e.time, 20);
    const timed = clock !== undefined && /^\d{1,2}:\d{2}$/.test(clock);
    const time = day ? eventTime(timed ? { ...day, clockWithoutZone: clock } : day, undefined, sources, timed ? "From the event's date and time." : "From the event's date.") : undefined;
    const assoc = list(e.associations).flatMap((a) => (text(a, 200) ? [associations.get(text(a, 200)!) ?? text(a, 200)!] : []));
    const description = text(e.description);
    addFeature(ctx, {
      where,
      index: i,
      ownId: e.id,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      title: description ? short(description.split(/[.\n]/)[0]) : undefined,
      place: text(e.location, 200),
      time,
      sources: cited,
      record: [description, text(e.category, 200) && `Category: ${text(e.category, 200)}.`, assoc.length ? `Associations: ${assoc.join(', ')}.` : ''].filter(Boolean).join(' ') || undefined,
    });
  });
  if (looksProjected(ctx)) return { file: input.name, refused: PROJECTED };
  return ctx.result();
}
