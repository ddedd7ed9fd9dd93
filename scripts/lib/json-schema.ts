/**
 * JSON Schema files generated from the valibot schemas of `src/lib/data/schema.ts`, so the
 * published description of the files can never drift from what the app checks. Checks that
 * JSON Schema cannot say (a ring ends where it starts, a day-only time has precision "day",
 * a citation names a catalogued source) are left to `npm run validate`.
 */
import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import type { GenericSchema } from 'valibot';
import { ManifestSchema } from '../../src/lib/data/manifest-parse';
import {
  ClaimSchema,
  EventFeatureSchema,
  EventTimeSchema,
  IncidentListSchema,
  LayerFileSchema,
  LayerDefSchema,
  LocationInfoSchema,
  RelationListSchema,
  RouteListSchema,
  SourceCatalogSchema,
  StorySchema,
} from '../../src/lib/data/schema';
import { GeometrySchema, PositionSchema } from '../../src/lib/data/schema-geometry';

/** Where the files live in the repository. */
export const SCHEMA_DIR = 'docs/schema';

/** Each file: its name, title and the schema it describes. */
const FILES: [file: string, title: string, schema: GenericSchema][] = [
  ['feature.schema.json', 'One feature of a layer file (an event or reference place)', EventFeatureSchema],
  ['layer-file.schema.json', 'A layer file in geodata/: an RFC 7946 FeatureCollection', LayerFileSchema],
  ['atlas.schema.json', 'atlas.json: the atlas manifest, with its layers in draw order', v.object({ ...ManifestSchema.entries, layers: v.array(LayerDefSchema) })],
  ['sources.schema.json', 'geodata/sources.json: the source catalogue and its originators', SourceCatalogSchema],
  ['relations.schema.json', 'geodata/relations.json: sourced links between features', RelationListSchema],
  ['incidents.schema.json', 'geodata/incidents.json: events made of several features', IncidentListSchema],
  ['routes.schema.json', 'geodata/routes.json: schematic lines through sourced points', RouteListSchema],
  ['story.schema.json', 'geodata/story.json: the guided story', StorySchema],
];

/** The parts several files share, written once under `$defs` and referenced. */
const definitions = { Position: PositionSchema, Geometry: GeometrySchema, Claim: ClaimSchema, EventTime: EventTimeSchema, LocationInfo: LocationInfoSchema };

const config: ConversionConfig = {
  target: 'draft-2020-12',
  // Cross-field checks (rawCheck, check) have no JSON Schema form; the validator keeps them.
  errorMode: 'ignore',
  definitions,
};

/** Valibot types a position as GeoJSON's number[]; the ranges of its first two numbers are spelt out here. */
const POSITION: JsonSchema = {
  type: 'array',
  minItems: 2,
  maxItems: 3,
  prefixItems: [
    { type: 'number', minimum: -180, maximum: 180, description: 'longitude' },
    { type: 'number', minimum: -90, maximum: 90, description: 'latitude' },
  ],
  items: { type: 'number', description: 'height in metres' },
};

/** Drops the `$defs` a file never references (directly or through another definition). */
function pruneDefinitions(json: JsonSchema): void {
  const defs = json.$defs as Record<string, JsonSchema> | undefined;
  if (!defs) return;
  const { $defs: _, ...body } = json;
  const used = new Set<string>();
  const queue = [JSON.stringify(body)];
  while (queue.length > 0) {
    for (const [, name] of queue.pop()!.matchAll(/"#\/\$defs\/([A-Za-z]+)"/g)) {
      if (used.has(name)) continue;
      used.add(name);
      queue.push(JSON.stringify(defs[name]));
    }
  }
  for (const name of Object.keys(defs)) if (!used.has(name)) delete defs[name];
  if (Object.keys(defs).length === 0) delete json.$defs;
}

/** Every file as its text (two-space JSON with a trailing newline), by file name. */
export function jsonSchemaFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, title, schema] of FILES) {
    const { $schema, ...rest } = toJsonSchema(schema, config);
    const json: JsonSchema = { $schema, title, ...rest };
    if (json.$defs && 'Position' in json.$defs) json.$defs.Position = POSITION;
    pruneDefinitions(json);
    out.set(file, `${JSON.stringify(json, null, 2)}\n`);
  }
  return out;
}
