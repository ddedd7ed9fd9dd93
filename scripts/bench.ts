/**
 * Prints how long the data layer takes on a large synthetic atlas (default 100,000
 * features): validation, filtering, search indexing, export as GeoJSON, CSV and KML. Figures only; no
 * assertions. Usage: npm run bench [-- count]
 */
import { performance } from 'node:perf_hooks';
import { csvLines } from '../src/lib/data/csv';
import { checkDistances } from '../src/lib/data/distances';
import { exportParts } from '../src/lib/data/export';
import { toKml } from '../src/lib/data/kml';
import type { Atlas, EventFeature, LayerDef, Source } from '../src/lib/data/schema';
import { validateLayerFile } from '../src/lib/data/validate';
import { applyFilters, NO_FILTERS, searchText } from '../src/lib/state/filters';

const count = Number(process.argv[2] ?? 100_000);
const layer: LayerDef = { id: 'bench', title: 'Bench', description: 'Synthetic', file: 'bench.geojson', color: '#000000' };
const source: Source = { id: 'bench-source', publisher: 'Bench Wire', title: 'Synthetic', published: '2024-01-03', url: 'https://example.org/', language: 'en', type: 'wire' };

function feature(i: number): EventFeature {
  const day = 3 + (i % 16);
  return {
    type: 'Feature',
    id: `f-${i}`,
    geometry: { type: 'Point', coordinates: [44 + (i % 2000) / 100, 26 + (i % 1000) / 100] },
    properties: {
      title: `Synthetic event ${i}`,
      layer: layer.id,
      country: 'Iran',
      place: 'Somewhere',
      time: { local: `2024-01-${String(day).padStart(2, '0')}T12:00:00+03:30`, precision: 'hour', approximate: false, zone: 'IRST', sources: [source.id] },
      location: { basis: 'estimate', radiusM: 1000 + (i % 50) * 100, note: 'synthetic', sources: [source.id] },
      actors: [i % 3 === 0 ? 'Actor A' : 'Actor B'],
      claims: [{ id: `c-${i}`, topic: 'deaths', statement: `Claim ${i}`, value: i % 100, unit: 'people', by: 'Someone', date: '2024-01-04', status: 'claimed', sources: [source.id] }],
    },
  };
}

function time<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  console.log(`${label.padEnd(34)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms`);
  return out;
}

const features = time(`build ${count.toLocaleString('en-GB')} features`, () => Array.from({ length: count }, (_, i) => feature(i)));
const atlas: Atlas = { layers: [layer], features, relations: [], incidents: [], routes: [], story: [], sources: new Map([[source.id, source]]), originators: new Map() };
const json = time('serialise as a layer file', () => JSON.stringify({ type: 'FeatureCollection', features }));
const parsed = time('parse the layer file', () => JSON.parse(json));
const result = time('validate every feature', () => validateLayerFile(layer.file, parsed, layer, new Set([source.id])));
console.log(`  ${result.features.length} valid, ${result.problems.length} problems`);
// Every event gives its distance from one of 100 reference points listed after the events (as a reference layer after an events layer).
const measured = features.map((f, i) => (i >= count - 100 ? f : { ...f, properties: { ...f.properties, claims: [...f.properties.claims, { id: `d-${i}`, topic: 'distance', statement: 'About 700 m away.', value: 700, unit: 'm', by: 'Someone', date: '2024-01-04', status: 'claimed' as const, from: `f-${count - 100 + (i % 100)}`, sources: [source.id] }] } }));
const contradicted = time('check distance claims (one each)', () => checkDistances(measured, () => layer.file));
console.log(`  ${contradicted.length} positions contradict their reported distance`);
const texts = time('build the search index', () => new Map(features.map((f) => [f.id, searchText(f, atlas.sources)])));
const window = { start: Date.parse('2024-01-10T00:00Z'), end: Date.parse('2024-01-12T00:00Z') };
const shown = time('filter: window + actor + search', () => applyFilters(features, { ...NO_FILTERS, window, hiddenActors: new Set(['Actor A']), query: 'event 9' }, texts));
console.log(`  ${shown.length} features shown`);
// As the app writes them: in pieces handed to a Blob.
time('export all as GeoJSON text', () => exportParts(atlas).length);
time('export all as CSV', () => csvLines(atlas, features).length);
time('export all as KML', () => toKml(atlas, features, 'Bench').length);
