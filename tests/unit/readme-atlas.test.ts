import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateGeodata } from '../../scripts/lib/validate-geodata';
import { loadAtlas } from '../../src/lib/data/load';

/** The files of the README's example atlas: each `my-atlas/<name>` caption followed by its JSON block. */
function readmeAtlas(): Map<string, string> {
  const readme = readFileSync('README.md', 'utf8');
  return new Map([...readme.matchAll(/`my-atlas\/([\w.-]+)`:\n\n```json\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]));
}

describe('the README example atlas', () => {
  it('is a complete, valid atlas with no warnings', async () => {
    const files = readmeAtlas();
    expect([...files.keys()].sort()).toEqual(['atlas.json', 'places.geojson', 'sources.json']);
    const dir = mkdtempSync(join(tmpdir(), 'my-atlas-'));
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    const read = async (name: string) => readFileSync(join(dir, name), 'utf8');
    const { problems, featureCount } = await validateGeodata(read);
    expect(problems).toEqual([]);
    expect(featureCount).toBe(1);
    const { manifest } = await loadAtlas(read);
    expect(manifest?.id).toBe('my-atlas');
  });

  it('copies its sources and its place from geodata/ without changing them', () => {
    const files = readmeAtlas();
    const catalogue = new Map<string, unknown>(JSON.parse(readFileSync('geodata/sources.json', 'utf8')).sources.map((s: { id: string }) => [s.id, s]));
    for (const source of JSON.parse(files.get('sources.json')!).sources) expect(source).toEqual(catalogue.get(source.id));
    const square = JSON.parse(readFileSync('geodata/kerman-reference.geojson', 'utf8')).features.find((f: { id: string }) => f.id === 'shohada-square');
    const place = JSON.parse(files.get('places.geojson')!).features[0];
    expect(place.geometry).toEqual(square.geometry);
    expect(place.properties.location.radiusM).toBe(square.properties.location.radiusM);
  });
});
