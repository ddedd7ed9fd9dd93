/**
 * The relation types and calendars of this map's GeoJSON export, read back and checked by
 * the rules of an atlas manifest, which is where they come from (see `export-definitions.ts`
 * for why the export writes them). Every problem is named; a definition or calendar that
 * breaks a rule is left out, the rest kept.
 */
import * as v from 'valibot';
import { DEFAULT_RELATION_TYPES, type RelationTypeDef } from './manifest';
import { ALL_ISSUES, isCalendar, issueAt, RelationTypeIdSchema, RelationTypeSchema } from './manifest-parse';
import type { Atlas, Problem, Relation } from './schema';
import { quote, short, shortId } from './schema-constants';
import { isObject, type Json } from './formats/json';

/** What a file defines beside its data, and the problems found in it. */
export interface ReadDefinitions {
  definitions: Pick<Atlas, 'relationTypes' | 'calendars'>;
  problems: Problem[];
}

/**
 * Reads an export's `relationTypes` and `calendars`. `relations` are the links kept: one whose
 * type neither the file's `relationTypes` nor the app defines is named in a warning (it is
 * drawn and described under its id). A file written before these members were (no
 * `relationTypes`) gives no such warning, since it could not define its types.
 */
export function readDefinitions(file: string, json: Json, relations: readonly Relation[]): ReadDefinitions {
  const problems: Problem[] = [];
  const problem = (message: string, field?: string, severity: Problem['severity'] = 'error', feature?: string) => problems.push({ file, ...(feature ? { feature } : {}), ...(field ? { field } : {}), message, severity });
  const definitions: ReadDefinitions['definitions'] = {};
  if (json.relationTypes !== undefined) {
    const types: Record<string, RelationTypeDef> = {};
    if (!isObject(json.relationTypes)) problem('must be an object of relation types by id; the definitions were left out', 'relationTypes');
    else {
      for (const [id, def] of Object.entries(json.relationTypes)) {
        const field = `relationTypes.${short(id)}`;
        const idIssues = v.safeParse(RelationTypeIdSchema, id).issues ?? [];
        const parsed = v.safeParse(RelationTypeSchema, def, ALL_ISSUES);
        const defIssues = parsed.issues ?? [];
        for (const issue of idIssues) problem(`${issue.message} (a relation type's id); the definition was left out`, field);
        for (const issue of defIssues) {
          const at = issueAt(issue, field);
          problem(`${at.message}; the definition was left out`, at.field);
        }
        // The schema's output: its members alone, trimmed, whatever else the file's record holds.
        if (idIssues.length === 0 && parsed.success) types[id] = parsed.output;
      }
    }
    for (const r of relations) {
      if (!Object.hasOwn(types, r.type) && !Object.hasOwn(DEFAULT_RELATION_TYPES, r.type)) {
        problem(`names the relation type ${quote(r.type)}, which the file's "relationTypes" does not define; it is shown under that id`, 'type', 'warning', shortId(r.id));
      }
    }
    definitions.relationTypes = types;
  }
  if (json.calendars !== undefined) {
    if (!Array.isArray(json.calendars)) problem('must be a list of calendars, such as ["persian"]; the calendars were left out', 'calendars');
    else {
      const calendars = new Set<string>();
      json.calendars.forEach((c: unknown, i) => {
        if (typeof c === 'string' && isCalendar(c)) calendars.add(c);
        else problem(`must be a calendar Intl knows, such as "persian" or "islamic" (got ${quote(c)}); it was left out`, `calendars[${i}]`);
      });
      definitions.calendars = [...calendars];
    }
  }
  return { definitions, problems };
}
