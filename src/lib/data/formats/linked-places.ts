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

export function convertLinkedPlaces(input: InputFile, json: Json): ConvertResult {
  const ctx = new FileContext(input.name, 'Linked Places', input.name, input.modified);
  list(json.features).forEach((f, i) => {
    if (!isObject(f) || f.type !== 'Feature') return ctx.problem(`feature ${i + 1}`, 'left out: it is not a GeoJSON Feature');
    const cites = [...list(f.citations), ...list(f.links)].filter(isObject).slice(0, 20);
    const sources = cites.flatMap((c) => {
      const id = text(c['@id'] ?? c.identifier, 500);
      return id ? [namedSource(ctx, id, text(c.label, 300), readDate(c.year)?.day)] : [];
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
    const parts = [names.length ? `Names: ${names.join(', ')}.` : '', types.length ? `Types: ${types.join(', ')}.` : '', d.record ?? ''];
    d.record = parts.filter(Boolean).join(' ') || undefined;
    addFeature(ctx, d);
  });
  if (looksProjected(ctx)) return { file: input.name, refused: PROJECTED };
  return ctx.result();
}
