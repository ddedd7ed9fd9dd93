/** Writes the JSON Schema files of the data model to docs/schema/. Usage: npm run schema */
import { mkdirSync, writeFileSync } from 'node:fs';
import { jsonSchemaFiles, SCHEMA_DIR } from './lib/json-schema';

mkdirSync(SCHEMA_DIR, { recursive: true });
for (const [file, text] of jsonSchemaFiles()) {
  writeFileSync(`${SCHEMA_DIR}/${file}`, text);
  console.log(`${SCHEMA_DIR}/${file}`);
}
