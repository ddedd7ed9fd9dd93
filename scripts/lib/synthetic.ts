import type { Atlas, EventFeature, LayerDef, Source } from '../../src/lib/data/schema';

/** What the benchmarks and scale tests load: one size of data for the app and its peers. */
export interface SyntheticOptions {
  events: number;
  layers?: number;
  sources?: number;
}

const ACTORS = ['Armed group A', 'Armed group B', 'State forces C', 'Unknown attackers', 'Militia D'];
const COLORS = ['#c0262d', '#1f5fbf', '#b35c00', '#2e7d32', '#6a1b9a'];
const START = Date.UTC(2023, 0, 1);
const YEAR_MINUTES = 365 * 24 * 60;

/** A small deterministic generator, so every run and every peer page gets the same data. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local time at +03:30 as the data writes it, `minutes` after the start of 2023 (UTC). */
function localTime(minutes: number): string {
  const d = new Date(START + minutes * 60_000 + 3.5 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00+03:30`;
}

/**
 * A year of synthetic events over Iran and its neighbours: `events` points in `layers`
 * layers (3 by default), two claims each, citing `sources` sources (50 by default).
 */
export function syntheticAtlas({ events, layers: layerCount = 3, sources: sourceCount = 50 }: SyntheticOptions): Atlas {
  const rand = random(42);
  const layers: LayerDef[] = Array.from({ length: layerCount }, (_, i) => ({
    id: `synthetic-${i + 1}`,
    title: `Synthetic layer ${i + 1}`,
    description: 'Generated for benchmarks.',
    file: `synthetic-${i + 1}.geojson`,
    color: COLORS[i % COLORS.length],
  }));
  const sources: Source[] = Array.from({ length: sourceCount }, (_, i) => ({
    id: `example-wire-2023-01-${pad((i % 28) + 1)}-report-${i + 1}`,
    publisher: `Example Wire ${i + 1}`,
    title: `Report number ${i + 1} on the incidents`,
    published: `2023-01-${pad((i % 28) + 1)}`,
    url: `https://example.org/report/${i + 1}`,
    language: 'en',
    type: i % 5 === 0 ? 'government' : 'wire',
  }));
  const features: EventFeature[] = [];
  for (let i = 0; i < events; i++) {
    const minutes = Math.floor(rand() * YEAR_MINUTES);
    const local = localTime(minutes);
    const src = () => sources[Math.floor(rand() * sources.length)].id;
    const deaths = Math.floor(rand() * 40);
    const layer = layers[i % layerCount];
    features.push({
      type: 'Feature',
      id: `event-${i + 1}`,
      geometry: { type: 'Point', coordinates: [Math.round((44 + rand() * 20) * 1e5) / 1e5, Math.round((25 + rand() * 14) * 1e5) / 1e5] },
      properties: {
        title: `Incident ${i + 1}`,
        layer: layer.id,
        country: 'Iran',
        place: `Place ${i % 997}`,
        time: { local, precision: 'minute', approximate: rand() < 0.3, zone: 'IRST', sources: [src()] },
        location: { basis: rand() < 0.5 ? 'reported' : 'estimate', radiusM: 500 + Math.floor(rand() * 20) * 1000, note: 'Synthetic.', sources: [src()] },
        actors: [ACTORS[Math.floor(rand() * ACTORS.length)]],
        claims: [
          { id: `event-${i + 1}-deaths`, topic: 'deaths', statement: `${deaths} killed.`, value: deaths, unit: 'people', by: 'Local officials', date: local.slice(0, 10), status: 'claimed', sources: [src()] },
          { id: `event-${i + 1}-attack`, topic: 'attack', statement: 'An attack was reported.', by: 'Example Wire', date: local.slice(0, 10), status: 'confirmed', sources: [src(), src()] },
        ],
      },
    });
  }
  return { layers, features, relations: [], incidents: [], routes: [], story: [], sources: new Map(sources.map((s) => [s.id, s])), originators: new Map() };
}

/**
 * An atlas as the files of an atlas folder (`atlas.json`, `sources.json` and a file per
 * layer), by file name: what `?atlas=` opens, for the benchmarks and scale tests that load
 * the synthetic events from a URL rather than from a picked file.
 */
export function atlasFolder(atlas: Atlas, id = 'synthetic'): Record<string, string> {
  const manifest = {
    schemaVersion: 1,
    id,
    title: { en: 'Synthetic atlas' },
    description: { en: 'Generated events for measuring the app; not real events.' },
    defaultLanguage: 'en',
    timeZone: 'Asia/Tehran',
    zones: { IRST: 'Asia/Tehran' },
    sources: 'sources.json',
    layers: atlas.layers.map(({ id, title, description, file, color }) => ({ id, title, description, file, color })),
  };
  const files: Record<string, string> = {
    'atlas.json': JSON.stringify(manifest),
    'sources.json': JSON.stringify({ sources: [...atlas.sources.values()], originators: [...atlas.originators.values()] }),
  };
  for (const layer of atlas.layers) {
    files[layer.file] = JSON.stringify({ type: 'FeatureCollection', features: atlas.features.filter((f) => f.properties.layer === layer.id) });
  }
  return files;
}
