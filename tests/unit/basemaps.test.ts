import { describe, expect, it } from 'vitest';
import type { StyleSpecification } from 'maplibre-gl';
import { ONLINE_PREFIX } from '../../src/lib/map/basemap';
import { resolveBasemap, satelliteStyle } from '../../src/lib/map/basemaps';
import { urlProblem } from '../../src/lib/map/basemap-urls';

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

  const allowed = ['https://example.org'];
  const custom = (url: string, fetchImpl: typeof fetch = offlineFetch) => resolveBasemap('custom', offline, url, fetchImpl, 8000, allowed);

  it('prefixes the sources and layers of a fetched style, so failing online tiles are recognised and no id collides with the app\'s', async () => {
    const style = { version: 8, sources: { openmaptiles: { type: 'vector', url: 'https://example.org/tiles.json' } }, layers: [{ id: 'iran-strikes--points', type: 'fill', source: 'openmaptiles', 'source-layer': 'water' }] };
    const out = await custom('https://example.org/style.json', fakeFetch(style));
    expect(Object.keys(out.sources)).toEqual([`${ONLINE_PREFIX}openmaptiles`]);
    expect(out.layers[0]).toMatchObject({ id: `${ONLINE_PREFIX}iran-strikes--points`, source: `${ONLINE_PREFIX}openmaptiles` });
  });

  it('refuses a custom URL that is not http(s), not on an allowed site, or not a style', async () => {
    await expect(custom('javascript:alert(1)')).rejects.toThrow(/not an http\(s\) URL/);
    await expect(custom('data:application/json,{}')).rejects.toThrow(/not an http\(s\) URL/);
    await expect(custom('not a url')).rejects.toThrow(/not a full URL/);
    await expect(custom('https://evil.example/style.json')).rejects.toThrow(/https:\/\/evil\.example is not one of the basemap sites/);
    await expect(custom('https://example.org/x.json', fakeFetch({ hello: 1 }))).rejects.toThrow(/not a MapLibre style/);
    await expect(custom('https://example.org/x.json', fakeFetch({}, false))).rejects.toThrow(/HTTP 404/);
  });

  it('refuses a style MapLibre would reject, or one that loads from anywhere but allowed http(s) sites', async () => {
    const style = (change: (s: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const s: Record<string, any> = { version: 8, sources: { t: { type: 'vector', tiles: ['https://example.org/{z}/{x}/{y}.pbf'] } }, layers: [{ id: 'w', type: 'fill', source: 't', 'source-layer': 'water' }] }; // eslint-disable-line @typescript-eslint/no-explicit-any
      change(s);
      return fakeFetch(s);
    };
    const url = 'https://example.org/style.json';
    await expect(custom(url, style(() => {}))).resolves.toBeTruthy();
    await expect(custom(url, style((s) => (s.sources.t = { type: 'nope' })))).rejects.toThrow(/not a valid MapLibre style/);
    await expect(custom(url, style((s) => (s.layers[0].source = 'missing')))).rejects.toThrow(/not a valid MapLibre style/);
    await expect(custom(url, style((s) => (s.layers[0].type = 'hologram')))).rejects.toThrow(/not a valid MapLibre style/);
    await expect(custom(url, style((s) => (s.sources.t.tiles = ['javascript:alert(1)'])))).rejects.toThrow(/not an http\(s\) URL/);
    await expect(custom(url, style((s) => (s.sprite = 'data:image/png;base64,AAAA')))).rejects.toThrow(/not an http\(s\) URL/);
    await expect(custom(url, style((s) => (s.glyphs = 'https://evil.example/{fontstack}/{range}.pbf')))).rejects.toThrow(/evil\.example/);
    await expect(custom(url, style((s) => (s.sprite = [{ id: 'x', url: 'https://evil.example/sprite' }])))).rejects.toThrow(/evil\.example/);
  });

  it('keeps only the text of a style\'s attributions, which MapLibre would write into the page as HTML', async () => {
    const body = { version: 8, sources: { t: { type: 'raster', tiles: ['https://example.org/{z}/{x}/{y}.png'], attribution: '<img src=x onerror=alert(1)>© <a href="https://example.org">Example</a> & co' } }, layers: [{ id: 'r', type: 'raster', source: 't' }] };
    const out = await custom('https://example.org/style.json', fakeFetch(body));
    expect((out.sources[`${ONLINE_PREFIX}t`] as { attribution: string }).attribution).toBe('© Example &amp; co');
  });
});

describe('urlProblem', () => {
  it('allows any https site when the build allows "*", but never http: or other schemes there', () => {
    expect(urlProblem('https://anywhere.example/s.json', ['*'])).toBeUndefined();
    expect(urlProblem('http://anywhere.example/s.json', ['*'])).toMatch(/not one of/);
    expect(urlProblem('blob:https://x/1', ['*'])).toMatch(/not an http\(s\) URL/);
  });
});

describe('satelliteStyle', () => {
  it('draws imagery with the offline borders on top, and credits Esri', () => {
    const s = satelliteStyle(offline);
    expect(s.layers.map((l) => l.id)).toEqual(['imagery', 'borders']);
    expect(JSON.stringify(s.sources)).toMatch(/Esri/);
  });
});

describe('checkStyle', () => {
  it('checks every URL of a style whose source lists 200,000 tiles (a spread of the list overflowed the call stack)', async () => {
    const { checkStyle } = await import('../../src/lib/map/style-check');
    const tiles = Array.from({ length: 200_000 }, (_, k) => `https://tiles.example.org/${k}/{z}/{x}/{y}.png`);
    const style = (last: string) => ({ version: 8, sources: { s: { type: 'raster', tiles: [...tiles, last], tileSize: 256 } }, layers: [] });
    expect(() => checkStyle(style('https://tiles.example.org/last/{z}/{x}/{y}.png'), ['https://tiles.example.org'])).not.toThrow();
    expect(() => checkStyle(style('https://elsewhere.example.net/{z}/{x}/{y}.png'), ['https://tiles.example.org'])).toThrow(/the style loads from .*elsewhere\.example\.net/);
  });
});
