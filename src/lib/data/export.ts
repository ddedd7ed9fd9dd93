import type { Feature, FeatureCollection } from 'geojson';
import type { Atlas, Claim, EventFeature, Incident, LocationInfo, Originator, Relation, Route, Source } from './schema';
import { exportedCalendars, exportedRelationTypes, type ExportDefinitions } from './export-definitions';
import type { RelationTypeDef } from './manifest';
import { joinSpans, spanIn, type Span } from './piece-blobs';
import { blobInSteps } from './blob-writer';
import { StoredFeature, type WrittenFeature } from './stored-feature';
import { declaredZones } from './time';
import { citedOriginators, EXPORT_SCHEMA_VERSION, exportActors, flatFields, JSON_FG_CORE, jsonFgTime, utcWindowOf, type ExportedActor, type FlatFields, type JsonFgTime } from './interchange';

/** A catalogue entry of an export: the whole source record, written once per file. */
export type ExportedSource = Source;

export type ExportedProperties = {
  title: string;
  titles?: Record<string, string>;
  layer: string;
  layerTitle: string;
  country: string;
  place: string;
  time?: NonNullable<EventFeature['properties']['time']>;
  location: LocationInfo;
  actors: ExportedActor[];
  claims: Claim[];
} & FlatFields;

/** The geometry of an exported feature: the feature's own, any of the types `geodata/` allows. */
export type ExportedGeometry = EventFeature['geometry'];

/** A feature with the JSON-FG members `time` (UTC) and `place` (null: the geometry, whatever its type, is WGS84). */
export type ExportedFeature = Feature<ExportedGeometry, ExportedProperties> & { id: string; time: JsonFgTime | null; place: null };
export type ExportedRelation = Relation;
export type ExportedIncident = Incident;
export type ExportedRoute = Route;
export type { ExportDefinitions } from './export-definitions';

/**
 * The export: a FeatureCollection plus foreign members (RFC 7946 §6.1): `schemaVersion`,
 * `conformsTo` (JSON-FG), `name`; `sources`, the catalogue of every source the file cites
 * (each written once; citations are ids into it, as in `geodata/`); `originators`, the
 * agencies those sources name as the story's origin (when any do); `relations`, the sourced
 * links between exported features, with `relationTypes`, the definitions of their types;
 * `incidents`, the events made of several exported features with the claims about each
 * event as a whole, and `routes`, drawn through exported features (when there are any); and
 * `calendars`, those the atlas shows dates in (when it names any).
 */
export type ExportedCollection = FeatureCollection<ExportedGeometry, ExportedProperties> & {
  schemaVersion: number;
  conformsTo: string[];
  name: string;
  sources: ExportedSource[];
  originators?: Originator[];
  relations: ExportedRelation[];
  /** The definitions of the relation types the relations use (when there are relations): their words and line, as the atlas's manifest gives them. */
  relationTypes?: Record<string, RelationTypeDef>;
  incidents?: ExportedIncident[];
  /** The routes every feature of which is written. */
  routes?: ExportedRoute[];
  /** The calendars besides the Gregorian one the atlas shows dates in. */
  calendars?: string[];
  /** The IANA zone behind each zone abbreviation the features' times use, so another atlas can read their days. */
  timeZones?: Record<string, string>;
  features: ExportedFeature[];
};

/** The title an export carries (GeoJSON `name`, KML document name) when the caller gives none; the app gives the atlas's title. */
export const DEFAULT_EXPORT_NAME = 'Event atlas';

/**
 * Copies the listed keys of `obj` into `out` (a new object by default), in that order,
 * leaving out the undefined ones. Writing into the record being built, rather than spreading
 * a copy into it, matters at 100,000 features: the copies were most of an export's garbage.
 */
function pick<T extends object, K extends keyof T, O extends object = Pick<T, K>>(obj: T, keys: readonly K[], out: O = {} as O): O & Pick<T, K> {
  const o = out as Record<K, unknown>;
  for (const k of keys) if (obj[k] !== undefined) o[k] = obj[k];
  return out as O & Pick<T, K>;
}

function sourceRecord(s: Source): ExportedSource {
  return pick(s, ['id', 'publisher', 'title', 'published', 'url', 'archiveUrl', 'archivedAt', 'archiveSha256', 'language', 'type', 'originator', 'syndicated']);
}

/** Collects the ids a file cites, keeping only those the catalogue knows, in first-cited order. */
class Catalogue {
  readonly used = new Map<string, Source>();
  /** `heard`, when given, receives every id cited, in order. */
  constructor(
    private readonly sources: ReadonlyMap<string, Source>,
    private readonly heard?: string[],
  ) {}

  /** Cites `ids` from `from` on, as `cite` does, without listing them; whether the catalogue knows every one. */
  citesAll(ids: readonly string[], from = 0): boolean {
    let all = true;
    for (let k = from; k < ids.length; k++) all = this.citeOne(ids[k]) && all;
    return all;
  }

  cite(ids: readonly string[]): string[] {
    return ids.filter((id) => this.citeOne(id));
  }

  /** Cites one id if the catalogue knows it; whether it does. */
  private citeOne(id: string): boolean {
    // Most citations are of a source cited before (100,000 events cite 50 sources): one lookup for those.
    if (!this.used.has(id)) {
      const s = this.sources.get(id);
      if (!s) return false;
      this.used.set(id, s);
    }
    this.heard?.push(id);
    return true;
  }
}

function exportClaim(c: Claim, cat: Catalogue): Claim {
  // Every member written, undefined ones included (JSON leaves them out): records of one shape are quicker to build and to write.
  return { id: c.id, topic: c.topic, statement: c.statement, value: c.value, valueMax: c.valueMax, qualifier: c.qualifier, unit: c.unit, by: c.by, date: c.date, status: c.status, official: c.official, from: c.from, sources: cat.cite(c.sources) } as Claim;
}

function exportFeature(f: EventFeature, cat: Catalogue, layerTitles: ReadonlyMap<string, string>): ExportedFeature {
  const p = f.properties;
  const layerTitle = layerTitles.get(p.layer) ?? p.layer;
  const t = p.time;
  const time = t && { local: t.local, end: t.end, precision: t.precision, approximate: t.approximate, zone: t.zone, note: t.note, sources: cat.cite(t.sources) };
  // The window's two UTC texts, written twice (JSON-FG `time` and the flat fields), worked out once.
  const utc = utcWindowOf(p.time);
  const l = p.location;
  const flat = flatFields(p.time, p.actors, utc);
  const properties = {
    title: p.title,
    titles: p.titles,
    layer: p.layer,
    layerTitle,
    country: p.country,
    place: p.place,
    time,
    location: { basis: l.basis, radiusM: l.radiusM, note: l.note, sources: cat.cite(l.sources) },
    actors: exportActors(p.actors),
    claims: p.claims.map((c) => exportClaim(c, cat)),
    timeStart: flat.timeStart,
    timeEnd: flat.timeEnd,
    timeZone: flat.timeZone,
    utcOffset: flat.utcOffset,
    actorsText: flat.actorsText,
  } as ExportedProperties;
  return {
    type: 'Feature',
    id: f.id,
    time: jsonFgTime(p.time, utc),
    place: null,
    // As in `geodata/`: lines and polygons as they are, heights kept (RFC 7946 allows a third number).
    geometry: { type: f.geometry.type, coordinates: f.geometry.coordinates } as ExportedGeometry,
    properties,
  };
}

/**
 * Writes an export feature by feature (`feature`, in order), then the collection around
 * them (`finish`, without `features`): the catalogue is known only once every feature has cited.
 */
class ExportWriter {
  private readonly cat: Catalogue;
  /** The zones of the features written so far, in first-written order. */
  private readonly zones = new Set<string>();
  private readonly layerTitles: ReadonlyMap<string, string>;
  constructor(
    private readonly atlas: Atlas,
    private readonly features: readonly EventFeature[],
    private readonly name: string,
    private readonly definitions: ExportDefinitions = {},
  ) {
    this.cat = new Catalogue(atlas.sources);
    this.layerTitles = new Map(atlas.layers.map((l) => [l.id, l.title]));
  }

  feature(f: EventFeature): ExportedFeature {
    const zone = f.properties.time?.zone;
    if (zone) this.zones.add(zone);
    return exportFeature(f, this.cat, this.layerTitles);
  }

  /**
   * A feature's JSON text. A feature that came from a worker brings the text the worker wrote
   * (`featureText`), which needs only the layer's title put in: writing it here again cost
   * most of an export's time. One whose worker made its bytes instead (an empty text) is
   * written here: only where its layer's title on the page is not the one in those bytes.
   */
  text(f: EventFeature): string {
    const written = f instanceof StoredFeature ? f.written : null;
    const layer = written?.text ? this.citable(written) : null;
    if (!written || layer === null) return JSON.stringify(this.feature(f));
    const { text, titleAt } = written;
    return `${text.slice(0, titleAt)},"layerTitle":${JSON.stringify(this.layerTitles.get(layer) ?? layer)}${text.slice(titleAt)}`;
  }

  /**
   * The layer of a feature a worker wrote, with its sources cited in the catalogue and its
   * zone noted; null, and nothing cited, when it cites a source the atlas lacks (its text
   * would cite it too; never so in the app, whose atlas takes every source a file brings).
   */
  private citable(written: WrittenFeature): string | null {
    const meta = JSON.parse(written.meta) as string[];
    const [layer, zone] = meta;
    if (!this.cat.citesAll(meta, 2)) return null;
    if (zone) this.zones.add(zone);
    return layer;
  }

  /**
   * The features list's bytes, from the Blobs the workers made (see `piece-blobs.ts`) for each
   * feature whose layer they titled as this atlas does and that cites only sources the atlas
   * has; any other feature as `text` writes it. Null if `joinSpans` fails.
   */
  slices(features: readonly EventFeature[]): Promise<BlobPart[] | null> {
    const spanOf = (f: EventFeature, i: number): Span | null => {
      const w = f instanceof StoredFeature ? f.written : null;
      const piece = w?.piece;
      if (!w || !piece || w.at === undefined) return null;
      const layer = this.citable(w);
      if (layer === null || piece.titles[layer] !== (this.layerTitles.get(layer) ?? layer)) return null;
      const span = spanIn(piece.geojson, piece.geojsonEnds, w.at);
      // Each feature's bytes start with the comma before it, which the list's first leaves out.
      return span && i === 0 ? { ...span, start: span.start + 1 } : span;
    };
    return joinSpans(features, spanOf, (f, i) => (i === 0 ? '' : ',') + this.text(f));
  }

  finish(): Omit<ExportedCollection, 'features'> {
    const { atlas, features, cat } = this;
    // Which of the ids the links, incidents and routes name are written: a set of every written id took 20–40 ms at 37,000 features.
    const named = new Set([...atlas.relations.flatMap((r) => [r.from, r.to]), ...atlas.incidents.flatMap((inc) => inc.features), ...atlas.routes.flatMap((r) => r.via)]);
    const ids = new Set<string>();
    if (named.size > 0) for (const f of features) if (named.has(f.id)) ids.add(f.id);
    const relations = atlas.relations
      .filter((r) => ids.has(r.from) && ids.has(r.to))
      .map((r) => ({ ...pick(r, ['id', 'from', 'to', 'type', 'statement', 'by', 'date', 'status']), sources: cat.cite(r.sources) }));
    const incidents = atlas.incidents
      .filter((inc) => inc.features.every((id) => ids.has(id)))
      .map((inc) => ({ id: inc.id, title: inc.title, features: [...inc.features], claims: inc.claims.map((c) => exportClaim(c, cat)) }));
    const routes = atlas.routes.filter((r) => r.via.every((id) => ids.has(id))).map((r) => ({ id: r.id, title: r.title, via: [...r.via], note: r.note, sources: cat.cite(r.sources) }));
    const calendars = exportedCalendars(atlas, this.definitions);
    const sources = [...cat.used.values()].map(sourceRecord);
    const originators = citedOriginators(atlas.originators, sources);
    const timeZones = declaredZones(this.zones);
    return {
      type: 'FeatureCollection',
      schemaVersion: EXPORT_SCHEMA_VERSION,
      conformsTo: [JSON_FG_CORE],
      name: this.name,
      sources,
      ...(originators.length > 0 ? { originators } : {}),
      relations,
      ...(relations.length > 0 ? { relationTypes: exportedRelationTypes(relations, atlas, this.definitions) } : {}),
      ...(incidents.length > 0 ? { incidents } : {}),
      ...(routes.length > 0 ? { routes } : {}),
      ...(calendars.length > 0 ? { calendars } : {}),
      ...(Object.keys(timeZones).length > 0 ? { timeZones } : {}),
    };
  }
}

/**
 * Builds an RFC 7946 FeatureCollection of the given features (all by default), each with
 * its facts, keys always in the same order, and the catalogue of the sources they cite.
 */
export function buildExport(atlas: Atlas, features: readonly EventFeature[] = atlas.features, name = DEFAULT_EXPORT_NAME, definitions: ExportDefinitions = {}): ExportedCollection {
  const writer = new ExportWriter(atlas, features, name, definitions);
  const exported = features.map((f) => writer.feature(f));
  return { ...writer.finish(), features: exported };
}

/** Above this many features the file is written without indentation, which would double its size. */
export const PRETTY_LIMIT = 1000;

/** Serialises an export as JSON text with a trailing newline, indented when it is small enough to read. */
export function serializeExport(collection: ExportedCollection): string {
  return `${JSON.stringify(collection, null, collection.features.length <= PRETTY_LIMIT ? 2 : undefined)}\n`;
}

/**
 * The text of `serializeExport(buildExport(...))`, as pieces to hand to a Blob: each feature
 * is written as soon as it is built, so a large export never holds the whole object tree
 * (for 100,000 events, most of the time went on collecting it) nor one string of its size.
 */
export function exportParts(atlas: Atlas, features: readonly EventFeature[] = atlas.features, name = DEFAULT_EXPORT_NAME, definitions: ExportDefinitions = {}): string[] {
  if (features.length <= PRETTY_LIMIT) return [serializeExport(buildExport(atlas, features, name, definitions))];
  const writer = new ExportWriter(atlas, features, name, definitions);
  return assemble(writer, features.map(featurePart(writer)));
}

/**
 * As `exportParts`, handing the page back every `STEP` features, so that a large export,
 * which takes seconds, never freezes the page while it is written. Each feature's bytes
 * come from the workers' Blobs where they have made them (see `piece-blobs.ts`); the rest
 * are written here, into one Blob, encoded as they are written (see `BlobWriter`). Every
 * feature is written here again only if the worker gathering scattered bytes fails.
 */
export async function exportPartsInSteps(atlas: Atlas, features: readonly EventFeature[] = atlas.features, name = DEFAULT_EXPORT_NAME, definitions: ExportDefinitions = {}): Promise<BlobPart[]> {
  if (features.length <= PRETTY_LIMIT) return exportParts(atlas, features, name, definitions);
  const slicer = new ExportWriter(atlas, features, name, definitions);
  const sliced = await slicer.slices(features);
  if (sliced) {
    const [head, , tail] = assemble(slicer, ['']);
    return [head, ...sliced, tail];
  }
  const writer = new ExportWriter(atlas, features, name, definitions);
  const written = await blobInSteps(features, featurePart(writer));
  const [head, , tail] = assemble(writer, ['']);
  return [head, written, tail];
}

/** One feature's text in the `features` list, after a comma unless it is the first. */
const featurePart = (writer: ExportWriter) => (f: EventFeature, i: number) => (i === 0 ? '' : ',') + writer.text(f);

/** The collection around the written features; `features` is its last member, so the head is the rest with an empty list, opened. */
function assemble(writer: ExportWriter, parts: string[]): string[] {
  return [JSON.stringify({ ...writer.finish(), features: [] }).slice(0, -2), ...parts, ']}\n'];
}

/**
 * A feature's export text as a worker writes it for the page (see `stored-feature.ts`): the
 * text `Export GeoJSON` writes, without `layerTitle`, which is the title of the layer in the
 * atlas the page exports (a file's layer may join one already loaded under another title),
 * and where it goes. `meta` is the JSON list of the layer id, the time's zone ("" when
 * undated) and every source id the feature cites, in the order the writer cites them: what
 * the page's export needs for its catalogue and zones without parsing the feature.
 */
export function featureText(f: EventFeature, sources: ReadonlyMap<string, Source>): WrittenFeature {
  const cited: string[] = [];
  const { type, id, time, place, geometry, properties } = exportFeature(f, new Catalogue(sources, cited), new Map());
  // Every member in the order the page's writer puts them, `layerTitle` left for the page.
  const { title, titles, layer, layerTitle: _, ...rest } = properties;
  const head = JSON.stringify({ type, id, time, place, geometry, properties: { title, titles, layer } }).slice(0, -2);
  const text = `${head},${JSON.stringify(rest).slice(1)}}`;
  return { text, titleAt: head.length, meta: JSON.stringify([layer, f.properties.time?.zone ?? '', ...cited]) };
}
