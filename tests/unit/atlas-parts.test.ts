import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadAtlasInParts, partPlan } from '../../src/lib/data/atlas-parts';
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

/** What can go wrong in a folder, across the parts: a feature copied into a later layer (its id then twice), a broken file, a file that is not there, a feature made invalid, a claim naming a feature that is not there. */
const damage = fc.record({ copyToLast: fc.boolean(), broken: fc.option(fc.nat(), { nil: undefined }), absent: fc.option(fc.nat(), { nil: undefined }), invalid: fc.option(fc.nat(), { nil: undefined }), missingFrom: fc.boolean(), extraLayers: fc.integer({ min: 0, max: 2 }) });

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
  if (d.absent !== undefined) delete files[layerFiles[d.absent % layerFiles.length]];
  return files;
}

describe('how the layer files are shared between the parts of a load', () => {
  it('gives no part more files than the files divided by the cores, the atlas worker (last) the fewest', () => {
    expect(partPlan(3, 2)).toEqual([1, 1, 1]);
    expect(partPlan(4, 2)).toEqual([2, 2]);
    expect(partPlan(5, 2)).toEqual([2, 2, 1]);
    expect(partPlan(7, 2)).toEqual([3, 3, 1]);
    expect(partPlan(2, 2)).toEqual([1, 1]);
  });

  it('keeps to the parts there are workers for, and to one part for one file or one core', () => {
    expect(partPlan(5, 8)).toEqual([2, 2, 1]);
    expect(partPlan(3, 2, 2)).toEqual([2, 1]);
    expect(partPlan(1, 2)).toEqual([1]);
    expect(partPlan(0, 2)).toEqual([0]);
    expect(partPlan(6, 1)).toEqual([6]);
  });

  it('shares every file once, in order, whatever the counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 4 }), (count, cores, maxParts) => {
        const plan = partPlan(count, cores, maxParts);
        expect(plan.reduce((a, b) => a + b, 0)).toBe(count);
        expect(plan.length).toBeLessThanOrEqual(maxParts);
        if (count > 0) expect(Math.min(...plan)).toBeGreaterThan(0);
        expect(plan[plan.length - 1]).toBe(Math.min(...plan));
      }),
    );
  });
});

describe('an atlas loaded in parts', () => {
  it('gives what one load gives, for the Kerman atlas and the test fixture, on one to four cores', async () => {
    for (const dir of ['geodata', 'tests/fixtures/atlas']) {
      const whole = await loadAtlas(fromDisk(dir));
      for (const cores of [1, 2, 3, 4]) expect(await loadAtlasInParts(fromDisk(dir), cores)).toStrictEqual(whole);
    }
  });

  it('gives what one load gives: the same features in the same order, and the same problems in the same order, whatever goes wrong where', async () => {
    let split = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryAtlas(10), damage, fc.integer({ min: 1, max: 4 }), async (atlas, d, cores) => {
        const read = memoryFiles(damaged(atlas, d));
        const whole = await loadAtlas(read);
        const parts = await loadAtlasInParts(read, cores);
        expect(parts).toStrictEqual(whole);
        if (partPlan(atlas.layers.length + d.extraLayers, cores).length > 2 && whole.problems.length > 0) split++;
      }),
      { numRuns: 150 },
    );
    // The runs did split atlases with problems in them into three parts.
    expect(split).toBeGreaterThan(20);
  });

  it('reports a feature whose id an earlier part already has, in the later part, as one load does', async () => {
    const [atlas] = fc.sample(arbitraryAtlas(6, 3), { numRuns: 1, seed: 7 });
    const layers = [0, 1, 2].map((i) => ({ id: `l${i}`, title: `L${i}`, description: 'd', file: `l${i}.geojson`, color: '#336699' }));
    const features = atlas.features.map((f, i) => ({ ...f, properties: { ...f.properties, layer: layers[i % 3].id } }));
    const files = folderOf({ ...atlas, layers, features, relations: [], incidents: [] });
    // On two cores, each layer is a part of its own; a copy of l0's first feature goes into l1, the second helper's.
    const copy = (files['l0.geojson'] as { features: unknown[] }).features[0] as { properties: object };
    (files['l1.geojson'] as { features: unknown[] }).features.push({ ...copy, properties: { ...copy.properties, layer: 'l1' } });
    const parts = await loadAtlasInParts(memoryFiles(files), 2);
    expect(parts.problems).toContainEqual(expect.objectContaining({ file: 'l1.geojson', message: 'duplicate feature id' }));
    expect(parts.problems.filter((p) => p.message === 'duplicate feature id')).toHaveLength(1);
    expect(parts).toStrictEqual(await loadAtlas(memoryFiles(files)));
  });
});
