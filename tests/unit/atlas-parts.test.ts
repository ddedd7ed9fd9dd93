import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helperLayers, loadAtlasInParts } from '../../src/lib/data/atlas-parts';
import { loadAtlas } from '../../src/lib/data/load';
import type { Atlas } from '../../src/lib/data/schema';
import { arbitraryAtlas } from './arbitrary-atlas';
import { memoryFiles } from './fixtures';

const fromDisk = (dir: string) => (name: string) => readFile(join(dir, name), 'utf8');

/** An atlas as the files of its folder, with up to 5 layers: the manifest, catalogue, a file per layer, links and incidents. */
function folderOf(atlas: Atlas): Record<string, unknown> {
  const files: Record<string, unknown> = {
    'atlas.json': {
      schemaVersion: 1,
      id: 'generated',
      title: { en: 'Generated' },
      description: { en: 'Generated for a property test.' },
      defaultLanguage: 'en',
      timeZone: 'Asia/Tehran',
      zones: { IRST: 'Asia/Tehran', AST: 'Asia/Baghdad', PKT: 'Asia/Karachi' },
      sources: 'sources.json',
      layers: atlas.layers,
      relations: 'relations.json',
      incidents: 'incidents.json',
    },
    'sources.json': { originators: [...atlas.originators.values()], sources: [...atlas.sources.values()] },
    'relations.json': { relations: atlas.relations },
    'incidents.json': { incidents: atlas.incidents },
  };
  for (const layer of atlas.layers) files[layer.file] = { type: 'FeatureCollection', features: atlas.features.filter((f) => f.properties.layer === layer.id) };
  return files;
}

/** What can go wrong in a folder, across the two parts: a feature copied into a later layer (its id then twice), a broken file, a feature made invalid, a claim naming a feature that is not there. */
const damage = fc.record({ copyToLast: fc.boolean(), broken: fc.option(fc.nat(), { nil: undefined }), invalid: fc.option(fc.nat(), { nil: undefined }), missingFrom: fc.boolean(), extraLayers: fc.integer({ min: 0, max: 2 }) });

function damaged(atlas: Atlas, d: typeof damage extends fc.Arbitrary<infer T> ? T : never): Record<string, unknown> {
  // More layers (empty or not), so the split falls in more places.
  const extra = Array.from({ length: d.extraLayers }, (_, i) => ({ id: `extra-${i}`, title: `Extra ${i}`, description: 'Added.', file: `extra-${i}.geojson`, color: '#993366' }));
  const files = folderOf({ ...atlas, layers: [...extra, ...atlas.layers] });
  const layerFiles = [...extra, ...atlas.layers].map((l) => l.file);
  const list = (file: string) => (files[file] as { features: Record<string, unknown>[] }).features;
  const first = atlas.features[0];
  const last = atlas.layers[atlas.layers.length - 1];
  if (d.copyToLast && first) list(last.file).push({ ...first, properties: { ...first.properties, layer: last.id } });
  if (d.invalid !== undefined && atlas.features.length > 0) {
    const f = atlas.features[d.invalid % atlas.features.length];
    const features = list(atlas.layers.find((l) => l.id === f.properties.layer)!.file);
    const at = features.findIndex((x) => x.id === f.id);
    features[at] = { ...features[at], properties: { ...f.properties, location: { ...f.properties.location, radiusM: -1 } } };
  }
  if (d.missingFrom && first) {
    const features = list(atlas.layers.find((l) => l.id === first.properties.layer)!.file);
    const at = features.findIndex((x) => x.id === first.id);
    const claims = first.properties.claims.map((c, i) => (i === 0 ? { ...c, value: 100, unit: 'm', from: 'nowhere' } : c));
    features[at] = { ...features[at], properties: { ...first.properties, claims } };
  }
  if (d.broken !== undefined) files[layerFiles[d.broken % layerFiles.length]] = '{"type":"FeatureCollection","features":[';
  return files;
}

describe('an atlas loaded as two parts', () => {
  it('gives what one load gives, for the Kerman atlas and the test fixture', async () => {
    for (const dir of ['geodata', 'tests/fixtures/atlas']) expect(await loadAtlasInParts(fromDisk(dir))).toStrictEqual(await loadAtlas(fromDisk(dir)));
  });

  it('gives what one load gives: the same features in the same order, and the same problems in the same order, whatever goes wrong where', async () => {
    let split = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryAtlas(10), damage, async (atlas, d) => {
        const read = memoryFiles(damaged(atlas, d));
        const whole = await loadAtlas(read);
        const parts = await loadAtlasInParts(read);
        expect(parts).toStrictEqual(whole);
        if (helperLayers(atlas.layers.length + d.extraLayers) > 0 && whole.problems.length > 0) split++;
      }),
      { numRuns: 150 },
    );
    // The runs did split atlases with problems in them.
    expect(split).toBeGreaterThan(20);
  });

  it('reports a feature whose id an earlier part already has, in the later part, as one load does', async () => {
    const [atlas] = fc.sample(arbitraryAtlas(6, 3), { numRuns: 1, seed: 7 });
    const layers = [0, 1, 2].map((i) => ({ id: `l${i}`, title: `L${i}`, description: 'd', file: `l${i}.geojson`, color: '#336699' }));
    const features = atlas.features.map((f, i) => ({ ...f, properties: { ...f.properties, layer: layers[i % 3].id } }));
    const files = folderOf({ ...atlas, layers, features, relations: [], incidents: [] });
    // The first part has l0; a copy of its first feature goes into l2, in the second part.
    const copy = (files['l0.geojson'] as { features: unknown[] }).features[0] as { properties: object };
    (files['l2.geojson'] as { features: unknown[] }).features.push({ ...copy, properties: { ...copy.properties, layer: 'l2' } });
    const parts = await loadAtlasInParts(memoryFiles(files));
    expect(parts.problems).toContainEqual(expect.objectContaining({ file: 'l2.geojson', message: 'duplicate feature id' }));
    expect(parts).toStrictEqual(await loadAtlas(memoryFiles(files)));
  });
});
