import { describe, expect, it } from 'vitest';
import type { StyleSpecification } from 'maplibre-gl';
import { ONLINE_PREFIX, resolveBasemap, satelliteStyle } from '../../src/lib/map/basemaps';

const offline: StyleSpecification = {
  version: 8,
  sources: { land: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }, borders: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
  layers: [
    { id: 'sea', type: 'background', paint: {} },
    { id: 'land', type: 'fill', source: 'land' },
    { id: 'borders', type: 'line', source: 'borders' },
  ],
};

/** A fetch that answers with one fixed response, or fails like a machine with no network. */
const fakeFetch = (body: unknown, ok = true) => (async () => ({ ok, status: ok ? 200 : 404, json: async () => body })) as unknown as typeof fetch;
const offlineFetch = (async () => {
  throw new TypeError('Failed to fetch');
}) as unknown as typeof fetch;

describe('resolveBasemap', () => {
  it('returns the offline style untouched', async () => {
    expect(await resolveBasemap('offline', offline, '', offlineFetch)).toBe(offline);
  });

  it('rejects when the network is down, so the caller can fall back', async () => {
    await expect(resolveBasemap('streets', offline, '', offlineFetch)).rejects.toThrow(/Failed to fetch/);
  });

  it('prefixes the sources of a fetched style so failing online tiles can be recognised', async () => {
    const style = { version: 8, sources: { openmaptiles: { type: 'vector', url: 'https://x/tiles.json' } }, layers: [{ id: 'water', type: 'fill', source: 'openmaptiles', 'source-layer': 'water' }] };
    const out = await resolveBasemap('custom', offline, 'https://example.org/style.json', fakeFetch(style));
    expect(Object.keys(out.sources)).toEqual([`${ONLINE_PREFIX}openmaptiles`]);
    expect(out.layers[0]).toMatchObject({ source: `${ONLINE_PREFIX}openmaptiles` });
  });

  it('refuses a custom URL that is not http(s) or not a style', async () => {
    await expect(resolveBasemap('custom', offline, 'javascript:alert(1)')).rejects.toThrow(/http/);
    await expect(resolveBasemap('custom', offline, 'https://example.org/x.json', fakeFetch({ hello: 1 }))).rejects.toThrow(/not a MapLibre style/);
    await expect(resolveBasemap('custom', offline, 'https://example.org/x.json', fakeFetch({}, false))).rejects.toThrow(/HTTP 404/);
  });
});

describe('satelliteStyle', () => {
  it('draws imagery with the offline borders on top, and credits Esri', () => {
    const s = satelliteStyle(offline);
    expect(s.layers.map((l) => l.id)).toEqual(['imagery', 'borders']);
    expect(JSON.stringify(s.sources)).toMatch(/Esri/);
  });
});
