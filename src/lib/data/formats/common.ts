import type { Geometry, Point, Position } from 'geojson';
import { MAX_ID_LENGTH, type Claim, type EventTime, type LayerDef, type LocationInfo, type Originator, type Problem, type Source } from '../schema';
import { short } from '../validate';
import { PRECISION_NOT_STATED, UNKNOWN_RADIUS_M } from '../unstated-precision';
import type { Converted, ImportedFeature, InputFile } from './types';
import { RepeatedIds } from './repeated-ids';
import { sameArticle } from '../same-article';
import { fileSourceBase } from './file-source-ids';

/** Longest text taken from a file into one statement or note; the rest is cut with "…". */
export const TEXT_MAX = 2000;

/** A string value of a file, trimmed, or undefined when it is not a non-empty string or number. */
export function text(v: unknown, max = TEXT_MAX): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '') return undefined;
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * A place as a row names it, from the most local name to the widest, then the country, so
 * that the place shown (and searched) says which country it is in; the country is left out
 * when one of the names already is it ("Iraq" as an ACLED location). Empty names drop out.
 */
export function placeText(names: readonly (string | undefined)[], country: string | undefined): string | undefined {
  const parts = names.map((s) => text(s, 200)).filter((s): s is string => s !== undefined);
  const nation = text(country, 200);
  if (nation !== undefined && !parts.some((p) => p.toLowerCase() === nation.toLowerCase())) parts.push(nation);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * What a codebook's table says of a code a file gives (trimmed), or undefined: only the
 * table's own entries count, so a cell reading "constructor" or "toString" finds nothing.
 */
export function coded<T>(table: Readonly<Record<string, T>>, code: string | undefined): T | undefined {
  const key = code?.trim();
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Lowercase letters, digits and hyphens: the id rule. Letters with accents lose them; other scripts drop out. */
export function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A file's name without folders and extension. */
export function stem(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

/** YYYY-MM-DD of a time in milliseconds (UTC). */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * What one file's conversion collects: its layer, its sources, unique ids and the problems
 * found, each naming the line or feature. One per file (or per set of files read together).
 *
 * The converters' own words in each feature (notes, records) keep to Latin-1: straight
 * quotes and apostrophes, ">" between ACLED's event types. One character past U+00FF makes
 * V8 hold a feature's text at two bytes a character, and the whole piece of 5,000 features
 * it travels to the page in; with a curly apostrophe in every ACLED feature's notes, adding
 * 100,000 rows took 13.5-16.2 s against 9.3-10.9 s without (three loads each, alternating),
 * the structured clone of each piece twice as long. Problems and messages are not stored
 * per feature, and keep the app's usual typography.
 */
export class FileContext {
  readonly layer: LayerDef;
  readonly sources = new Map<string, Source>();
  readonly features: ImportedFeature[] = [];
  readonly problems: Problem[] = [];
  private readonly ids = new Set<string>();
  private readonly repeated = new RepeatedIds();
  /** The layers of the kinds the file's features are sorted into (see `kindLayer`), by the kind's key. */
  private readonly kinds = new Map<string, { layer: LayerDef; rank: number }>();
  /** Whether a feature went into `layer` itself (of no known kind). */
  private plainUsed = false;
  /** Source ids by the text a row named them with, so a name met on every row is worked out once. */
  readonly named = new Map<string, string>();
  /** The file itself as a source: what every fact cites when the file names no source of its own. */
  readonly fileSource: Source;
  /**
   * The file as the originator of itself and of every source it names without a web
   * address: the reader knows such a source only through the file's word, so a fact that
   * cites the file and the sources it names has one independent originator, the file, not
   * one for each name ("via ACLED" beside them). A source with an address can be read, and
   * counts on its own.
   */
  readonly originator: Originator;
  /** Set by a converter that recognised this map's own CSV or KML export. */
  ownExport = false;
  /** Day the file was last changed, or today: the date of the claims the file makes itself. */
  readonly fileDay: string;

  /** The file's name. */
  readonly file: string;

  constructor(
    /** The file: its name, when it last changed, and the file sources the map already holds (see `fileSourceId`). */
    input: Pick<InputFile, 'name' | 'modified' | 'loaded'>,
    readonly format: string,
    /** Who published the data: the dataset ("ACLED", "UCDP") or the file's name. */
    readonly publisher: string,
  ) {
    const { name: file, modified } = input;
    this.file = file;
    const layerId = (slug(stem(file)) || 'imported').slice(0, 60).replace(/-+$/, '');
    this.layer = { id: layerId, title: short(stem(file)) || file, description: `Imported from ${file} (${format}).`, file, color: '#666666' };
    this.fileDay = isoDay(modified !== undefined && Number.isFinite(modified) ? modified : Date.now());
    const record = { publisher, title: short(file), published: this.fileDay };
    const base = fileSourceBase(layerId);
    const id = fileSourceId(base, record, input.loaded ?? new Map());
    this.copySuffix = id.slice(base.length);
    this.originator = { id, name: short(publisher) || short(file), type: 'dataset' };
    this.fileSource = { id, ...record, url: '', language: 'und', type: 'dataset', originator: id };
    this.addSource(this.fileSource);
  }

  /** "-2", "-3"… for a file whose own source took such an id (see `fileSourceId`); else empty. */
  private readonly copySuffix: string;

  /**
   * Adds a source to the catalogue (the first record of an id wins) and returns its id. A
   * source known only through the file (no web address) has the file as its originator, so
   * in a newer download of a file already added it takes the file source's suffix as well:
   * under the first download's id it was "recorded otherwise" (another originator), and
   * every row citing it was left out.
   */
  addSource(s: Source): string {
    const fileOwn = s.url === '' && !s.originator;
    const id = fileOwn && s.id !== this.fileSource?.id ? s.id + this.copySuffix : s.id;
    if (!this.sources.has(id)) this.sources.set(id, fileOwn ? { ...s, id, originator: this.originator.id } : s);
    return id;
  }

  /**
   * A unique, link-safe feature id: the file's own id (prefixed so two files cannot collide)
   * or, without one, the file's stem and the feature's number. Stable: the same file gives the same ids.
   * An own id met before (or one the map makes alike: case, spaces and punctuation aside) is
   * given a suffix, and named in a warning unless `noteRepeat` is false (a converter that
   * names each repeat on its row, see `SeenIds`).
   */
  featureId(own: unknown, index: number, prefix = this.layer.id, noteRepeat = true): string {
    const written = text(own, 200);
    const base = written !== undefined ? slug(`${prefix}-${written}`) : '';
    let id = (base || `${prefix}-${index + 1}`).slice(0, MAX_ID_LENGTH - 6).replace(/-+$/, '');
    if (this.ids.has(id)) {
      let n = 2;
      while (this.ids.has(`${id}-${n}`)) n++;
      id = `${id}-${n}`;
      if (noteRepeat && written !== undefined && base) this.repeated.note(written, id);
    }
    this.ids.add(id);
    return id;
  }

  /**
   * A feature's id as a file of this map's own export gives it (the CSV's `id` column, the
   * KML's `feature_id`), unprefixed: the events of an export opened again have their ids on
   * the map, and are left out as already there, as those of the GeoJSON export are, rather
   * than added a second time beside them. An id that is not link-safe, or taken already in
   * this file, is made as `featureId` makes one.
   */
  keptId(own: unknown, index: number): string {
    const id = typeof own === 'string' ? own.trim() : '';
    const safe = id.length > 0 && id.length <= MAX_ID_LENGTH && slug(id) === id;
    if (safe && !this.ids.has(id)) {
      this.ids.add(id);
      return id;
    }
    const given = this.featureId(own, index);
    if (safe) this.repeated.note(id, given);
    return given;
  }

  /**
   * The layer of the features of one kind, for a format whose kinds its codebook fixes
   * (ACLED's six event types, UCDP's three types of violence): the file's layer id with the
   * kind's, titled "file: kind". A data journalist tells protests from battles by colour and
   * turns each on and off in the legend. Only the codebook's kinds get a layer, so a file
   * cannot make thousands; a row of no such kind takes `plainLayer()`.
   */
  kindLayer(key: string, title: string, rank: number): string {
    let kind = this.kinds.get(key);
    if (!kind) {
      kind = { layer: { ...this.layer, id: `${this.layer.id}-${key}`, title: `${this.layer.title}: ${title}`, description: `Imported from ${this.file} (${this.format}): ${title}.` }, rank };
      this.kinds.set(key, kind);
    }
    return kind.layer.id;
  }

  /** The file's own layer, for a feature of no kind (see `kindLayer`). */
  plainLayer(): string {
    this.plainUsed = true;
    return this.layer.id;
  }

  /** The layers the features went into: the kinds' in their codebook's order, then the file's own; the file's own alone when no kind was used. */
  private layersUsed(): LayerDef[] {
    if (this.kinds.size === 0) return [this.layer];
    const kinds = [...this.kinds.values()].sort((a, b) => a.rank - b.rank).map((k) => k.layer);
    return this.plainUsed ? [...kinds, this.layer] : kinds;
  }

  /** The problems of positions out of range, and whether each looks projected (see `result`). */
  private readonly outside: { problem: Problem; projected: boolean }[] = [];

  /** Notes a feature left out for a position out of range (see `geometryProblem`). */
  outOfRange(where: string, message: string, position: Position): void {
    this.problem(where, message);
    this.outside.push({ problem: this.problems[this.problems.length - 1], projected: looksProjectedPosition(position) });
  }

  /**
   * Ties the warnings just noted about a row or feature (those at the end of the list naming
   * `where`) to the id it was added under, so that a merge can leave them out with the
   * feature when the map has it already (see `problemsOfAdded`).
   */
  tieWarnings(where: string, id: string): void {
    for (let i = this.problems.length - 1; i >= 0 && this.problems[i].feature === where; i--) {
      if (this.problems[i].severity === 'warning') this.problems[i].featureId = id;
    }
  }

  /** Notes a row or feature left out (or read only in part), naming where it is. */
  problem(where: string, message: string, severity: 'error' | 'warning' = 'error'): void {
    // Quoted values are already cut short; the sentence itself is kept whole up to a limit.
    this.problems.push({ file: this.file, feature: where, message: message.length > 300 ? `${message.slice(0, 300)}…` : message, severity });
  }

  /** The claim every feature carries: what the file itself records about it, cited to the file and its sources. */
  recordClaim(id: string, statement: string, sources: string[], date = this.fileDay, by = this.publisher): Claim {
    return { id: `${id}-record`, topic: 'record', statement, by, date, status: 'claimed', sources };
  }

  result(): Converted {
    // Asked only when several positions look projected: one number out of range is a slip, not a coordinate system.
    const projected = this.outside.filter((o) => o.projected);
    if (projected.length >= PROJECTED_HINT_ROWS) {
      for (const o of projected) o.problem.message += `: projected coordinates? ${projected.length} positions in the file lie outside the range in both numbers, as metres do`;
    }
    this.outside.length = 0;
    const repeats = this.repeated.problem(this.file);
    return { file: this.file, format: this.format, layers: this.layersUsed(), features: this.features, sources: [...this.sources.values()], originators: [this.originator], problems: repeats ? [repeats, ...this.problems] : this.problems, ...(this.ownExport ? { ownExport: true } : {}) };
  }
}

/**
 * The id of a file's own source: `base` (see `fileSourceBase`), unless the map holds
 * another file's source under it (a newer download of the same file, dated another day, or
 * the same name with another extension), then `base-2`, `base-3`… The file's rows keep their
 * ids, so those already on the map are still known by them and only the new ones are added;
 * with the same source id, every new row was left out for citing a source "recorded
 * otherwise" than the one loaded.
 */
function fileSourceId(base: string, record: Pick<Source, 'publisher' | 'title' | 'published'>, held: ReadonlyMap<string, Source>): string {
  let id = base;
  for (let k = 2; ; k++) {
    const loaded = held.get(id);
    // The file source is its own originator, so under this id it would be recorded with this id as its originator.
    if (!loaded || sameArticle(loaded, { ...record, url: '', originator: id })) return id;
    id = `${base}-${k}`;
  }
}

/** A position whose precision the file does not state. */
export function unstatedLocation(sources: string[]): LocationInfo {
  return { basis: 'reported', radiusM: UNKNOWN_RADIUS_M, note: PRECISION_NOT_STATED, sources };
}

/** Every position of a geometry, however nested. */
export function* positions(g: Geometry): Generator<Position> {
  if (g.type === 'GeometryCollection') {
    for (const part of g.geometries) yield* positions(part);
    return;
  }
  const walk = function* (c: unknown): Generator<Position> {
    if (!Array.isArray(c)) return;
    // A list of anything but lists is a position, numbers or not: ["57.1", "30.2"] is a position written as text, not an empty geometry.
    if (c.length > 0 && !Array.isArray(c[0])) yield c as Position;
    else for (const x of c) yield* walk(x);
  };
  yield* walk(g.coordinates);
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/**
 * Why a geometry cannot be placed, or undefined when it can: a known type, at least one
 * position, every position two or three finite numbers within longitude and latitude range.
 * `outside`, when given, receives the first position out of range.
 */
export function geometryProblem(g: unknown, outside?: (p: Position) => void): string | undefined {
  if (typeof g !== 'object' || g === null || !GEOMETRY_TYPES.has((g as Geometry).type)) return 'has no geometry the app can place';
  // A point (every row of a CSV) without the generator's walk: it was about a tenth of converting 100,000 ACLED rows.
  const point = (g as Geometry).type === 'Point' ? (g as Point).coordinates : undefined;
  if (Array.isArray(point) && typeof point[0] === 'number') return positionProblem(point, outside);
  let n = 0;
  try {
    for (const p of positions(g as Geometry)) {
      n++;
      const problem = positionProblem(p, outside);
      if (problem) return problem;
    }
  } catch {
    return 'has a geometry nested too deeply to read';
  }
  return n === 0 ? 'has an empty geometry' : undefined;
}

function positionProblem(p: Position, outside?: (p: Position) => void): string | undefined {
  if (p.length < 2 || p.length > 4 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) return 'has a position that is not two or three numbers';
  if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
    outside?.(p);
    return `has coordinates outside longitude/latitude range (longitude ${short(String(p[0]))}, latitude ${short(String(p[1]))})`;
  }
  return undefined;
}

/**
 * True for a position that looks projected (metres from a coordinate system other than WGS
 * 84): both numbers past ±180/±90 and one of them in the thousands. A single number out of
 * range (latitude 200) is more likely a slip of the keyboard.
 */
export const looksProjectedPosition = (p: Position): boolean => Math.abs(p[0]) > 180 && Math.abs(p[1]) > 90 && Math.max(Math.abs(p[0]), Math.abs(p[1])) >= 1000;

/** How many positions of a file must look projected before the report asks whether its coordinates are projected. */
export const PROJECTED_HINT_ROWS = 3;

/** The sentence for a file whose positions are all outside longitude/latitude range. */
export const PROJECTED =
  'its coordinates are not longitude and latitude (they lie outside ±180/±90, as projected coordinates in metres do) and it names no coordinate system the app can read; export it as WGS 84 (EPSG:4326), e.g. with ogr2ogr -t_srs EPSG:4326';

/** True when nothing could be placed and positions lay outside longitude/latitude range: the whole file is projected. */
export function looksProjected(ctx: FileContext): boolean {
  return ctx.features.length === 0 && ctx.problems.some((p) => p.message.includes('outside longitude/latitude'));
}

/**
 * A day-only time or window: in a zone the file does not name (placed in UTC, saying so), or
 * in `zone`, the zone the file gives for it and where it says so.
 */
export function dayTime(start: string, end: string | undefined, note: string, sources: string[], zone?: FileZone, clock?: string, unit: 'day' | 'month' | 'year' = 'day'): EventTime {
  // One sentence on what the file gives and where the day is placed: a clock without a zone was once said to be given and, next to it, "the day only"; a month, "the day only".
  const days = unit === 'day' ? 'the day' : 'its days';
  const given = clock
    ? zone
      ? ` The file gives the time ${clock} beside the day; only the day is placed, in ${zone.name} (${zone.from}).`
      : ` The file gives the time ${clock} but no time zone, so the app places only the day, in UTC.`
    : zone
      ? ` The file gives the ${unit} only, in ${zone.name} (${zone.from}).`
      : ` The file gives the ${unit} only and no time zone, so the app places ${days} in UTC.`;
  return {
    local: start,
    ...(end && end > start ? { end } : {}),
    precision: 'day',
    approximate: !!end && end > start,
    zone: zone?.name ?? 'UTC',
    note: `${note}${given}`,
    sources,
  };
}

/** A time zone a file gives for its days: its name as the app reads it (an IANA name, or "UTC+05:00"), and where the file gives it. */
export interface FileZone {
  name: string;
  from: string;
}
