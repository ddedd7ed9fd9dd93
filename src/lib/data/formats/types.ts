import type { Feature, Geometry } from 'geojson';
import type { EventProperties, LayerDef, Originator, Problem, Source } from '../schema';
import type { DecodedText } from '../import';

/**
 * A feature as a converter reads it: the app's properties on whatever geometry the file
 * holds (Point, LineString, Polygon, their Multi forms, with or without heights).
 */
export type ImportedFeature = Feature<Geometry, EventProperties> & { id: string };

/** How an import names the app's own export format (here, so that the page can tell it without loading the converters). */
export const APP_EXPORT_FORMAT = 'this map’s GeoJSON export';

/** One file handed to a converter: its name, its text and when it was last changed. */
export interface InputFile {
  name: string;
  text: string;
  /** Milliseconds since 1970, from the file system; undefined when unknown. */
  modified?: number;
  /** The raw bytes, for archives (KMZ). */
  bytes?: Uint8Array;
  /** What the text was decoded from (see `decodeBytes`); undefined when it was not read from bytes. */
  encoding?: DecodedText['encoding'];
  /** The sources the map already holds under ids a file's own source could take, by id (see `fileSourceIdsInUse`), so that it takes another. */
  loaded?: ReadonlyMap<string, Source>;
}

/** What a converter makes of one file (or of a set of files read together): its layers (one, or one per kind of event its format codes) and its sources. */
export interface Converted {
  file: string;
  /** The name of the format, for the summary ("ACLED CSV", "KML"). */
  format: string;
  layers: LayerDef[];
  features: ImportedFeature[];
  sources: Source[];
  /** The file itself, as the originator of the sources it names without a web address (see `FileContext.originator`). */
  originators: Originator[];
  /** Rows or features left out, each naming its line or feature number. */
  problems: Problem[];
  /** The file is this map's own CSV or KML export, which carries less than the map holds (see `sameFeature`). */
  ownExport?: boolean;
}

/** A file the app cannot use, and why, in a sentence for the user. */
export interface Refusal {
  file: string;
  refused: string;
}

export type ConvertResult = Converted | Refusal;

export const isRefusal = (r: ConvertResult): r is Refusal => 'refused' in r;

/** Which CSV column holds what, as recognised or as the user picked it. */
export interface ColumnMapping {
  latitude: string;
  longitude: string;
  date?: string;
  title?: string;
}
