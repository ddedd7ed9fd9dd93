import type { Feature, FeatureCollection, Point } from 'geojson';

/** The kinds of publisher a source can be; the panel shows it and independence counting uses it. */
export const SOURCE_TYPES = [
  'wire',
  'newspaper',
  'broadcaster',
  'state-media',
  'government',
  'armed-group',
  'ngo',
  'encyclopedia',
  'dataset',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/**
 * Source types that speak for a party to the events. A claim backed only by these
 * is one side's word, not independent confirmation.
 */
export const PARTY_SOURCE_TYPES: readonly SourceType[] = ['state-media', 'government', 'armed-group'];

/** One entry of the source catalog (`geodata/sources.json`). */
export interface Source {
  id: string;
  publisher: string;
  title: string;
  /** Publication date, YYYY-MM-DD; absent for undated reference pages. */
  published?: string;
  url: string;
  /** A snapshot of the page in a web archive. */
  archiveUrl?: string;
  /** When the snapshot was taken (ISO 8601 in UTC), as recorded by `npm run archive`. */
  archivedAt?: string;
  /** SHA-256 (hex) of the bytes the archive served for the snapshot, so a later copy can be compared. */
  archiveSha256?: string;
  /** BCP 47 language tag of the source's text. */
  language: string;
  type: SourceType;
  /**
   * Id of the agency (in the catalogue's `originators`) whose story this is, on its own
   * site or republished. Independence is counted by originator, not by URL.
   */
  originator?: string;
  /** A republished story whose originating agency is not known (listed by `npm run validate`). */
  syndicated?: boolean;
}

/** An agency or outlet that originates stories others republish. */
export interface Originator {
  id: string;
  name: string;
  type: SourceType;
}

export interface SourceCatalog {
  originators?: Originator[];
  sources: Source[];
}

export const CLAIM_STATUSES = ['confirmed', 'claimed', 'disputed', 'superseded'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const FIGURE_QUALIFIERS = ['about', 'at-least', 'more-than', 'up-to'] as const;
export type FigureQualifier = (typeof FIGURE_QUALIFIERS)[number];

/** A statement someone made, when, and who reported it. Figures carry a value and unit. */
export interface Claim {
  id: string;
  /** Claims about the same quantity share a topic, so they are shown side by side. */
  topic: string;
  statement: string;
  value?: number;
  /** Upper end when the claim is a range (e.g. 94–95). */
  valueMax?: number;
  /** How the source bounds the figure: "more than 300" is not "300". */
  qualifier?: FigureQualifier;
  unit?: string;
  /** Who made the claim (a person, body or outlet). */
  by: string;
  /** When the claim was made or first reported, YYYY-MM-DD. */
  date: string;
  status: ClaimStatus;
  /** Made by a government or military body. */
  official?: boolean;
  /** For a distance: the id of the feature it is measured from, so it can be checked against the map. */
  from?: string;
  sources: string[];
}

export const TIME_PRECISIONS = ['minute', 'hour', 'day'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

/** When an event happened, as reported, in local time. */
export interface EventTime {
  /** ISO 8601: a date (YYYY-MM-DD) when only the day is known, else a date-time with its UTC offset. */
  local: string;
  /** End of the window when the event is only known to lie between `local` and `end` (same format). */
  end?: string;
  precision: TimePrecision;
  approximate: boolean;
  /** Abbreviation of the local zone, e.g. IRST. */
  zone: string;
  note?: string;
  sources: string[];
}

export const LOCATION_BASES = ['reported', 'derived', 'estimate'] as const;
export type LocationBasis = (typeof LOCATION_BASES)[number];

/** Where a coordinate comes from and how far the true position may lie from it. */
export interface LocationInfo {
  basis: LocationBasis;
  radiusM: number;
  note: string;
  sources: string[];
}

/** Properties of one event or reference place in a `geodata/` layer file. */
export interface EventProperties {
  title: string;
  titleFa?: string;
  layer: string;
  /** Natural Earth name of the country the point lies in. */
  country: string;
  place: string;
  time?: EventTime;
  location: LocationInfo;
  actors: string[];
  claims: Claim[];
}

export type EventFeature = Feature<Point, EventProperties> & { id: string };
export type EventCollection = FeatureCollection<Point, EventProperties>;

/** One map layer, as listed in `geodata/layers.json`; the list order is the draw order. */
export interface LayerDef {
  id: string;
  title: string;
  description: string;
  /** File name inside `geodata/`. */
  file: string;
  color: string;
}

export interface LayerList {
  layers: LayerDef[];
}

/** Longest feature, relation or story step id: ids go into shareable links, which must stay short. */
export const MAX_ID_LENGTH = 120;

/** A problem found in the data, precise enough to fix: which file, which feature, which field. */
export interface Problem {
  file: string;
  feature?: string;
  field?: string;
  message: string;
  severity: 'error' | 'warning';
}

export const RELATION_TYPES = ['retaliation', 'context', 'launch'] as const;
/**
 * `retaliation`: a party presented `to` as its answer to `from`.
 * `context`: sources link the two events without either being claimed as an answer.
 * `launch`: the missiles that hit `to` were reported as launched from the area `from`.
 */
export type RelationType = (typeof RELATION_TYPES)[number];

/** A sourced link between two features (`geodata/relations.json`), drawn as a great-circle arc. */
export interface Relation {
  id: string;
  from: string;
  to: string;
  type: RelationType;
  statement: string;
  by: string;
  date: string;
  status: ClaimStatus;
  sources: string[];
}

export interface RelationList {
  relations: Relation[];
}

/** One step of the guided story (`geodata/story.json`). */
export interface StoryStep {
  id: string;
  title: string;
  text: string;
  /** Features the camera fits; the first one's panel opens. */
  features: string[];
  relation?: string;
  /** `close` fits the features tightly, `region` with wide margins. */
  view: 'close' | 'region';
  sources: string[];
}

export interface Story {
  steps: StoryStep[];
}

/**
 * One event made of several features (the Kerman attack: two explosions). Figures about the
 * event as a whole (its death toll, the claim of responsibility) are its claims, not one
 * feature's (`geodata/incidents.json`).
 */
export interface Incident {
  id: string;
  title: string;
  /** The features that make up the event; their panels show the incident's claims too. */
  features: string[];
  claims: Claim[];
}

export interface IncidentList {
  incidents: Incident[];
}

/**
 * A road or path drawn through sourced points in order (`geodata/routes.json`): a schematic
 * line of straight segments between features whose positions are sourced, never a traced street.
 */
export interface Route {
  id: string;
  title: string;
  /** Feature ids in order along the route. */
  via: string[];
  /** What the route rests on and why it is drawn this way. */
  note: string;
  sources: string[];
}

export interface RouteList {
  routes: Route[];
}

/** Everything the app shows, after loading and validation. */
export interface Atlas {
  layers: LayerDef[];
  features: EventFeature[];
  relations: Relation[];
  incidents: Incident[];
  routes: Route[];
  story: StoryStep[];
  sources: Map<string, Source>;
  originators: Map<string, Originator>;
}
