import { readFileSync } from 'node:fs';
import type { EventCollection, LayerList } from '../../src/lib/data/schema';

/** The features in `geodata/`, read straight from disk, to compare the app against. */
export function geodataFeatures() {
  const { layers } = JSON.parse(readFileSync('geodata/layers.json', 'utf8')) as LayerList;
  return layers.flatMap((layer) => {
    const fc = JSON.parse(readFileSync(`geodata/${layer.file}`, 'utf8')) as EventCollection;
    return fc.features.map((f) => {
      const p = f.properties;
      const cites = [...(p.time?.sources ?? []), ...p.location.sources, ...p.claims.flatMap((c) => c.sources)];
      return { id: String(f.id), title: p.title, layer: layer.id, coordinates: f.geometry.coordinates, radiusM: p.location.radiusM, cites };
    });
  });
}
