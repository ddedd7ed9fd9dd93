import { readFileSync } from 'node:fs';
import { anchor } from '../../src/lib/data/geometry';
import '../../src/lib/data/shape-kit';
import type { EventCollection, LayerList } from '../../src/lib/data/schema';

/** The manifest of an atlas folder (the parts these tests read). */
export function atlasManifest(dir: string): LayerList & { id: string; title: Record<string, string> } {
  return JSON.parse(readFileSync(`${dir}/atlas.json`, 'utf8'));
}

/** The features of an atlas directory, read straight from disk, to compare the app against: `geodata/` or the test fixture. */
export function atlasFeatures(dir: 'geodata' | 'tests/fixtures/atlas') {
  const { layers } = atlasManifest(dir);
  return layers.flatMap((layer) => {
    const fc = JSON.parse(readFileSync(`${dir}/${layer.file}`, 'utf8')) as EventCollection;
    return fc.features.map((f) => {
      const p = f.properties;
      const cites = [...(p.time?.sources ?? []), ...p.location.sources, ...p.claims.flatMap((c) => c.sources)];
      return { id: String(f.id), title: p.title, layer: layer.id, coordinates: anchor(f), geometryType: f.geometry.type, radiusM: p.location.radiusM, dated: p.time !== undefined, cites };
    });
  });
}

/** The features in `geodata/`. */
export const geodataFeatures = () => atlasFeatures('geodata');

/** The features of the small fixture atlas most browser tests run against. */
export const fixtureFeatures = () => atlasFeatures('tests/fixtures/atlas');
