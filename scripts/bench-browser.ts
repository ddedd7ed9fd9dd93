/**
 * Loads the same synthetic data (default 100,000 events, 3 layers, 2 claims each, 50
 * sources) in the app, in a bare MapLibre page and in a Leaflet canvas page, in Debian's
 * Chromium, and prints how long each takes to load it, step the time window, toggle a
 * layer, answer a search keystroke, open a clicked point and export; with ratios. Figures
 * only, no pass or fail. Usage: npm run bench:browser [-- count]
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { preview } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { buildExport, serializeExport } from '../src/lib/data/export';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { openPage, startBrowser, waitForMap } from '../tests/e2e/browser';
import { serveFiles } from './lib/file-server';
import { precompressed } from './lib/precompressed-plugin';
import { median } from './lib/stats';
import { atlasFolder, syntheticAtlas } from './lib/synthetic';

const count = Number(process.argv[2] ?? 100_000);
const HOUR = 3_600_000;
const WINDOW = { start: Date.UTC(2023, 0, 1), end: Date.UTC(2023, 5, 1) };
const STEPS = 8;
const TOGGLES = 4;
/** A search typed one key at a time; each keystroke is timed. */
const QUERIES = ['incident 1', 'incident 12', 'incident 123', 'incident 12'];
const dir = mkdtempSync(join(tmpdir(), 'bench-browser-'));

/** The data every page loads: the app's own export file of the synthetic atlas. */
const atlas = syntheticAtlas({ events: count });
/**
 * Events per file: one file of a million events would be about 1.2 GB, over the import's
 * 256 MB limit and the longest string a browser can hold, so larger counts come as several
 * files of 200,000, added one after the other.
 */
const PART = 200_000;
const dataFiles: string[] = [];
for (let i = 0; i < count; i += PART) {
  const file = join(dir, count > PART ? `events-${dataFiles.length + 1}.geojson` : 'events.geojson');
  writeFileSync(file, serializeExport(buildExport(atlas, atlas.features.slice(i, i + PART))));
  dataFiles.push(file);
}
const partNames = dataFiles.map((f) => basename(f));
const partSize = (k: number) => Math.min(PART, count - k * PART);
/** Leaflet keeps one object and one canvas path per marker: past this it is not run. */
const LEAFLET_MAX = 200_000;
const target = atlas.features[Math.floor(count / 3)];
const topology = JSON.parse(readFileSync('node_modules/world-atlas/countries-50m.json', 'utf8')) as Topology<{ land: GeometryCollection }>;
/** The same Natural Earth land the app's offline basemap draws. */
const land = feature(topology, topology.objects.land);
writeFileSync(join(dir, 'land.geojson'), JSON.stringify(land));
/**
 * The same events as an atlas folder on the app's own site, for `?atlas=` (the app opens
 * atlases from its own site), served compressed ahead as a static host would (see
 * `precompressed`): only up to one file's worth, since each layer file is one text.
 */
const ATLAS_PREFIX = '/bench-atlas/';
const atlasPlugins = count <= PART ? [precompressed(ATLAS_PREFIX, atlasFolder(atlas))] : [];
const bytes = dataFiles.reduce((sum, f) => sum + statSync(f).size, 0);
console.log(`${count.toLocaleString('en-GB')} events in ${dataFiles.length} export file(s), ${(bytes / 1_048_576).toFixed(0)} MB, ${(bytes / count).toFixed(0)} bytes per event`);

const COLORS = ['#c0262d', '#1f5fbf', '#b35c00'];

/** Shared by the peer pages: load the file, give each feature numeric times, and the timer helpers. */
const COMMON = `
window.COLORS = ${JSON.stringify(COLORS)};
window.frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
// The frame that shows a result is drawn by the GPU process (SwiftShader, on the CPU) after the
// page's script has finished with it; the next animation frame comes only once it is done.
window.settled = async () => { await frame(); await frame(); };
window.loadEvents = async () => {
  const parts = await Promise.all(${JSON.stringify(partNames)}.map(async (name) => (await fetch(name)).json()));
  const fc = { type: 'FeatureCollection', features: parts.flatMap((p) => p.features) };
  for (const f of fc.features) {
    const t = f.properties.time;
    f.properties.t0 = Date.parse(t.local);
    f.properties.t1 = f.properties.t0 + 60000;
    f.properties.li = Number(f.properties.layer.slice(-1)) - 1;
  }
  return fc;
};`;

const MAPLIBRE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>
<script type="module">
import * as maplibregl from './maplibre-gl.mjs';
${COMMON}
maplibregl.setWorkerUrl(new URL('./maplibre-gl-worker.mjs', location.href).href);
const map = new maplibregl.Map({ container: 'map', center: [54, 32], zoom: 4.2, style: { version: 8, sources: { land: { type: 'geojson', data: 'land.geojson' } }, layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#cfe0ea' } }, { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#f3f1ea' } }] } });
window.map = map;
const idle = () => new Promise((r) => map.once('idle', r)).then(frame);
let filters = { window: null, hidden: new Set(), query: '' };
function apply() {
  for (let i = 0; i < 3; i++) {
    const all = [['==', ['get', 'li'], i]];
    if (filters.window) all.push(['>', ['get', 't1'], filters.window.start], ['<=', ['get', 't0'], filters.window.end]);
    if (filters.query) all.push(['in', filters.query, ['downcase', ['get', 'title']]]);
    map.setFilter('ev-' + i, ['all', ...all]);
    map.setLayoutProperty('ev-' + i, 'visibility', filters.hidden.has(i) ? 'none' : 'visible');
  }
}
window.bench = {
  ready: () => new Promise((r) => (map.loaded() ? r() : map.once('load', r))),
  async load() {
    const fc = await loadEvents();
    window.data = fc;
    map.addSource('ev', { type: 'geojson', data: fc });
    for (let i = 0; i < 3; i++) map.addLayer({ id: 'ev-' + i, type: 'circle', source: 'ev', filter: ['==', ['get', 'li'], i], paint: { 'circle-color': COLORS[i], 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
    await idle();
  },
  async filter(next) { filters = { ...filters, ...next }; apply(); await idle(); },
  async select(lngLat) {
    const p = map.project(lngLat);
    const hit = map.queryRenderedFeatures([[p.x - 6, p.y - 6], [p.x + 6, p.y + 6]], { layers: ['ev-0', 'ev-1', 'ev-2'] })[0];
    new maplibregl.Popup().setLngLat(lngLat).setText(hit ? hit.properties.title : 'none').addTo(map);
    await frame();
    return hit ? hit.properties.title : null;
  },
  exportAll() { return new Blob([JSON.stringify(window.data)]).size; },
};
</script></body></html>`;

const LEAFLET_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="leaflet.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>
<script src="leaflet.js"></script>
<script>
${COMMON}
const map = L.map('map', { preferCanvas: true }).setView([32, 54], 5);
const renderer = L.canvas({ padding: 0.1 });
let markers = [];
let shown = new Uint8Array(0);
let filters = { window: null, hidden: new Set(), query: '' };
const groups = [0, 1, 2].map(() => L.layerGroup().addTo(map));
window.bench = {
  async ready() {
    const land = await (await fetch('land.geojson')).json();
    L.geoJSON(land, { renderer, style: { color: '#8a8478', weight: 0.5, fillColor: '#f3f1ea', fillOpacity: 1 } }).addTo(map);
    await frame();
  },
  async load() {
    const fc = await loadEvents();
    window.data = fc;
    markers = fc.features.map((f) => L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], { renderer, radius: 5, color: '#fff', weight: 1, fillColor: COLORS[f.properties.li], fillOpacity: 1 }).bindPopup(f.properties.title));
    shown = new Uint8Array(markers.length).fill(1);
    markers.forEach((m, i) => groups[fc.features[i].properties.li].addLayer(m));
    await settled();
  },
  // Only the markers whose state changed are added or removed, the cheapest way Leaflet offers.
  async filter(next) {
    filters = { ...filters, ...next };
    const w = filters.window;
    const q = filters.query;
    data.features.forEach((f, i) => {
      const p = f.properties;
      const on = !filters.hidden.has(p.li) && (!w || (p.t1 > w.start && p.t0 <= w.end)) && (!q || p.title.toLowerCase().includes(q)) ? 1 : 0;
      if (on === shown[i]) return;
      shown[i] = on;
      if (on) groups[p.li].addLayer(markers[i]); else groups[p.li].removeLayer(markers[i]);
    });
    await settled();
  },
  async select(lngLat) {
    const p = map.latLngToContainerPoint([lngLat[1], lngLat[0]]);
    const r = map.getContainer().getBoundingClientRect();
    const opts = { clientX: r.left + p.x, clientY: r.top + p.y, bubbles: true };
    renderer._container.dispatchEvent(new MouseEvent('click', opts));
    await frame();
    return document.querySelector('.leaflet-popup-content')?.textContent ?? null;
  },
  exportAll() { return new Blob([JSON.stringify(L.featureGroup(markers).toGeoJSON())]).size; },
};
</script></body></html>`;

writeFileSync(join(dir, 'maplibre.html'), MAPLIBRE_PAGE);
writeFileSync(join(dir, 'leaflet.html'), LEAFLET_PAGE);
const files: Record<string, string> = {
  'maplibre-gl.mjs': 'node_modules/maplibre-gl/dist/maplibre-gl.mjs',
  'maplibre-gl-shared.mjs': 'node_modules/maplibre-gl/dist/maplibre-gl-shared.mjs',
  'maplibre-gl-worker.mjs': 'node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs',
  'maplibre-gl.css': 'node_modules/maplibre-gl/dist/maplibre-gl.css',
  'leaflet.js': 'node_modules/leaflet/dist/leaflet.js',
  'leaflet.css': 'node_modules/leaflet/dist/leaflet.css',
};
const { server: peers, base: peerBase } = await serveFiles((path) => files[path.slice(1)] ?? join(dir, path.slice(1)));
const app = await preview({ plugins: atlasPlugins, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const appBase = app.resolvedUrls!.local[0];

type Figures = Record<string, number>;

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1_048_576;
}

/** Starts noting the longest task of the page's main thread (the longest the page could not answer). */
const watchTasks = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { longestTask: number };
    w.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longestTask = Math.max(w.longestTask, e.duration);
    }).observe({ type: 'longtask' });
  });
/** The longest task since `watchTasks`, once the last one has been reported. */
const longestTask = async (page: Page) => {
  await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  return page.evaluate(() => (window as unknown as { longestTask: number }).longestTask);
};

/** Times one action in the page: from just before it to the frame that shows its result. */
const timed = (page: Page, body: string, arg?: unknown) =>
  page.evaluate(async ({ body, arg }) => {
    const fn = new Function('arg', `return (async () => { ${body} })()`) as (arg: unknown) => Promise<unknown>;
    const t0 = performance.now();
    await fn(arg);
    return performance.now() - t0;
  }, { body, arg });

/** How many window changes a scrub sends: one per animation frame, as a drag of the slider does. */
const SCRUB = 60;

/**
 * Scrubs the time window: `change` (a function body given the change's number, from 1) runs
 * once per animation frame, `SCRUB` times, then `settle` waits for the last result to be
 * drawn. Returns the animation frames a second the page kept over the whole scrub, and the
 * longest gap between two of them (ms): a page whose change or drawing outlasts a frame
 * falls below 60, and one that blocks shows a long gap.
 */
const scrubbed = (page: Page, change: string, settle: string) =>
  // A string, not a function: the pages' own code is all the page runs (no helpers the TypeScript loader adds).
  page.evaluate(`(async () => {
    const t0 = performance.now();
    let last = t0;
    let longest = 0;
    await new Promise((resolve) => {
      let k = 0;
      const tick = () => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        if (k === ${SCRUB}) return resolve();
        k++;
        ${change}
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    ${settle}
    return { fps: ${SCRUB} / ((performance.now() - t0) / 1000), longest };
  })()`) as Promise<{ fps: number; longest: number }>;

async function peer(page: Page, name: 'maplibre' | 'leaflet'): Promise<Figures> {
  await page.goto(`${peerBase}${name}.html`);
  await page.waitForFunction(() => 'bench' in window);
  await page.evaluate(() => (window as unknown as { bench: { ready(): Promise<void> } }).bench.ready());
  const f: Figures = {};
  await watchTasks(page);
  f.load = await timed(page, 'await bench.load()');
  f.longest = await longestTask(page);
  f.select = await timed(page, 'if (!(await bench.select(arg))) throw new Error("nothing selected")', target.geometry.coordinates);
  const search: number[] = [];
  for (const q of QUERIES) search.push(await timed(page, 'await bench.filter({ query: arg })', q));
  f.search = median(search);
  search.forEach((ms, k) => (f[`search${k}`] = ms));
  await page.evaluate(() => (window as unknown as { bench: { filter(x: unknown): Promise<void> } }).bench.filter({ query: '' }));
  const toggles: number[] = [];
  for (let k = 0; k < TOGGLES; k++) toggles.push(await timed(page, 'await bench.filter({ hidden: new Set(arg ? [1] : []) })', k % 2 === 0));
  f.toggle = median(toggles);
  await page.evaluate((w) => (window as unknown as { bench: { filter(x: unknown): Promise<void> } }).bench.filter({ window: w }), WINDOW);
  const steps: number[] = [];
  for (let k = 1; k <= STEPS; k++) steps.push(await timed(page, 'await bench.filter({ window: arg })', { start: WINDOW.start, end: WINDOW.end - k * 6 * HOUR }));
  f.step = median(steps);
  if (name === 'leaflet') {
    // MapLibre's filter is applied on its worker and drawn frames later, so a frame rate during a scrub would not say what it showed: not timed.
    const scrub = await scrubbed(page, `bench.filter({ window: { start: ${WINDOW.start}, end: ${WINDOW.end} - k * ${6 * HOUR} } });`, 'await settled();');
    f.scrubFps = scrub.fps;
    f.scrubLongest = scrub.longest;
  }
  f.export = await timed(page, 'bench.exportAll()');
  f.heap = await heapMb(page);
  return f;
}

async function theApp(page: Page): Promise<Figures> {
  await page.goto(appBase);
  await waitForMap(page);
  const f: Figures = {};
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    // From the first file chosen to the last one added and drawn.
    input.addEventListener('change', () => ((window as unknown as { t0?: number }).t0 ??= performance.now()), { capture: true });
  });
  let loaded;
  await watchTasks(page);
  for (const [k, file] of dataFiles.entries()) {
    await page.locator('input[type=file]').setInputFiles(file);
    loaded = await page.waitForFunction(
      ([n, name]) => {
        const done = document.querySelector('[role=status]')?.textContent?.includes(`Added ${Number(n).toLocaleString('en-GB')} features from “${name}”`);
        const m = (window as unknown as { __eventMap: { loaded(): boolean } }).__eventMap;
        return done && m.loaded() ? performance.now() - (window as unknown as { t0: number }).t0 : false;
      },
      [partSize(k), partNames[k]] as const,
      { polling: 'raf', timeout: 600_000 },
    );
  }
  f.load = (await loaded!.jsonValue()) as number;
  f.longest = await longestTask(page);
  // Each action waits for the frame that shows its result, as the Leaflet page does (two
  // animation frames), and then for MapLibre's idle if the map still has a frame of its own
  // to draw (a change that only the dense points' overlay shows needs none; `_frameRequest`
  // is MapLibre's pending frame). Forcing a frame of the map here would time one the app
  // does not draw.
  const idle = 'await new Promise((r) => requestAnimationFrame(() => setTimeout(r))); await new Promise((r) => requestAnimationFrame(() => setTimeout(r))); { const m = window.__eventMap; if (m._frameRequest || m.isMoving()) await new Promise((r) => m.once("idle", r)); }';
  await page.evaluate(([lon, lat]) => (window as unknown as { __eventMap: { jumpTo(o: unknown): void } }).__eventMap.jumpTo({ center: [lon, lat], zoom: 6 }), target.geometry.coordinates);
  f.select = await timed(
    page,
    `const m = window.__eventMap; const p = m.project(arg);
     m.fire('click', { point: p, lngLat: m.unproject(p), originalEvent: new MouseEvent('click') });
     await new Promise((r) => { const check = () => (document.querySelector('aside.panel h2') || document.querySelector('.stack') ? r() : requestAnimationFrame(check)); check(); });`,
    target.geometry.coordinates,
  );
  await page.keyboard.press('Escape');
  // The same camera as the peer pages, drawn and its tiles loaded before the first keystroke, whose time would otherwise include the jump's;
  // and the frame the app draws once the map is idle after a move (its labels placed again), as a reader typing after a move finds it drawn.
  await page.evaluate(`(async () => {
    const m = window.__eventMap;
    const idle = () => new Promise((r) => m.once('idle', r));
    const moved = idle();
    m.jumpTo({ center: [54, 32], zoom: 4.2 });
    await moved;
    for (let k = 0; k < 3; k++) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      if (m._frameRequest) await idle();
    }
  })()`);
  const search: number[] = [];
  // The map frames each keystroke drew (without a GPU, each costs tens of milliseconds): printed, to read the times by.
  await page.evaluate(`window.__eventMap.on('render', () => (window.mapFrames = (window.mapFrames ?? 0) + 1))`);
  const frames: number[] = [];
  for (const q of QUERIES) {
    await page.evaluate('window.mapFrames = 0');
    search.push(await timed(page, `const s = document.querySelector('input[type=search]'); s.value = arg; s.dispatchEvent(new Event('input', { bubbles: true })); ${idle}`, q));
    frames.push((await page.evaluate('window.mapFrames')) as number);
  }
  console.log(`map frames drawn by the app's keystrokes: ${frames.join(', ')}`);
  f.search = median(search);
  search.forEach((ms, k) => (f[`search${k}`] = ms));
  await page.getByRole('searchbox').fill('');
  const toggles: number[] = [];
  // The second of the synthetic layers, as the peer pages toggle (not a layer of the built-in atlas).
  const toggle = `[...document.querySelectorAll('.legend label')].find((l) => l.textContent.includes('Synthetic layer 2')).querySelector('input').click();`;
  for (let k = 0; k < TOGGLES; k++) toggles.push(await timed(page, `${toggle} ${idle}`));
  f.toggle = median(toggles);
  // An actor of the synthetic data (a fifth of the events each) hidden and shown again: the app's filter beside the layers.
  const actor = `[...document.querySelectorAll('.actors label')].find((l) => l.textContent.includes('Armed group B')).querySelector('input').click();`;
  const actorChanges: number[] = [];
  for (let k = 0; k < TOGGLES; k++) actorChanges.push(await timed(page, `${actor} ${idle}`));
  f.actor = median(actorChanges);
  const setRange = (which: 'start' | 'end', value: number) =>
    `{ const r = document.querySelector('.range.${which}'); r.value = String(${value}); r.dispatchEvent(new Event('input', { bubbles: true })); }`;
  await page.evaluate(`(() => { ${setRange('start', WINDOW.start)} ${setRange('end', WINDOW.end)} })()`);
  const steps: number[] = [];
  for (let k = 1; k <= STEPS; k++) steps.push(await timed(page, `${setRange('end', WINDOW.end - k * 6 * HOUR)} ${idle}`));
  f.step = median(steps);
  await page.evaluate(`(() => { ${setRange('end', WINDOW.end)} })()`);
  const scrub = await scrubbed(page, `const r = document.querySelector('.range.end'); r.value = String(${WINDOW.end} - k * ${6 * HOUR}); r.dispatchEvent(new Event('input', { bubbles: true }));`, idle);
  f.scrubFps = scrub.fps;
  f.scrubLongest = scrub.longest;
  // Exports load their writer on first use and then download: timed from the click to the file handed to the browser.
  await page.evaluate(() => {
    const w = window as unknown as { onExported?: (size: number) => void };
    const original = URL.createObjectURL;
    URL.createObjectURL = (b: Blob) => (w.onExported?.(b.size), original(b));
  });
  const exportBy = (label: string) =>
    `await new Promise((r) => { window.onExported = r; [...document.querySelectorAll('.header-export button')].find((b) => ${label}.test(b.textContent)).click(); });`;
  /** How many the "CSV: the N shown" button says it writes. */
  const shownNow = async () => Number((await page.locator('.header-export button', { hasText: 'CSV' }).getAttribute('aria-label'))?.replace(/\D/g, ''));
  f.export = await timed(page, exportBy('/GeoJSON: all/'));
  // "Shown" exports write the features in time order, as the list has them, so the GeoJSON ones cannot join the workers' Blobs.
  f.exportShown = await timed(page, exportBy('/GeoJSON: the/'));
  f.exportCsv = await timed(page, exportBy('/CSV/'));
  f.shownInWindow = await shownNow();
  // The window opened to the whole year: everything shown.
  await page.evaluate(`(() => { for (const which of ['start', 'end']) { const r = document.querySelector('.range.' + which); r.value = which === 'start' ? r.min : r.max; r.dispatchEvent(new Event('input', { bubbles: true })); } })()`);
  await page.evaluate(`(async () => { ${idle} })()`);
  f.shownAll = await shownNow();
  f.exportCsvAll = await timed(page, exportBy('/CSV/'));
  // A layer hidden: the shown events lie scattered over the file and the time order alike (a worker gathers their bytes).
  await page.evaluate(`(async () => { ${toggle} ${idle} })()`);
  f.shownLayers = await shownNow();
  f.exportShownLayers = await timed(page, exportBy('/GeoJSON: the/'));
  f.exportCsvLayers = await timed(page, exportBy('/CSV/'));
  await page.evaluate(`(async () => { ${toggle} ${idle} })()`);
  // An actor hidden instead: a fifth of the events, scattered over the file too.
  await page.evaluate(`(async () => { ${actor} ${idle} })()`);
  f.shownActor = await shownNow();
  f.exportShownActor = await timed(page, exportBy('/GeoJSON: the/'));
  f.exportCsvActor = await timed(page, exportBy('/CSV/'));
  await page.evaluate(`(async () => { ${actor} ${idle} })()`);
  f.heap = await heapMb(page);
  if (count <= PART) {
    // The same events as an atlas at a URL, opened from the page as a link in it would: from the link followed to the events listed and drawn.
    await watchTasks(page);
    f.url = await timed(page, `${openAtlas} ${idle}`);
    f.urlLongest = await longestTask(page);
  }
  return f;
}

/** Follows a link to the benchmark's atlas inside the page, as a reader would, until its events are listed and the map has loaded. */
const openAtlas = `history.pushState(null, '', '?atlas=bench-atlas%2Fatlas.json'); dispatchEvent(new PopStateEvent('popstate'));
  await new Promise((r) => { const check = () => (/\\(${count.toLocaleString('en-GB')} of/.test(document.querySelector('.list-title')?.textContent ?? '') && window.__eventMap.loaded() ? r() : requestAnimationFrame(check)); check(); });`;

/** The same atlas opened on a fresh page of the app (nothing loaded but the built-in atlas), each in a browser context of its own. */
async function urlOnFreshPages(browser: Browser, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const w = await openPage(browser, { atlas: 'geodata', basemap: 'full' });
    await w.page.goto(appBase);
    await waitForMap(w.page);
    times.push(await timed(w.page, openAtlas));
    if (w.errors.length) console.log(`fresh page errors: ${w.errors.slice(0, 3).join('; ')}`);
    await w.context.close();
  }
  return times;
}
/** Fresh pages the atlas is opened on. */
const FRESH_URL_RUNS = 3;

const browser = await startBrowser();
const results: Record<string, Figures> = {};
try {
  for (const [name, run] of [
    ['app', theApp],
    ['MapLibre', (p: Page) => peer(p, 'maplibre')],
    ['Leaflet canvas', (p: Page) => peer(p, 'leaflet')],
  ] as const) {
    if (name === 'Leaflet canvas' && count > LEAFLET_MAX) {
      console.log(`Leaflet canvas: not run above ${LEAFLET_MAX.toLocaleString('en-GB')} events`);
      continue;
    }
    // The real atlas and the full basemap, as a user gets them (the browser tests use lighter stand-ins).
    const w = await openPage(browser, { atlas: 'geodata', basemap: 'full' });
    try {
      results[name] = await run(w.page);
    } catch (err) {
      console.log(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
    if (w.errors.length) console.log(`${name} errors: ${w.errors.slice(0, 3).join('; ')}`);
    await w.context.close();
  }
  if (count <= PART && results.app) {
    const fresh = await urlOnFreshPages(browser, FRESH_URL_RUNS);
    results.app.urlFresh = median(fresh);
    console.log(`the atlas at a URL on ${FRESH_URL_RUNS} fresh pages (ms): ${fresh.map((t) => t.toFixed(0)).join(', ')}`);
  }
} finally {
  await browser.close();
  await app.close();
  peers.close();
  rmSync(dir, { recursive: true, force: true });
}

const rows: [string, string][] = [
  ['load', 'load the file (ms)'],
  ['longest', 'longest main-thread task while loading (ms)'],
  ['step', 'timeline step, median (ms)'],
  ['scrubFps', `scrubbing the window, ${SCRUB} changes one per frame: frames a second (ratio: app ÷ peer)`],
  ['scrubLongest', 'the longest frame while scrubbing (ms)'],
  ['toggle', 'layer toggle (ms)'],
  ['actor', 'actor filter change, median of 4 (ms)'],
  ['search', `search keystroke, median of ${QUERIES.length} (ms)`],
  ...QUERIES.map((q, k): [string, string] => [`search${k}`, `… keystroke ${k + 1}, the box then holding “${q}” (ms)`]),
  ['select', 'click a point to its details (ms)'],
  ['export', 'export all as GeoJSON (ms)'],
  ['exportShown', 'export shown (the timeline window) as GeoJSON (ms)'],
  ['exportCsv', 'export shown (the timeline window) as CSV (ms)'],
  ['shownInWindow', 'events shown in that window'],
  ['exportCsvAll', 'export shown as CSV, the window opened to every event (ms)'],
  ['shownAll', 'events shown then'],
  ['exportShownLayers', 'export shown as GeoJSON, one layer of three hidden (ms)'],
  ['exportCsvLayers', 'export shown as CSV, one layer of three hidden (ms)'],
  ['shownLayers', 'events shown then'],
  ['exportShownActor', 'export shown as GeoJSON, one actor of five hidden (ms)'],
  ['exportCsvActor', 'export shown as CSV, one actor of five hidden (ms)'],
  ['shownActor', 'events shown then'],
  ['heap', 'JS heap after (MB)'],
  ['urlFresh', `open the same events as an atlas at a URL, on a fresh page, median of ${FRESH_URL_RUNS} (ms)`],
  ['url', 'open the same events as an atlas at a URL, replacing them after the measures above (ms)'],
  ['urlLongest', 'longest main-thread task while opening it (ms)'],
];
const fmt = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(0));
const ratio = (a?: number, b?: number) => (a && b ? `${(b / a).toFixed(1)}×` : '–');
console.log(`\n| ${count.toLocaleString('en-GB')} events | app | MapLibre | Leaflet canvas | MapLibre ÷ app | Leaflet ÷ app |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [key, label] of rows) {
  const a = results.app?.[key];
  const m = results.MapLibre?.[key];
  const l = results['Leaflet canvas']?.[key];
  // Frames a second: more is better, so that ratio is app ÷ peer, to read as the others do (above 1, the app does better).
  const vs = (peer?: number) => (key === 'scrubFps' ? ratio(peer, a) : ratio(a, peer));
  console.log(`| ${label} | ${fmt(a)} | ${fmt(m)} | ${fmt(l)} | ${vs(m)} | ${vs(l)} |`);
}
