/**
 * What the GeoJSON export writes of the atlas beyond its data: the definitions of the
 * relation types its links use and the calendars it shows dates in, which live in the
 * atlas's manifest, not in its files, and were lost when an export was opened again (a link
 * of the atlas's own type came back labelled by its bare id). Kept apart from `export.ts`
 * so that the writer of the collection and these lists change independently.
 */
import { calendarsOf, relationTypesOf, type RelationTypeDef } from './manifest';
import type { Atlas, Relation } from './schema';

/** What the page knows of its atlas beside the atlas itself: the manifest's relation types and calendars (with those of files added). */
export interface ExportDefinitions {
  relationTypes?: Readonly<Record<string, RelationTypeDef>>;
  calendars?: readonly string[];
}

/**
 * The definition of each type the written links use, in the order of their ids: the
 * caller's (the manifest's, which reword or add to the built-in ones), else those a file
 * added to the map brought, else the built-in ones. Every member written, in one order, so
 * that the same atlas always writes the same bytes; a type none defines is left out, and the
 * importer names it.
 */
export function exportedRelationTypes(relations: readonly Relation[], atlas: Pick<Atlas, 'relationTypes'>, given: ExportDefinitions): Record<string, RelationTypeDef> {
  const known: Readonly<Record<string, RelationTypeDef>> = { ...relationTypesOf(undefined, atlas), ...given.relationTypes };
  const out: Record<string, RelationTypeDef> = {};
  for (const type of [...new Set(relations.map((r) => r.type))].sort()) {
    if (!Object.hasOwn(known, type)) continue;
    const { label, outgoing, incoming, note, line, color } = known[type];
    out[type] = { label, outgoing, incoming, note, line, ...(color ? { color } : {}) };
  }
  return out;
}

/** The calendars to write: the caller's, then any a file added to the map brought, each once. */
export const exportedCalendars = (atlas: Pick<Atlas, 'calendars'>, given: ExportDefinitions): string[] => calendarsOf(given, atlas);
