import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Map as MapLibreMap } from 'maplibre-gl';

/** Debian's Chromium; Playwright's own browser download cannot work on these machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  // Playwright starts Chromium headless with a fresh, throw-away profile of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** A page that records page errors and console errors, and refuses any request off this machine. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
  offsite: string[];
}

export async function openPage(browser: Browser, viewport = { width: 1366, height: 860 }, colorScheme: 'light' | 'dark' = 'light'): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, colorScheme });
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
  await page.waitForFunction(() => {
    const m = (window as unknown as { __eventMap?: MapLibreMap }).__eventMap;
    return !!m && m.loaded() && m.isStyleLoaded() && !!m.getLayer('events--points') && !m.isMoving();
  }, undefined, { timeout: 30_000 });
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
export async function openAt(
  browser: Browser,
  base: string,
  query = '',
  viewport?: { width: number; height: number },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<WatchedPage> {
  const w = await openPage(browser, viewport, colorScheme);
  await w.page.goto(base + query);
  await waitForMap(w.page);
  await waitForIdle(w.page);
  return w;
}
