import type { Atlas, EventFeature, LayerDef, Source } from '../../src/lib/data/schema';
import { declareZones } from '../../src/lib/data/time';

/** The zone abbreviations the test data's times use, declared as an atlas manifest declares them. */
export const TEST_ZONES = { IRST: 'Asia/Tehran', AST: 'Asia/Baghdad', PKT: 'Asia/Karachi' };
declareZones(TEST_ZONES);

/** Small, readable test data: one layer, two sources, one feature with two claims. */
export const layer: LayerDef = {
  id: 'test-layer',
  title: 'Test layer',
  description: 'Layer for tests.',
  file: 'test-layer.geojson',
  color: '#c0262d',
};

export const wire: Source = {
  id: 'wire-2024-01-04-toll-revised',
  publisher: 'Example Wire',
  title: 'Toll revised',
  published: '2024-01-04',
  url: 'https://example.org/toll',
  archiveUrl: 'https://web.archive.org/web/2024/https://example.org/toll',
  language: 'en',
  type: 'wire',
};

export const ministry: Source = {
  id: 'ministry-2024-01-03-statement',
  publisher: 'Example Ministry',
  title: 'Statement',
  published: '2024-01-03',
  url: 'https://example.gov/statement',
  language: 'fa',
  type: 'government',
};

export function makeFeature(overrides: Partial<EventFeature['properties']> = {}, id = 'test-event'): EventFeature {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [57.07, 30.28] },
    properties: {
      title: 'Test event',
      layer: layer.id,
      country: 'Iran',
      place: 'Kerman, Iran',
      time: { local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: [wire.id] },
      location: { basis: 'estimate', radiusM: 2000, note: 'Placed at the city centre.', sources: [wire.id] },
      actors: ['Example group'],
      claims: [
        { id: `${id}-deaths-1`, topic: 'deaths', statement: 'Officials first gave 103 dead.', value: 103, unit: 'people', by: 'Example Ministry', date: '2024-01-03', status: 'superseded', official: true, sources: [ministry.id] },
        { id: `${id}-deaths-2`, topic: 'deaths', statement: 'The toll was revised to 84.', value: 84, unit: 'people', by: 'Example Ministry', date: '2024-01-04', status: 'claimed', official: true, sources: [wire.id, ministry.id] },
      ],
      ...overrides,
    },
  };
}

export function makeAtlas(features: EventFeature[] = [makeFeature()]): Atlas {
  return { layers: [layer], features, relations: [], incidents: [], routes: [], story: [], sources: new Map([wire, ministry].map((s) => [s.id, s])), originators: new Map() };
}

/** A file reader over an in-memory directory, for load tests. */
export function memoryFiles(files: Record<string, unknown>) {
  return async (name: string): Promise<string> => {
    if (!(name in files)) throw new Error('ENOENT');
    const v = files[name];
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
}
