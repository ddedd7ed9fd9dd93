import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { decodeBasemap } from '../../src/lib/map/basemap-decode';
import { checkedAtlasModule } from '../../scripts/lib/checked-atlas';

/** Connects to the one Chromium that global-setup started for every test file. */
export async function launchBrowser(): Promise<Browser> {
  // Imported here, so scripts (screenshot) can use this module outside Vitest.
  const { inject } = await import('vitest');
  return chromium.connect(inject('browserEndpoint'));
}

/** The connection and pages `sharedPage` hands out, kept for every test file of the run. */
let connection: Promise<Browser> | undefined;
const sharedPages = new Map<string, Promise<WatchedPage>>();

/**
 * A page that several test files use in turn, opened once: the browser tests share one module
 * graph (`isolate: false`), and opening a page costs SwiftShader about 5 s of drawing.
 * `geodata` is a page on the real atlas that tests only look at (each moves it to its own URL);
 * `files` is a page on the fixture atlas that tests add files to. Files that use one never
 * close it.
 */
export function sharedPage(kind: 'geodata' | 'files'): Promise<WatchedPage> {
  let page = sharedPages.get(kind);
  if (!page) {
    connection ??= launchBrowser();
    page = connection.then(async (browser) => {
      const { inject } = await import('vitest');
      return openAt(browser, inject('baseUrl'), '', { atlas: kind === 'geodata' ? 'geodata' : 'fixture' });
    });
    sharedPages.set(kind, page);
  }
  return page;
}

/** Starts a Chromium of its own, for scripts that run outside the tests. */
export function startBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Which data the page loads: `fixture` is the small, frozen atlas in tests/fixtures/atlas/
 * (for tests where the Kerman data is not the point, so edits to geodata/ never break
 * them); `geodata` is the real data the build ships.
 */
export type AtlasChoice = 'fixture' | 'geodata';

const FIXTURE_DIR = 'tests/fixtures/atlas';
/** Files of geodata/ that belong to the atlas, not to the basemap. */
const ATLAS_ONLY_FILES = new Set(readdirSync('geodata').filter((name) => name !== 'basemap-places.geojson'));
const fixtureFiles = new Map(readdirSync(FIXTURE_DIR).map((name) => [name, readFileSync(`${FIXTURE_DIR}/${name}`, 'utf8')]));
/** The fixture atlas as the build would check it into its chunk (`virtual:checked-atlas`), made once per run. */
let fixtureChecked: Promise<string> | undefined;
/** The chunk the build checks the bundled atlas into; the page reads the atlas's files instead when it cannot load it. */
const CHECKED_ATLAS = /\/assets\/_virtual_checked-atlas-[A-Za-z0-9_-]{8}\.js$/;
/** Natural Earth at 1:110m: the same layers as the app's 1:50m basemap with a seventh of the data, so each page costs SwiftShader far less. */
const light = decodeBasemap(JSON.parse(readFileSync('node_modules/world-atlas/countries-110m.json', 'utf8')));
const lightBasemap = new Map([
  ['basemap-land.geojson', JSON.stringify(light.land)],
  ['basemap-borders.geojson', JSON.stringify(light.borders)],
  ['basemap-country-labels.geojson', JSON.stringify(light.countryLabels)],
]);

/** A page that records page errors, console errors (CSP violations among them), and refuses any request off this machine. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
  offsite: string[];
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  atlas?: AtlasChoice;
  /** `light` (the default) serves the 1:110m basemap; `full` the 1:50m one the app ships, for tests about the basemap itself. */
  basemap?: 'light' | 'full';
  /** False: the chunk holding the atlas as the build checked it is not served, so the page reads and checks the atlas's files in its worker. */
  checked?: boolean;
}

export async function openPage(browser: Browser, { viewport = { width: 960, height: 640 }, colorScheme = 'light', atlas = 'fixture', basemap = 'light', checked = true }: PageOptions = {}): Promise<WatchedPage> {
  // Reduced motion: the app then moves the camera without animating it, so each step draws once instead of for 700 ms.
  const context = await browser.newContext({ viewport, acceptDownloads: true, colorScheme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  const offsite: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => {
    offsite.push(route.request().url());
    return route.abort();
  });
  if (!checked) await context.route(CHECKED_ATLAS, (route) => route.fulfill({ status: 404, body: 'not served in this test' }));
  else if (atlas === 'fixture') {
    fixtureChecked ??= checkedAtlasModule(FIXTURE_DIR).then((m) => m.code);
    const body = await fixtureChecked;
    await context.route(CHECKED_ATLAS, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
  }
  if (atlas === 'fixture' || basemap === 'light') {
    // The build names data files `assets/<name>-<hash>.<ext>`; answer those with the fixture's file of the same name.
    await context.route(/\/assets\/[a-z0-9-]+-[A-Za-z0-9_-]{8}\.(geo)?json$/, (route) => {
      const m = /\/assets\/([a-z0-9-]+)-[A-Za-z0-9_-]{8}\.((geo)?json)$/.exec(route.request().url())!;
      const name = `${m[1]}.${m[2]}`;
      const body = lightBasemap.has(name) ? (basemap === 'light' ? lightBasemap.get(name) : undefined) : atlas === 'fixture' ? fixtureFiles.get(name) : undefined;
      if (body !== undefined) return route.fulfill({ status: 200, contentType: 'application/json', body });
      // An atlas file the fixture does not have is absent, not the real atlas's; everything else is served as built.
      return atlas === 'fixture' && ATLAS_ONLY_FILES.has(name) ? route.fulfill({ status: 404, body: 'not in the fixture atlas' }) : route.fallback();
    });
  }
  return { page, context, errors, offsite };
}

/** Ids of the events the map draws right now (points and precision circles are one GPU layer); `inView` keeps those on screen. */
export function drawnIds(page: Page, inView = false): Promise<string[]> {
  return page.evaluate((inView) => {
    const layers = (window as unknown as { __eventLayers: { drawnIds(inView: boolean): string[] } }).__eventLayers;
    return layers.drawnIds(inView).sort();
  }, inView);
}

/** Waits until the map has loaded its style and drawn the data layers. */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = (window as unknown as { __eventMap?: MapLibreMap }).__eventMap;
      return !!m && m.loaded() && m.isStyleLoaded() && !!m.getLayer('events--points') && !m.isMoving();
    },
    undefined,
    // A bound for failure only: on a machine shared with other builds a first load can take half a minute.
    { timeout: 90_000 },
  );
}

/** Waits for the camera to stop and the map to finish drawing. */
export async function waitForIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
        if (!m.isMoving() && m.loaded()) return resolve();
        m.once('idle', () => resolve());
      }),
  );
}

/** Opens the app at a query string and waits until the map has drawn and stopped. */
export async function openAt(browser: Browser, base: string, query = '', options: PageOptions = {}): Promise<WatchedPage> {
  const w = await openPage(browser, options);
  await w.page.goto(base + query);
  await waitForMap(w.page);
  await waitForIdle(w.page);
  // Remember the first camera, so visit() can start each test from the same view.
  await w.page.evaluate(() => {
    const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
    (window as unknown as { __firstCamera: unknown }).__firstCamera = { center: m.getCenter(), zoom: m.getZoom() };
  });
  return w;
}

/**
 * Moves an open page to another query string the way the browser's back and forward
 * buttons do (history entry and popstate), without reloading: the app applies the URL
 * exactly as on a fresh load, and the test skips a page load.
 */
export async function visit(page: Page, query: string, { idle = true } = {}): Promise<void> {
  await page.evaluate((q) => {
    const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
    const first = (window as unknown as { __firstCamera?: { center: [number, number]; zoom: number } }).__firstCamera;
    if (first) m.jumpTo(first);
    // A playback left running by an earlier test would move the window under this one.
    document.querySelector<HTMLButtonElement>('.timeline .play[aria-pressed="true"]')?.click();
    history.pushState(null, '', `${location.pathname}${q}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, query);
  if (idle) await waitForIdle(page);
}

/** The text of a download (the browser runs in another process, so there is no local path to read). */
export async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Drops the console lines of requests a test refused on purpose (the offsite ones it checks through `offsite`). */
export function forgetRefusedRequests(w: WatchedPage): void {
  const kept = w.errors.filter((e) => !/Failed to load resource: net::ERR_FAILED/.test(e));
  w.errors.splice(0, w.errors.length, ...kept);
}

/** The colours the map's canvas shows at these CSS-pixel positions (from a screenshot, so what the reader sees), as [r, g, b]. */
export async function canvasPixels(page: Page, points: readonly { x: number; y: number }[]): Promise<number[][]> {
  const png = await page.locator('.maplibregl-canvas').screenshot();
  return page.evaluate(
    async ({ bytes, points }) => {
      const img = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return points.map((p) => [...ctx.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data.slice(0, 3)]);
    },
    { bytes: [...png], points },
  );
}
