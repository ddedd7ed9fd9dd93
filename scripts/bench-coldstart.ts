/**
 * Cold start: how long the built app takes, in a fresh browser profile, from navigation to
 * a map drawn with its basemap and its atlas, against a bare MapLibre page drawing the same
 * basemap (the app's own offline style, taken from the running app) and the same features
 * (one GeoJSON source, one circle layer), twice: filling the window at its own camera (as
 * a bare page would be written), and with the app's camera on a map of the app's map's
 * size (the same view, so the same tiles and pixels to draw). Also compares the gzip size
 * of the two main bundles (with the chunks each imports statically). Figures only, no pass or fail. Usage: npm run bench:cold [-- runs]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { startBrowser } from '../tests/e2e/browser';
import { serveFiles } from './lib/file-server';
import { median } from './lib/stats';

const runs = Number(process.argv[2] ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));

/** The bare page: MapLibre alone, built by Vite the same way as the app, so the bundles compare fairly. */
const BARE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>bare</title>
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>
<script type="module" src="./main.js"></script></body></html>`;
const BARE_MAIN = `
import { Map, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
setWorkerUrl(workerUrl);
const style = await (await fetch('/bare/style.json')).json();
// With ?view=app, the app's map size and camera once it is ready (the style's own camera, see below): the same view as the app's.
const sameView = new URLSearchParams(location.search).get('view') === 'app';
if (sameView) {
  const [width, height] = style.metadata['bench:size'];
  Object.assign(document.getElementById('map').style, { width: width + 'px', height: height + 'px' });
}
const map = new Map({ container: 'map', style, attributionControl: false, ...(sameView ? {} : { center: [52, 31], zoom: 3.5 }) });
window.bareMap = map;
map.on('load', () => {
  map.addSource('ev', { type: 'geojson', data: '/bare/features.geojson' });
  map.addLayer({ id: 'ev', type: 'circle', source: 'ev', paint: { 'circle-radius': 5, 'circle-color': '#c0262d', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
});
`;
const bareSrc = join(dir, 'bare-src');
const bareOut = join(dir, 'bare');
rmSync(bareSrc, { recursive: true, force: true });
await import('node:fs').then((fs) => fs.mkdirSync(bareSrc, { recursive: true }));
writeFileSync(join(bareSrc, 'index.html'), BARE_HTML);
writeFileSync(join(bareSrc, 'main.js'), BARE_MAIN);
await build({ root: bareSrc, base: '/bare/', logLevel: 'warn', configFile: false, build: { outDir: bareOut, emptyOutDir: true, target: 'es2022' }, resolve: { alias: { 'maplibre-gl': join(process.cwd(), 'node_modules/maplibre-gl') } } });

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;
/**
 * The scripts a page loads before it runs: its entry and every chunk the entry imports
 * statically, one after another (the build preloads these; a chunk imported only with
 * `import()` loads when used, and is not counted). Each is gzipped alone, as it is served.
 */
function startupKb(assets: string): number {
  const entry = readdirSync(assets).find((f) => /^index-.*\.js$/.test(f))!;
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = readFileSync(join(assets, name), 'utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+\.js)"/g)) visit(m[1]);
  };
  visit(entry);
  return [...seen].reduce((kb, name) => kb + gz(join(assets, name)), 0);
}
if (!existsSync('dist/index.html')) throw new Error('build the app first (npm run bench:cold does)');
const appKb = startupKb('dist/assets');
const bareKb = startupKb(join(bareOut, 'assets'));

const app = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const appBase = app.resolvedUrls!.local[0];
/** Serves the bare page under /bare/ and the app's built assets (its fonts) under /assets/, like the app's server. */
const { server: bareServer, base } = await serveFiles((path) => (path.startsWith('/bare/') ? join(bareOut, path.slice(6) || 'index.html') : join('dist', path)));
const bareBase = `${base}bare/`;

type Kind = 'app' | 'bare';
type Variant = 'app' | 'bare' | 'same';

/** Milliseconds from navigation to the first frame where the page is ready, polled every frame in the page (a function, not a string: the app's CSP forbids eval). */
async function timeToReady(page: Page, url: string, kind: Kind): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (kind) => {
      type M = { loaded(): boolean; areTilesLoaded(): boolean; isMoving(): boolean; getSource(id: string): unknown; getLayer(id: string): unknown; isSourceLoaded(id: string): boolean };
      const w = window as unknown as { __eventMap?: M; bareMap?: M };
      const m = kind === 'app' ? w.__eventMap : w.bareMap;
      // Map loaded, every tile drawn, nothing moving; and the data is there.
      if (!m || !m.loaded() || !m.areTilesLoaded() || m.isMoving()) return false;
      const data = kind === 'app' ? document.querySelector('.feature-list [data-feature]') !== null && m.getLayer('events--points') !== undefined : m.getSource('ev') !== undefined && m.isSourceLoaded('ev');
      return data ? performance.now() : false;
    },
    kind,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function fresh<T>(browser: Browser, fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 }, reducedMotion: 'reduce' });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

const browser = await startBrowser();
const times: Record<Variant, number[]> = { app: [], bare: [], same: [] };
try {
  // The bare page's style and features are the app's own: the offline basemap as the app built it, and the atlas.
  await fresh(browser, async (page) => {
    await timeToReady(page, appBase, 'app');
    const style = await page.evaluate(() => {
      type AppMap = {
        getStyle(): { sources: Record<string, unknown>; layers: { id: string; type: string; source?: string }[] };
        getCenter(): { lng: number; lat: number };
        getZoom(): number;
        getCanvas(): HTMLCanvasElement;
      };
      const m = (window as unknown as { __eventMap: AppMap }).__eventMap;
      const s = m.getStyle();
      const base = new Set(['land', 'borders', 'country-labels', 'places']);
      const layers = s.layers.filter((l) => l.type === 'background' || (l.source !== undefined && base.has(l.source)));
      const sources = Object.fromEntries(Object.entries(s.sources).filter(([id]) => base.has(id)));
      const c = m.getCenter();
      // The style's own camera members: the bare page opens on the app's view, at the size of the app's map.
      const canvas = m.getCanvas();
      return { ...s, sources, layers, center: [c.lng, c.lat], zoom: m.getZoom(), metadata: { 'bench:size': [canvas.clientWidth, canvas.clientHeight] } };
    });
    console.log(`the app's view, given to the bare page: centre ${style.center.map((v) => v.toFixed(2)).join(', ')}, zoom ${style.zoom.toFixed(2)}, ${style.metadata['bench:size'].join(' × ')} px`);
    writeFileSync(join(bareOut, 'style.json'), JSON.stringify(style));
  });
  const layerFiles = (JSON.parse(readFileSync('geodata/atlas.json', 'utf8')) as { layers: { file: string }[] }).layers.map((l) => l.file);
  const features = layerFiles.flatMap((f) => (JSON.parse(readFileSync(join('geodata', f), 'utf8')) as { features: unknown[] }).features);
  writeFileSync(join(bareOut, 'features.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
  for (let i = 0; i < runs; i++) {
    // Alternate, so a change in the machine's load falls on both alike.
    times.app.push(await fresh(browser, (p) => timeToReady(p, appBase, 'app')));
    times.bare.push(await fresh(browser, (p) => timeToReady(p, bareBase, 'bare')));
    times.same.push(await fresh(browser, (p) => timeToReady(p, `${bareBase}?view=app`, 'bare')));
  }
} finally {
  await browser.close();
  await app.close();
  bareServer.close();
  rmSync(dir, { recursive: true, force: true });
}

const a = median(times.app);
const b = median(times.bare);
const v = median(times.same);
console.log(`\n| cold start, median of ${runs} | app | bare MapLibre, whole window | app ÷ it | bare MapLibre, the app's view | app ÷ it |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
console.log(`| navigation to map drawn with basemap and atlas (ms) | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a / b).toFixed(2)}× | ${v.toFixed(0)} | ${(a / v).toFixed(2)}× |`);
console.log(`| main bundle and the chunks it imports statically, gzip -9 (KB) | ${appKb.toFixed(1)} | ${bareKb.toFixed(1)} | +${(appKb - bareKb).toFixed(1)} KB | | |`);
console.log(`\nall runs (ms): app ${times.app.map((t) => t.toFixed(0)).join(', ')}; bare ${times.bare.map((t) => t.toFixed(0)).join(', ')}; bare, the app's view ${times.same.map((t) => t.toFixed(0)).join(', ')}`);
