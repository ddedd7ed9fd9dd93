import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { decodeBasemap, type BasemapLayers } from '../../src/lib/map/basemap-decode.ts';

const ID = 'virtual:offline-basemap';
/** Four decimals move no vertex more than about 6 m, far below what 1:50m data resolves, and halve the files. */
const round = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v);
const text = (layer: unknown) => JSON.stringify(layer, round);
const RESOLVED = `\0${ID}`;
const DEV_PREFIX = '/@offline-basemap/';
const NAMES: Record<keyof BasemapLayers, string> = { land: 'basemap-land', borders: 'basemap-borders', countryLabels: 'basemap-country-labels' };

/**
 * Decodes Natural Earth's TopoJSON (world-atlas, 1:50m) into the offline basemap's GeoJSON
 * files once, at build time, and gives the app their URLs as `virtual:offline-basemap`.
 * MapLibre's worker then fetches and parses them, so a cold start spends no time on the
 * page's own thread decoding and placing labels (the bare-MapLibre baseline does not either).
 */
export function offlineBasemap(topologyFile = 'node_modules/world-atlas/countries-50m.json'): Plugin {
  let layers: BasemapLayers | undefined;
  const decoded = () => (layers ??= decodeBasemap(JSON.parse(readFileSync(topologyFile, 'utf8'))));
  let serve = false;
  return {
    name: 'offline-basemap',
    configResolved(config) {
      serve = config.command === 'serve';
    },
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      const lines = (Object.keys(NAMES) as (keyof BasemapLayers)[]).map((key) => {
        if (serve) return `export const ${key} = new URL(${JSON.stringify(`${DEV_PREFIX}${NAMES[key]}.geojson`)}, location.href).href;`;
        const ref = this.emitFile({ type: 'asset', name: `${NAMES[key]}.geojson`, source: text(decoded()[key]) });
        return `export const ${key} = import.meta.ROLLUP_FILE_URL_${ref};`;
      });
      return lines.join('\n');
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.startsWith(DEV_PREFIX) ? req.url.slice(DEV_PREFIX.length).replace(/\.geojson$/, '') : undefined;
        const key = (Object.keys(NAMES) as (keyof BasemapLayers)[]).find((k) => NAMES[k] === name);
        if (!key) return next();
        res.setHeader('content-type', 'application/geo+json');
        res.end(text(decoded()[key]));
      });
    },
  };
}
