import type { Atlas, LayerDef } from './schema';

/**
 * The atlas manifest's types and the helpers the page uses. Checking a manifest needs
 * valibot and the validators, so it lives apart, in `manifest-parse.ts` (run in the worker
 * that loads an atlas).
 */

/** The manifest's file name inside an atlas folder. */
export const MANIFEST_FILE = 'atlas.json';
/** The manifest format this app reads. */
export const MANIFEST_VERSION = 1;

/** How an arc of a relation type is drawn. */
export const LINE_STYLES = ['solid', 'dashed', 'dotted'] as const;
export type LineStyle = (typeof LINE_STYLES)[number];

/**
 * A kind of link between two features: its name in the panel, the words on each end
 * ("Followed by" / "Follows"), a note that may name the party (`{by}`), and its line.
 */
export interface RelationTypeDef {
  label: string;
  outgoing: string;
  incoming: string;
  note: string;
  line: LineStyle;
  color?: string;
}

/** Text in several languages, keyed by BCP 47 language tag. */
export type Texts = Record<string, string>;

/** An atlas manifest (`atlas.json`), after validation. */
export interface Manifest {
  schemaVersion: number;
  /** Lowercase slug; export file names derive from it. */
  id: string;
  title: Texts;
  /** A short line under the title (dates, scope). */
  subtitle?: Texts;
  description: Texts;
  defaultLanguage: string;
  /** The atlas's home zone, an IANA name such as `Asia/Tehran`. */
  timeZone: string;
  /** Zone abbreviations the data's times use, each with its IANA zone (`{"IRST": "Asia/Tehran"}`). */
  zones: Record<string, string>;
  layers: LayerDef[];
  sources: string;
  story?: string;
  relations?: string;
  incidents?: string;
  routes?: string;
  /** City labels for the offline basemap. */
  places?: string;
  relationTypes: Record<string, RelationTypeDef>;
  /** Calendars besides the Gregorian one that the panel shows dates in (Intl calendar ids). */
  calendars: string[];
}

/** The relation types every atlas has; a manifest may add more or reword these. */
export const DEFAULT_RELATION_TYPES: Readonly<Record<string, RelationTypeDef>> = {
  retaliation: { label: 'Presented as retaliation', outgoing: 'Followed by', incoming: 'Follows', note: 'presented as retaliation by {by}', line: 'solid' },
  context: { label: 'Linked in reporting', outgoing: 'Followed by', incoming: 'Follows', note: 'linked in reporting, not claimed as retaliation', line: 'dashed' },
};

/** A manifest for a folder that has only the older `layers.json`: its layers and the default file names. */
export function legacyManifest(layers: LayerDef[]): Manifest {
  return {
    schemaVersion: MANIFEST_VERSION,
    id: 'atlas',
    title: { en: 'Atlas' },
    description: { en: '' },
    defaultLanguage: 'en',
    timeZone: 'UTC',
    zones: {},
    layers,
    sources: 'sources.json',
    story: 'story.json',
    relations: 'relations.json',
    incidents: 'incidents.json',
    routes: 'routes.json',
    places: 'basemap-places.geojson',
    relationTypes: {},
    calendars: [],
  };
}

/** A text in the language asked for, else the manifest's default language, else any. */
export function textIn(texts: Texts, manifest: Pick<Manifest, 'defaultLanguage'>, lang = manifest.defaultLanguage): string {
  return texts[lang] ?? texts[manifest.defaultLanguage] ?? Object.values(texts)[0] ?? '';
}

/**
 * Every relation type of an atlas: the built-in ones, reworded or extended by the manifest;
 * with `atlas`, also those the files added to it define (see `Atlas.relationTypes`), which
 * never change one already known, as a file never changes what is loaded.
 */
export function relationTypesOf(manifest: Pick<Manifest, 'relationTypes'> | undefined, atlas?: Pick<Atlas, 'relationTypes'>): Record<string, RelationTypeDef> {
  return { ...atlas?.relationTypes, ...DEFAULT_RELATION_TYPES, ...(manifest?.relationTypes ?? {}) };
}

/** The calendars dates are shown in: the manifest's, then those files added to the atlas name (see `Atlas.calendars`), each once. */
export function calendarsOf(manifest: { readonly calendars?: readonly string[] } | undefined, atlas: Pick<Atlas, 'calendars'>): string[] {
  return [...new Set([...(manifest?.calendars ?? []), ...(atlas.calendars ?? [])])];
}

/** How a relation of an unknown type (from an imported file) is described and drawn. */
export function relationTypeOf(types: Readonly<Record<string, RelationTypeDef>>, type: string): RelationTypeDef {
  return Object.hasOwn(types, type) ? types[type] : { label: type, outgoing: 'Linked to', incoming: 'Linked from', note: `${type}, according to {by}`, line: 'dashed' };
}

/** The note of a relation type with the party filled in (plain text, never markup). */
export function relationNote(def: RelationTypeDef, by: string): string {
  return def.note.replaceAll('{by}', by);
}
