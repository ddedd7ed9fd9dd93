/**
 * KML and KMZ, read with @tmcw/togeojson on an @xmldom/xmldom document (a worker has no
 * DOMParser): placemarks with their geometry, name, description, TimeStamp and TimeSpan and
 * ExtendedData. A KMZ is unzipped with fflate and its main KML (doc.kml, else the first) read,
 * or the KML files it links to inside the archive (see `linkedInArchive`).
 */
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync, strFromU8 } from 'fflate';
import { short } from '../validate';
import { FileContext, looksProjected, PROJECTED, text } from './common';
import { eventTime, intervalTime, readDate } from './dates';
import { addFeature } from './feature';
import { draftFromProperties } from './geojson';
import { flatTime } from './csv';
import type { ConvertResult, InputFile } from './types';
import { isObject, type Json } from './json';
import { htmlToText, looksLikeHtml } from './html-text';

/** Largest KML a KMZ may unpack to: the import's own limit for a file. */
const KMZ_KML_LIMIT = 256 * 1024 * 1024;

/** The main KML of a KMZ archive: doc.kml at the top, else the first .kml inside. */
export function kmlFromKmz(bytes: Uint8Array, limit = KMZ_KML_LIMIT): string | { refused: string } {
  let files: Record<string, Uint8Array>;
  /** A .kml the archive holds but that is too large to unpack (a zip bomb, or a file past the import's limit). */
  let tooLarge: { name: string; size: number } | undefined;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!/\.kml$/i.test(f.name)) return false;
        if (f.originalSize < limit) return true;
        tooLarge ??= { name: f.name, size: f.originalSize };
        return false;
      },
    });
  } catch (err) {
    return { refused: `it is not a readable KMZ (zip) archive (${short((err as Error).message)})` };
  }
  const names = Object.keys(files);
  const main = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names.sort()[0];
  if (!main && tooLarge) return { refused: `its KML file ${short(tooLarge.name)} would unpack to ${Math.ceil(tooLarge.size / 1_048_576).toLocaleString('en-GB')} MB, past the ${Math.floor(limit / 1_048_576)} MB a file can be` };
  if (!main) return { refused: 'the KMZ archive holds no .kml file' };
  const text = strFromU8(files[main]);
  return linkedInArchive(text, main, files, limit) ?? text;
}

/**
 * The KML files that a main KML with no placemarks of its own links to inside its archive,
 * as one document: GDAL's LIBKML driver writes doc.kml as NetworkLinks to layers/*.kml, and
 * such a KMZ was refused as if the links led off the archive. Null when the main KML has
 * placemarks, or links to anything the archive does not hold (then it is read as it is).
 */
function linkedInArchive(main: string, mainName: string, files: Record<string, Uint8Array>, limit: number): string | null {
  if (/<(\w+:)?Placemark[\s>]/.test(main)) return null;
  const base = mainName.includes('/') ? mainName.slice(0, mainName.lastIndexOf('/') + 1) : '';
  const hrefs = [...main.matchAll(/<(?:\w+:)?NetworkLink[\s>][\s\S]*?<(?:\w+:)?href>\s*([^<]+?)\s*<\/(?:\w+:)?href>/g)].map((m) => (base + m[1]).replace(/^\.\//, '').replace(/\/\.\//g, '/'));
  if (hrefs.length === 0 || !hrefs.every((h) => Object.hasOwn(files, h))) return null;
  // Together they must stay within what one file may be, as each alone does.
  if (hrefs.reduce((n, h) => n + files[h].length, 0) >= limit) return null;
  const texts = hrefs.map((h) => strFromU8(files[h]));
  if (texts.length === 1) return texts[0];
  // Several layer files, each a <kml> holding a Document: their contents under one root (the first's, with its namespaces).
  const root = /<kml\b[^>]*>/.exec(texts[0])?.[0];
  const inner = texts.map((t) => /<kml\b[^>]*>([\s\S]*)<\/kml>\s*$/.exec(t)?.[1]);
  if (!root || inner.some((x) => x === undefined)) return null;
  return `<?xml version="1.0" encoding="UTF-8"?>${root}<Document>${inner.join('')}</Document></kml>`;
}

const KML_TIMES = "KML's dateTime: YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time";

/** What a placemark's TimeStamp or TimeSpan that is there but cannot be read should say in a warning. */
function kmlTimeWarning(when: unknown, span: Json | undefined, spanUnread: boolean, timed: boolean): string | undefined {
  const then = timed ? 'its time comes from its TimeSpan' : 'the placemark was added without a time';
  if (typeof when === 'string' && when.trim()) return `its TimeStamp ${short(JSON.stringify(when))} is not a time the app can read (${KML_TIMES}); ${then}`;
  if (span && spanUnread) return `its TimeSpan (begin ${short(JSON.stringify(span.begin))}, end ${short(JSON.stringify(span.end))}) is not a time the app can read (${KML_TIMES}); the placemark was added without a time`;
  return undefined;
}

export function convertKml(input: InputFile, format = 'KML'): ConvertResult {
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({ onError: (level, msg) => void (level === 'fatalError' && problems.push(msg)) }).parseFromString(input.text, 'text/xml') as unknown as Document;
  } catch (err) {
    return { file: input.name, refused: `it is not well-formed XML (${short((err as Error).message.split('\n')[0])})` };
  }
  if (problems.length || !doc?.documentElement) return { file: input.name, refused: `it is not well-formed XML (${short(problems[0] ?? 'no root element')})` };
  if (doc.documentElement.localName !== 'kml') return { file: input.name, refused: `it is XML, but not KML (its root element is <${short(doc.documentElement.localName)}>)` };
  const placemarks = doc.getElementsByTagName('Placemark').length;
  const links = Array.from(doc.getElementsByTagName('NetworkLink'));
  if (placemarks === 0 && links.length > 0) {
    const href = links[0].getElementsByTagName('href')[0]?.textContent?.trim();
    return { file: input.name, refused: `it holds no placemarks, only a link to another file (NetworkLink${href ? ` to ${short(href)}` : ''}); download that file and open it instead` };
  }
  // togeojson reads a link as a feature with no geometry; the links are named in a warning below instead.
  for (const link of links) link.parentNode?.removeChild(link);
  const collection = kml(doc);
  const ctx = new FileContext(input, format, input.name);
  collection.features.forEach((f, i) => {
    const props: Json = isObject(f.properties) ? { ...f.properties } : {};
    const description = props.description;
    // HTML comes as CDATA (an object from togeojson) or escaped as text, as this app's own export and many tools write it.
    props.description = isObject(description) ? htmlToText(String(description.value ?? '')) : typeof description === 'string' && looksLikeHtml(description) ? htmlToText(description) : description;
    const when = props.timestamp;
    const stamp = readDate(when);
    const span = isObject(props.timespan) ? props.timespan : undefined;
    for (const k of ['timestamp', 'timespan', 'styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'icon-scale', 'icon-color', 'icon-opacity', 'label-scale', 'label-color', 'label-opacity', 'visibility']) delete props[k];
    const d = draftFromProperties(ctx, { ...f, properties: props } as Json, i);
    // This map's KML export names each placemark's feature in a `feature_id` Data.
    if (props.feature_id !== undefined) {
      d.id = ctx.keptId(props.feature_id, i);
      ctx.ownExport = true;
    }
    d.where = `placemark ${i + 1}${text(props.name, 40) ? ` (${text(props.name, 40)})` : ''}`;
    const cited = [...(d.sources ?? []), ctx.fileSource.id];
    // An empty or missing begin or end is an open one (KML's TimeSpan); null marks it, undefined one that cannot be read.
    const spanEnd = (x: unknown) => (typeof x !== 'string' || x.trim() === '' ? null : readDate(x));
    const [begin, end] = span ? [spanEnd(span.begin), spanEnd(span.end)] : [null, null];
    // This map's own export writes the time as the atlas holds it beside the UTC TimeSpan, which cannot say that a day was local to a zone or that a time was known to the hour.
    const local = props.feature_id !== undefined ? readDate(props.time_local) : undefined;
    if (local) {
      const flat = Object.fromEntries(['time_precision', 'time_zone', 'utc_offset'].map((k) => [k, typeof props[k] === 'string' ? props[k] : '']));
      const localEnd = readDate(props.time_end_local);
      d.time = flatTime(flat, local, localEnd, cited, `From the placemark's time_local${localEnd ? ' and time_end_local' : ''} data, as this map's KML export writes them.`);
    } else if (stamp) d.time = eventTime(stamp, undefined, cited, "From the placemark's TimeStamp.");
    else if (begin !== undefined && end !== undefined) d.time = intervalTime(begin ?? undefined, end ?? undefined, cited, "From the placemark's TimeSpan");
    if (!local && !stamp) d.timeWarning = kmlTimeWarning(when, span, begin === undefined || end === undefined, !!d.time) ?? d.timeWarning;
    addFeature(ctx, d);
  });
  if (collection.features.length === 0) ctx.problem('the file', 'holds no placemark with a geometry');
  // The app fetches nothing a file names (see the README's Security): linked files are left for the reader to open.
  if (links.length > 0) ctx.problem('the file', `also links to ${links.length === 1 ? 'another file' : `${links.length} other files`} (NetworkLink), which the app does not fetch; download ${links.length === 1 ? 'it' : 'them'} and open ${links.length === 1 ? 'it' : 'them'} too`, 'warning');
  if (looksProjected(ctx)) return { file: input.name, refused: PROJECTED };
  return ctx.result();
}
