import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles, SCHEMA_DIR } from '../../scripts/lib/json-schema';

const files = jsonSchemaFiles();
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the JSON Schema files in docs/schema/', () => {
  it.each([...files.keys()])('%s is what the valibot schema generates (run `npm run schema` after changing the schema)', (file) => {
    expect(readFileSync(`${SCHEMA_DIR}/${file}`, 'utf8')).toBe(files.get(file));
  });

  // An independent validator (Ajv) reading the generated files accepts the real data: the
  // published schema describes what the app accepts, not a looser or stricter cousin.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const schema = (file: string) => ajv.compile(JSON.parse(files.get(file)!));
  const { layers } = read('geodata/atlas.json') as { layers: { file: string }[] };

  it.each([
    ['atlas.schema.json', 'geodata/atlas.json'],
    ['atlas.schema.json', 'tests/fixtures/atlas/atlas.json'],
    ['sources.schema.json', 'geodata/sources.json'],
    ['relations.schema.json', 'geodata/relations.json'],
    ['incidents.schema.json', 'geodata/incidents.json'],
    ['routes.schema.json', 'geodata/routes.json'],
    ['story.schema.json', 'geodata/story.json'],
    ...layers.map((l) => ['layer-file.schema.json', `geodata/${l.file}`]),
    ['layer-file.schema.json', 'tests/fixtures/atlas/iran-strikes.geojson'],
    ['layer-file.schema.json', 'tests/fixtures/atlas/pakistan-strike.geojson'],
  ])('%s accepts %s', (file, data) => {
    const validate = schema(file);
    expect(validate(read(data)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('refuses a feature with a latitude out of range, a bad id and no claims', () => {
    const validate = schema('feature.schema.json');
    const feature = read('tests/fixtures/atlas/iran-strikes.geojson').features[0];
    const bad = { ...feature, id: 'Not An Id', geometry: { type: 'Point', coordinates: [44, 95] }, properties: { ...feature.properties, claims: [] } };
    expect(validate(bad)).toBe(false);
    const paths = validate.errors!.map((e) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/id', '/properties/claims']));
    expect(paths.some((p) => p.startsWith('/geometry'))).toBe(true);
  });
});
