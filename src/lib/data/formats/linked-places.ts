/**
 * Linked Places Format (LPF, the World Historical Gazetteer's GeoJSON-LD): features with
 * `properties.title`, `names`, `types`, `when` (`timespans` of `start`/`end` objects with
 * `in`, `earliest` or `latest`), `links` and `citations` (`@id`, `label`, `year`).
 */
import type { EventTime } from '../schema';
import { FileContext, looksProjected, PROJECTED, text } from './common';
import { eventTime, readDate, type ReadDate } from './dates';
import { addFeature, namedSource } from './feature';
import { draftFromProperties } from './geojson';
import type { ConvertResult, InputFile } from './types';
import { isObject, type Json, list } from './json';

/** True for a parsed Linked Places collection: an `@context` naming it, or features with `when` or `names`. */
export function isLinkedPlaces(json: unknown): boolean {
  if (!isObject(json) || !Array.isArray(json.features)) return false;
  if (typeof json['@context'] === 'string' && /linkedplaces|lpo/i.test(json['@context'])) return true;
  return json.features.some((f) => isObject(f) && (isObject(f.when) || Array.isArray(f.names)));
}

/** An LPF time point: `in`, else the `earliest`/`latest` bounds. */
function point(p: unknown, edge: 'earliest' | 'latest'): ReadDate | undefined {
  if (!isObject(p)) return undefined;
  return readDate(p.in) ?? readDate(p[edge]) ?? readDate(p[edge === 'earliest' ? 'latest' : 'earliest']);
}

/** The overall span of a `when`: first start to last end of its timespans. */
function whenTime(when: unknown, sources: string[]): EventTime | undefined {
  if (!isObject(when)) return undefined;
  const spans = list(when.timespans).filter(isObject);
  const starts = spans.map((s) => point(s.start, 'earliest')).filter((d): d is ReadDate => !!d);
  const ends = spans.map((s) => point(s.end, 'latest')).filter((d): d is ReadDate => !!d);
  if (starts.length === 0) return undefined;
  const first = starts.sort((a, b) => a.day.localeCompare(b.day))[0];
  const last = ends.sort((a, b) => (b.lastDay ?? b.day).localeCompare(a.lastDay ?? a.day))[0];
  const label = text(when.label, 200);
  return eventTime(first, last, sources, `From the Linked Places "when"${label ? ` ("${label}")` : ''}.`);
}

/**
 * A citation as a source. Its `year` is a publication date only when it names a day: a
 * year alone would read as the 1st of January, so it goes into the title instead.
 */
function citedWork(ctx: FileContext, id: string, c: Json): string {
  const year = readDate(c.year);
  const label = text(c.label, 300);
  const when = year?.lastDay ? text(c.year, 20) : undefined;
  return namedSource(ctx, id, when ? `${label ?? id} (${when})` : label, year && !year.lastDay ? year.day : undefined);
}

export function convertLinkedPlaces(input: InputFile, json: Json): ConvertResult {
  const ctx = new FileContext(input, 'Linked Places', input.name);
  list(json.features).forEach((f, i) => {
    if (!isObject(f) || f.type !== 'Feature') return ctx.problem(`feature ${i + 1}`, 'left out: it is not a GeoJSON Feature');
    const sources = list(f.citations).filter(isObject).slice(0, 20).flatMap((c) => {
      const id = text(c['@id'] ?? c.identifier, 500);
      return id ? [citedWork(ctx, id, c)] : [];
    });
    // `links` say which records elsewhere (Wikidata, GeoNames) are the same place: no source of what the file says, so named in the record.
    const links = list(f.links).filter(isObject).slice(0, 20).flatMap((l) => {
      const id = text(l.identifier ?? l['@id'], 500);
      return id ? [`${text(l.type, 40) ?? 'link'} ${id}`] : [];
    });
    const d = draftFromProperties(ctx, f, i);
    d.ownId = f['@id'] ?? f.id;
    d.sources = [...(d.sources ?? []), ...sources];
    const cited = [...d.sources, ctx.fileSource.id];
    d.time = whenTime(f.when, cited) ?? d.time;
    const names = list(f.names).flatMap((n) => (isObject(n) && text(n.toponym, 200) ? [text(n.toponym, 200)!] : []));
    const types = list(f.types).flatMap((t) => (isObject(t) && text(t.label, 200) ? [text(t.label, 200)!] : []));
    d.title ??= names[0];
    d.place = d.place ?? names[0];
    const parts = [names.length ? `Names: ${names.join(', ')}.` : '', types.length ? `Types: ${types.join(', ')}.` : '', links.length ? `Links: ${links.join('; ')}.` : '', d.record ?? ''];
    d.record = parts.filter(Boolean).join(' ') || undefined;
    addFeature(ctx, d);
  });
  if (looksProjected(ctx)) return { file: input.name, refused: PROJECTED };
  return ctx.result();
}
