/**
 * KML export, for Google Earth and the GIS tools that read KML: one folder per layer, one
 * placemark per feature with its name, a description listing every claim with its sources,
 * a TimeStamp (a reported minute) or TimeSpan (an hour, a local day or a window) in UTC (UTC
 * days as dates), and the main fields as ExtendedData. The XML, and the HTML inside each
 * description, are built as trees and serialised by xast-util-to-xml, so text from the data
 * is always escaped and never becomes markup.
 */
import { langTag, textDirection } from './lang';
import { x, type Child } from 'xastscript';
import type { Position } from 'geojson';
import type { Element } from 'xast';
import type { Raw } from 'xast-util-to-xml';
import { toXml } from 'xast-util-to-xml';
import { formatFigure, topicLabel } from './claims';
import { grouped } from './grouped';
import { flatFields, jsonFgTime, utcWindowOf, type UtcWindow } from './interchange';
import { incidentsOf } from './load';
import type { Atlas, Claim, EventFeature, LayerDef } from './schema';
import { blobInSteps } from './blob-writer';
import { describeTime } from './time-words';
import { isHttpUrl } from './validate';
import { precisionUnstated } from './unstated-precision';
import { t } from '../ui/strings-panels';

const KML_NS = 'http://www.opengis.net/kml/2.2';

/** An element without attributes: xastscript would read a first child that is an element as attributes. */
const e = (name: string, ...children: Child[]): Element => x(name, {}, ...children);

/**
 * What xast-util-to-xml leaves that XML 1.0 forbids: "]]>" in text (it escapes only & and <)
 * and code points that are not XML characters (lone surrogates, U+FFFE, U+FFFF). The
 * document has no CDATA section, so every "]]>" is text or an attribute value, where
 * "]]&#x3E;" reads back the same.
 */
function wellFormed(xml: string): string {
  return xml.replace(/]]>/g, ']]&#x3E;').replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** KML colours are aabbggrr; undefined for anything but #rrggbb. */
function kmlColor(css: string): string | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  return m ? `ff${m[3]}${m[2]}${m[1]}`.toLowerCase() : undefined;
}

/** A link when the URL is http(s), else the URL as text: nothing else becomes an href. */
function link(url: string, text: string): Element | string {
  return isHttpUrl(url) ? x('a', { href: url }, text) : `${text} (${url})`;
}

/** One citation as HTML: publisher, title, date, links to the page and its archived copy. */
function citation(atlas: Atlas, id: string): Element {
  const s = atlas.sources.get(id);
  if (!s) return e('li', id);
  const origin = s.originator ? atlas.originators.get(s.originator) : undefined;
  // In the panel's words: a data file's rows come "via" it, an encyclopedia's copy is a "copy of" it, an agency's story is "by" it.
  const agency = s.originator ? ` (${t.via(origin?.name ?? s.originator, origin?.type)})` : '';
  const named = `${s.publisher}, “${s.title}”${s.published ? `, ${s.published}` : ''}${agency}`;
  // A data file added to the map has no web address: named alone, not as "source ()".
  if (!s.url) return e('li', named);
  return e(
    'li',
    `${named}: `,
    link(s.url, 'source'),
    ...(s.archiveUrl ? [' · ', link(s.archiveUrl, `archived copy${s.archivedAt ? ` of ${s.archivedAt.slice(0, 10)}` : ''}`)] : []),
  );
}

/**
 * Text the library has already written, put in again as it is. xast-util-to-xml builds a
 * new regular expression for every attribute value it writes, and a placemark has about
 * fifteen (its Data names, its citations' links): writing the same few each time was a
 * quarter of a KML export. Only the library's own output goes in raw, so it stays escaped.
 */
const written = (value: string): Raw => ({ type: 'raw', value });
/** The options every serialisation here uses: raw nodes are the library's own output (see `written`). */
const XML = { closeEmptyElements: true, allowDangerousXml: true } as const;

/** Each source's citation, written once per atlas (a few sources are cited by thousands of placemarks). */
const citationCache = new WeakMap<Atlas, Map<string, Raw>>();
function cited(atlas: Atlas, id: string): Raw {
  let cache = citationCache.get(atlas);
  if (!cache) citationCache.set(atlas, (cache = new Map()));
  let html = cache.get(id);
  if (!html) cache.set(id, (html = written(toXml(citation(atlas, id), XML))));
  return html;
}

function claimItem(atlas: Atlas, c: Claim): Element {
  const figure = formatFigure(c);
  return e(
    'li',
    e('b', `${topicLabel(c.topic)}${figure ? `: ${figure}` : ''}`),
    ` ${c.statement} (${c.by}, ${c.date}, ${c.status})`,
    e('ul', c.sources.map((id) => cited(atlas, id))),
  );
}

/** The description of a placemark, as an HTML fragment whose every text comes escaped. */
function descriptionHtml(atlas: Atlas, f: EventFeature): string {
  const p = f.properties;
  const loc = p.location;
  const parts: Element[] = [
    e(
      'p',
      p.place,
      ...Object.entries(p.titles ?? {}).flatMap(([lang, title]) => {
        const tag = langTag(lang);
        return tag ? [e('br'), x('span', { dir: textDirection(tag), lang: tag }, title)] : [];
      }),
    ),
    ...(p.time ? [e('p', `Time: ${describeTime(p.time)}.`, ...(p.time.note ? [` ${p.time.note}`] : [])), e('ul', p.time.sources.map((id) => cited(atlas, id)))] : []),
    // No "within 1 m" for a placeholder radius: the note says the file gave no precision.
    e('p', `Position: ${loc.basis}${precisionUnstated(loc) ? '' : `, within ${grouped(loc.radiusM)} m`}. ${loc.note}`),
    e('ul', loc.sources.map((id) => cited(atlas, id))),
    ...(p.actors.length > 0 ? [e('p', `Actors: ${p.actors.join('; ')}`)] : []),
    ...(p.claims.length > 0 ? [e('p', e('b', 'Claims')), e('ul', p.claims.map((c) => claimItem(atlas, c)))] : []),
    ...incidentsOf(atlas, f.id).flatMap((inc) => [e('p', e('b', `About ${inc.title} as a whole`)), e('ul', inc.claims.map((c) => claimItem(atlas, c)))]),
  ];
  // `<br />`, never `<br></br>`, which HTML reads as two line breaks.
  return toXml(parts, XML);
}

/**
 * TimeStamp for a reported minute, TimeSpan for any wider window; both in UTC. A day (or a
 * window of days) whose days are UTC days is written as dates, first and last: KML reads a
 * date as the whole day, where two midnights would claim clock times no source gave (and
 * read back as a window between two instants).
 */
function timePrimitive(f: EventFeature, utc: UtcWindow | undefined): Element | undefined {
  const time = f.properties.time;
  if (time?.precision === 'day' && utc) {
    const last = time.end ?? time.local;
    const after = Date.parse(`${last}T00:00:00Z`) + 86_400_000;
    if (utc.start === `${time.local}T00:00:00Z` && Number.isFinite(after) && utc.end === `${new Date(after).toISOString().slice(0, 10)}T00:00:00Z`) return e('TimeSpan', e('begin', time.local), e('end', last));
  }
  const t = jsonFgTime(time, utc);
  if (!t) return undefined;
  if (t.timestamp) return e('TimeStamp', e('when', t.timestamp));
  return e('TimeSpan', e('begin', t.interval[0]), e('end', t.interval[1]));
}

/** The opening tag of each Data name, written once. */
const dataOpen = new Map<string, Raw>();
const DATA_CLOSE = written('</Data>');

function data(name: string, value: string | number | undefined): (Element | Raw)[] {
  if (value === undefined || value === '') return [];
  let open = dataOpen.get(name);
  if (!open) dataOpen.set(name, (open = written(toXml(x('Data', { name }), { closeEmptyElements: false }).replace(/<\/Data>$/, ''))));
  return [open, e('value', String(value)), DATA_CLOSE];
}

function placemark(atlas: Atlas, f: EventFeature, styled: ReadonlySet<string>): Element {
  const p = f.properties;
  const utc = utcWindowOf(p.time);
  const flat = flatFields(p.time, p.actors, utc);
  const time = timePrimitive(f, utc);
  return x(
    'Placemark',
    { id: f.id },
    e('name', p.title),
    e('description', descriptionHtml(atlas, f)),
    ...(time ? [time] : []),
    ...(styled.has(p.layer) ? [e('styleUrl', `#${p.layer}`)] : []),
    e(
      'ExtendedData',
      // Not "id": GDAL's LIBKML driver takes a Data of that name for itself and shows no field.
      ...data('feature_id', f.id),
      ...data('layer', p.layer),
      ...data('place', p.place),
      ...data('time_local', p.time?.local),
      ...data('time_end_local', p.time?.end),
      ...data('time_zone', flat.timeZone),
      ...data('utc_offset', flat.utcOffset),
      ...data('time_precision', p.time?.precision),
      // Left out for a placeholder radius, as the CSV leaves its cell empty: no Data saying "1 m" beside a note saying it is none.
      ...data('precision_m', precisionUnstated(p.location) ? undefined : p.location.radiusM),
      ...data('position_basis', p.location.basis),
      // The note too, so that the position comes back whole when the file is opened again (see `formats/own-location.ts`).
      ...data('position_note', p.location.note),
      ...data('actors', flat.actorsText),
    ),
    kmlGeometry(f.geometry),
  );
}

/** KML coordinates: `lon,lat[,height]` tuples separated by spaces. */
const coordinates = (positions: Position[]) => e('coordinates', positions.map((p) => p.join(',')).join(' '));

function polygon(rings: Position[][]): Element {
  const [outer, ...holes] = rings;
  return e(
    'Polygon',
    e('outerBoundaryIs', e('LinearRing', coordinates(outer))),
    holes.map((ring) => e('innerBoundaryIs', e('LinearRing', coordinates(ring)))),
  );
}

/** The KML geometry of a feature: Point, LineString, Polygon, or a MultiGeometry of them. */
function kmlGeometry(g: EventFeature['geometry']): Element {
  switch (g.type) {
    case 'Point':
      return e('Point', coordinates([g.coordinates]));
    case 'LineString':
      return e('LineString', coordinates(g.coordinates));
    case 'Polygon':
      return polygon(g.coordinates);
    case 'MultiPoint':
      return e('MultiGeometry', g.coordinates.map((p) => e('Point', coordinates([p]))));
    case 'MultiLineString':
      return e('MultiGeometry', g.coordinates.map((line) => e('LineString', coordinates(line))));
    case 'MultiPolygon':
      return e('MultiGeometry', g.coordinates.map(polygon));
  }
}

function layerStyle(layer: LayerDef): Element[] {
  const color = kmlColor(layer.color);
  // Lines and area outlines in the layer's colour, areas filled with it at a quarter opacity.
  return color ? [x('Style', { id: layer.id }, e('IconStyle', e('color', color)), e('LineStyle', e('color', color), e('width', '2')), e('PolyStyle', e('color', `40${color.slice(2)}`)))] : [];
}

/** Each layer's placemarks between the text that opens and closes its folder; the features of unlisted layers in a group with neither. */
interface KmlGroup {
  open: string;
  features: EventFeature[];
  close: string;
}

/** An element's opening and closing tags as the serialiser writes them (it never shortens an empty element). */
function tags(element: Element): [string, string] {
  const xml = toXml(element);
  const close = `</${element.name}>`;
  return [xml.slice(0, -close.length), close];
}

/**
 * The document in pieces: the text before the placemarks, the groups of placemarks (one
 * folder per layer in draw order, then the features of layers the atlas does not list),
 * and the text after. The placemarks are written one by one, so a large export can be
 * written in steps; joined, the pieces are the whole document.
 */
function kmlPlan(atlas: Atlas, features: readonly EventFeature[], name: string): { head: string; groups: KmlGroup[]; tail: string; styled: Set<string> } {
  const byLayer = new Map<string, EventFeature[]>();
  for (const f of features) {
    const list = byLayer.get(f.properties.layer);
    if (list) list.push(f);
    else byLayer.set(f.properties.layer, [f]);
  }
  const layers = atlas.layers.filter((l) => byLayer.has(l.id));
  const styles = layers.flatMap(layerStyle);
  const styled = new Set(styles.map((s) => String(s.attributes.id)));
  const [kmlOpen, kmlClose] = tags(x('kml', { xmlns: KML_NS }));
  const [docOpen, docClose] = tags(e('Document'));
  const [folderOpen, folderClose] = tags(e('Folder'));
  const groups: KmlGroup[] = layers.map((l) => ({
    open: folderOpen + wellFormed(toXml([e('name', l.title), ...(l.description ? [e('description', l.description)] : [])])),
    features: byLayer.get(l.id)!,
    close: folderClose,
  }));
  // Features of a layer the atlas does not list (an imported file's) still go out, outside any folder.
  const listed = new Set(layers.map((l) => l.id));
  groups.push({ open: '', features: features.filter((f) => !listed.has(f.properties.layer)), close: '' });
  return {
    head: `<?xml version="1.0" encoding="UTF-8"?>\n${kmlOpen}${docOpen}${wellFormed(toXml([e('name', name), ...styles]))}`,
    groups,
    tail: `${docClose}${kmlClose}\n`,
    styled,
  };
}

/** One placemark's text. */
const placemarkXml = (atlas: Atlas, f: EventFeature, styled: ReadonlySet<string>) => wellFormed(toXml(placemark(atlas, f, styled), { allowDangerousXml: true }));

/**
 * KML 2.2 text of the given features, grouped in one folder per layer in draw order. The
 * document is named `name`.
 */
export function toKml(atlas: Atlas, features: readonly EventFeature[], name: string): string {
  const { head, groups, tail, styled } = kmlPlan(atlas, features, name);
  return head + groups.map((g) => g.open + g.features.map((f) => placemarkXml(atlas, f, styled)).join('') + g.close).join('') + tail;
}

/** As `toKml`, each group's placemarks written in steps into a Blob, handing the page back every `STEP` placemarks. */
export async function kmlPartsInSteps(atlas: Atlas, features: readonly EventFeature[], name: string): Promise<BlobPart[]> {
  const { head, groups, tail, styled } = kmlPlan(atlas, features, name);
  const parts: BlobPart[] = [head];
  for (const g of groups) parts.push(g.open, await blobInSteps(g.features, (f) => placemarkXml(atlas, f, styled)), g.close);
  parts.push(tail);
  return parts;
}
