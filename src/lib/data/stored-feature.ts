import { joinTexts, splitTexts, type JoinedTexts } from './joined-texts.ts';
import type { EventFeature } from './schema';

/**
 * Features as they travel from a worker to the page: ids joined into one string (see
 * `joined-texts.ts`), points as numbers, other geometries as they are, and each feature's
 * `properties` as JSON text, all of a piece's texts as one string. Taking 100,000 features as objects (about fifteen each, with
 * fifty values) kept the page's thread busy for about a second, plus as much again of
 * garbage collection; taking them as 100,000 strings put 100,000 objects in the page's
 * heap for every collection to walk; one string a piece of 5,000 is one object, which a
 * collection marks without reading. It was one UTF-8 buffer a piece until 5 December, but
 * Chromium's `TextEncoder` took about half a second of each import worker's time at
 * 100,000 events, for a buffer that saved nothing over a string once the page had it.
 * Points go as numbers for the same reason as the texts: Chromium's structured clone of
 * 100,000 point objects took 106–191 ms, of their numbers 10–25 ms, and a page that only
 * filters and draws them never makes the objects.
 */
export interface WireFeatures {
  ids: JoinedTexts;
  /** Longitude and latitude of each feature whose geometry is a point of two numbers; NaN and NaN for the others. */
  points: Float64Array;
  /** The other geometries (lines, areas, multi-geometries, points with a height), in their features' order. */
  shapes: EventFeature['geometry'][];
  /** Each feature's `properties` as `JSON.stringify` writes them, one after another. */
  text: string;
  /** Where each feature's text ends in `text` (it starts where the one before ends). */
  ends: Uint32Array;
}

/**
 * A feature's export text as its worker wrote it (`featureText` in `export.ts`): everything
 * `Export GeoJSON` writes for it but the layer's title, which goes at `titleAt`; `meta`, the
 * JSON list of its layer id, its time's zone and the source ids it cites.
 */
export interface WrittenFeature {
  /** "" when the worker made its bytes (`piece`) instead. */
  text: string;
  titleAt: number;
  meta: string;
  /** Its piece's Blobs, when the worker made them, and its place in the piece (see `PieceBytes`). */
  piece?: PieceBytes;
  at?: number;
}

/** The export texts of a piece's features, in the piece's order: what a worker sends once the page has the features. */
export interface WrittenPiece {
  texts: string[];
  titleAt: Uint32Array;
  meta: string[];
  /** The same features' bytes in a GeoJSON export, when the worker was given the layers' titles. */
  bytes?: PieceBytes;
}

/**
 * A piece's features as the bytes `Export GeoJSON` writes for them in its features list, one
 * Blob, which an export of many joins (`joinSpans` in `piece-blobs.ts`): each feature after
 * a comma, with its layer's title from `titles` put in (no bytes for a feature whose layer
 * `titles` lacks). The page takes the bytes only where its atlas titles the layer the same.
 * (Export CSV gains nothing from such Blobs: it writes the shown features in time order,
 * which scatters them over every piece.)
 */
export interface PieceBytes {
  geojson: Blob;
  /** Where each feature's bytes end in `geojson` (they start where the one before ends). */
  geojsonEnds: Uint32Array;
  /** The layers' titles put in, by layer id. */
  titles: Record<string, string>;
}

/** The wire form of some features (in a worker); its points' buffer is the one to transfer. */
export function toWire(features: readonly EventFeature[]): WireFeatures {
  // Filled by push: a list made with `new Array(n)` is holey, and goes in the structured clone's slower sparse form.
  const ids: string[] = [];
  const points = new Float64Array(2 * features.length).fill(Number.NaN);
  const shapes: EventFeature['geometry'][] = [];
  const texts: string[] = [];
  features.forEach((f, i) => {
    const g = f.geometry;
    if (g.type === 'Point' && g.coordinates.length === 2) points.set(g.coordinates, 2 * i);
    else shapes.push(g);
    ids.push(f.id);
    texts.push(JSON.stringify(f.properties));
  });
  const { text, ends } = joinTexts(texts);
  return { ids: joinTexts(ids), points, shapes, text, ends };
}

/**
 * A feature whose properties stay as the text they came in until something reads them (its
 * panel, its row in the list, a label, a CSV or KML export), and are then parsed once. Filtering,
 * drawing, counting and search read the index's columns, so most of 100,000 features are
 * never parsed. The properties are a validated feature's, written by `JSON.stringify` in the
 * worker: parsing them gives the same values (undefined members were left out either way).
 */
export class StoredFeature implements EventFeature {
  readonly type = 'Feature' as const;
  /** The geometry, made from `lon` and `lat` when first read for a point that came as numbers. */
  #geometry: EventFeature['geometry'] | null;
  /** A point's longitude and latitude as they came (NaN when the geometry came whole): what anchors, filters and the map read without making the geometry. */
  readonly lon: number;
  readonly lat: number;
  /** The piece's texts, shared by its features, until this one's are parsed. */
  #text: string | null;
  #start: number;
  #end: number;
  #properties: EventFeature['properties'] | null = null;
  /**
   * The feature's export text, once its worker has sent it (after the load, see
   * `send-pieces.ts`): a GeoJSON export then writes it as it is instead of building it again.
   */
  written: WrittenFeature | null = null;

  /**
   * `text` from `start` to `end` holds the properties as JSON; `geometry` is the geometry,
   * or null for a point given as `lon` and `lat`.
   */
  constructor(readonly id: string, geometry: EventFeature['geometry'] | null, text: string, start = 0, end = text.length, lon = Number.NaN, lat = Number.NaN) {
    this.#geometry = geometry;
    this.lon = lon;
    this.lat = lat;
    this.#text = text;
    this.#start = start;
    this.#end = end;
  }

  get geometry(): EventFeature['geometry'] {
    return (this.#geometry ??= { type: 'Point', coordinates: [this.lon, this.lat] });
  }

  get properties(): EventFeature['properties'] {
    if (this.#properties === null) {
      this.#properties = JSON.parse((this.#text as string).slice(this.#start, this.#end)) as EventFeature['properties'];
      // Once every feature of its piece is parsed, the piece's text can go.
      this.#text = null;
    }
    return this.#properties;
  }

  /** What `JSON.stringify` writes: the plain feature, properties included (a getter would be left out). */
  /** The properties as JSON: the text they came as while unparsed, else written again. */
  propertiesText(): string {
    return this.#properties === null ? (this.#text as string).slice(this.#start, this.#end) : JSON.stringify(this.#properties);
  }

  toJSON(): EventFeature {
    return { type: 'Feature', id: this.id, geometry: this.geometry, properties: this.properties };
  }
}

/** Gives each feature of a piece (as `fromWire` made them) its export text. */
export function attachWritten(features: readonly EventFeature[], piece: WrittenPiece): void {
  const { bytes } = piece;
  features.forEach((f, i) => {
    if (f instanceof StoredFeature) f.written = { text: piece.texts[i], titleAt: piece.titleAt[i], meta: piece.meta[i], ...(bytes ? { piece: bytes, at: i } : {}) };
  });
}

/** The features of a wire piece (on the page). */
export function fromWire(wire: WireFeatures): EventFeature[] {
  const out: EventFeature[] = [];
  const { points, shapes, text, ends } = wire;
  const ids = splitTexts(wire.ids);
  let shape = 0;
  for (let i = 0; i < ids.length; i++) {
    const lon = points[2 * i];
    const start = i === 0 ? 0 : ends[i - 1];
    out.push(Number.isNaN(lon) ? new StoredFeature(ids[i], shapes[shape++], text, start, ends[i]) : new StoredFeature(ids[i], null, text, start, ends[i], lon, points[2 * i + 1]));
  }
  return out;
}

/**
 * Above this many features on the page, properties are left as text until read (parsed, a
 * million features' objects would hold about 1.5 GB), and the workers are stopped before
 * they send the export texts, which would be a second copy of each feature.
 */
export const HYDRATE_LIMIT = 250_000;

/** Loads whose workers are sending export texts now, and what waits until none are (see `textsSent`). */
let textSenders = 0;
const onceSent: (() => void)[] = [];

/**
 * Counts a load whose workers go on to send the features' export texts; the function given
 * back ends the count (once), when the last of them has stopped.
 */
export function sendingTexts(): () => void {
  textSenders++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (--textSenders === 0) for (const go of onceSent.splice(0)) go();
  };
}

/**
 * Resolves once no load's workers are sending export texts. Work that can wait (the CSV
 * written ahead) waits for them: side by side with the workers' texts it added 130–190 MB
 * to the tab's highest after a 100,000-event load.
 */
export const textsSent = (): Promise<void> => (textSenders === 0 ? Promise.resolve() : new Promise((resolve) => onceSent.push(resolve)));

/**
 * From this many features the page writes the CSV lines ahead, after a load (see
 * `csv-ahead.ts`); below it an export written when asked for takes a fraction of a second.
 */
export const AHEAD_MIN = 5000;

/** How long one background task may parse, in milliseconds: a keystroke or a drag arriving meanwhile waits no longer than this. */
const SLICE_MS = 8;

/**
 * Runs `task` when the page has nothing more urgent to do: a background task where the
 * browser has a scheduler, else a timeout. With `latestMs`, it runs after that long at the
 * latest, once: a page kept busy (a playback on a slow machine) never runs background tasks.
 */
export function later(task: () => void, latestMs?: number): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    task();
  };
  const scheduler = (globalThis as { scheduler?: { postTask?: (t: () => void, o: { priority: string }) => Promise<unknown> } }).scheduler;
  if (scheduler?.postTask) void scheduler.postTask(once, { priority: 'background' });
  else setTimeout(once, 0);
  if (latestMs !== undefined) setTimeout(once, latestMs);
}

/**
 * How long the workers wait at most for the page to be idle before they write the export
 * texts: until then they hold their parsed features (several hundred MB at 100,000 events).
 */
export const WRITE_LATEST_MS = 3000;

/**
 * Parses the properties of `features` a few milliseconds at a time, in background tasks that
 * give way to anything the reader does, so that a panel, the list or an export later finds
 * them ready. The page thus shows the map before it has taken the features as objects,
 * instead of after. Stops for good when `current()` turns false (another atlas or file
 * replaced the list). Does nothing past `HYDRATE_LIMIT` features.
 * Starts once no load's workers are sending export texts (`textsSent`), as the CSV written
 * ahead does, or `PARSE_LATEST_MS` after the features came, whichever is first: parsed while
 * the first worker wrote its bytes, they raised the tab's highest after a 100,000-event load
 * (799–823 MB against 726–780 MB, `bench:memory`, four runs of each build alternating); but
 * the workers hold while the reader acts, and an export written on the page meanwhile
 * parses every feature it writes (100,000 properties: 0.3–0.7 s here). A feature read
 * before then is parsed when read.
 */
export function hydrateInBackground(features: readonly EventFeature[], current: () => boolean): void {
  if (features.length > HYDRATE_LIMIT) return;
  let at = 0;
  const slice = () => {
    if (!current()) return;
    // Checked again now and then, not at every idle moment: the page is mostly idle while the workers load.
    if (loads > 0) return void setTimeout(() => later(slice), LOAD_CHECK_MS);
    const until = performance.now() + SLICE_MS;
    // Reading `properties` parses a stored feature's text once; for any other feature it costs nothing. The clock is read every 256 features.
    while (at < features.length && (at & 255 || performance.now() < until)) void features[at++].properties;
    if (at < features.length) later(slice);
  };
  // Asked in a task of its own: the load that gave these features counts its writers (`sendingTexts`) after handing them over.
  later(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const latest = new Promise<void>((resolve) => (timer = setTimeout(resolve, PARSE_LATEST_MS)));
    void Promise.race([textsSent(), latest]).then(() => {
      clearTimeout(timer);
      later(slice);
    });
  });
}

/** Loads running (a file added, an atlas opened): the properties are not parsed meanwhile (see `holdParsingWhile`). */
let loads = 0;
/** How often parsing held by a load looks again. */
const LOAD_CHECK_MS = 250;

/**
 * Holds the parsing of properties in the background until `done` settles: a load needs
 * both cores, and the features being parsed are thrown away if it replaces them (with
 * 100,000 events on the map, an atlas opened at a URL over them spent 0.7 s of the page's
 * thread parsing the old features' properties while its workers loaded the new ones).
 */
export function holdParsingWhile(done: Promise<unknown>): void {
  loads++;
  const end = () => void loads--;
  done.then(end, end);
}

/** How long after the features came their properties are parsed at the latest, the load's workers done or not: after the first worker's writing, where the tab's highest was, on this machine. */
export const PARSE_LATEST_MS = 5000;

/** What to transfer with a worker's message rather than copy: a piece's points buffer, if it carries one. */
export function transferOf(msg: { type: string; features?: unknown }): Transferable[] {
  const features = msg.type === 'features' ? (msg.features as WireFeatures | undefined) : undefined;
  return features?.points ? [features.points.buffer as ArrayBuffer] : [];
}
