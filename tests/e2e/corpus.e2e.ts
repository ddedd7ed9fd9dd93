import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { HOSTILE_STYLES, HOSTILE_URLS, hostileFiles } from '../corpus/hostile';
import { launchBrowser, openPage, visit, waitForIdle, waitForMap, type WatchedPage } from './browser';

const base = inject('baseUrl');
let browser: Browser;
let w: WatchedPage;

/** What went wrong, per kind; every list must stay empty. */
const tally = { uncaught: [] as string[], executed: [] as string[], cspViolations: [] as string[], lost: [] as string[], silent: [] as string[], frozen: [] as string[] };

beforeAll(async () => {
  browser = await launchBrowser();
  w = await openPage(browser);
  // Records every blocked attempt to run or load something the policy forbids, from the first byte of the page.
  await w.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  w.page.on('pageerror', (e) => tally.uncaught.push(e.message.slice(0, 200)));
  await w.page.goto(base);
  await waitForMap(w.page);
  await waitForIdle(w.page);
});
afterAll(async () => {
  await browser?.close();
});

/** True when the page still answers within 20 s (a frozen page never does). */
async function answers(page: Page): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 20_000));
  return Promise.race([page.evaluate(() => true), timeout]);
}

/** Features in the list with no filter on. */
async function featureCount(page: Page): Promise<number> {
  await visit(page, '');
  return page.locator('.feature-list [data-feature]').count();
}

/** Scripts that ran (each payload bumps window.__pwned) and prototypes that were polluted. */
async function damage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const pwned = (window as unknown as { __pwned?: number }).__pwned;
    if (pwned) out.push(`${pwned} injected script(s) ran`);
    if ((Object.prototype as Record<string, unknown>).polluted !== undefined) out.push('Object.prototype was polluted');
    return out;
  });
}

/** Waits for a message in the status line containing `text`; false when none comes. */
async function message(page: Page, text: string | RegExp): Promise<boolean> {
  try {
    await page.getByRole('status').getByText(text).first().waitFor({ timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

async function dismiss(page: Page): Promise<void> {
  const button = page.getByRole('status').getByRole('button', { name: 'Dismiss' });
  if (await button.count()) await button.click();
}

/** After each input: the page answers, nothing ran, the data layers are on the map. */
async function check(label: string): Promise<void> {
  if (!(await answers(w.page))) {
    tally.frozen.push(label);
    throw new Error(`the page froze on ${label}`);
  }
  for (const d of await damage(w.page)) tally.executed.push(`${label}: ${d}`);
  const drawn = await w.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.getStyle().layers.some((l) => l.id.endsWith('--points')));
  if (!drawn) tally.lost.push(`${label}: the data layers left the map`);
}

describe('the hostile-input corpus in the app', () => {
  it('opens every hostile file with a message naming it, adding only what is valid and losing nothing', async () => {
    const files = await hostileFiles();
    const input = w.page.getByLabel(/Add features from a GeoJSON file/);
    for (const file of files) {
      const before = await featureCount(w.page);
      await dismiss(w.page);
      await input.setInputFiles({ name: file.name, mimeType: 'application/geo+json', buffer: Buffer.isBuffer(file.text) ? file.text : Buffer.from(file.text) });
      if (!(await message(w.page, file.name.slice(0, 40)))) tally.silent.push(file.name);
      await check(file.name);
      const after = await featureCount(w.page);
      if (after !== before + file.adds) tally.lost.push(`${file.name}: ${before} features before, ${after} after, expected ${before + file.adds}`);
    }
  });

  it('answers every hostile link with a message and a working map', async () => {
    const total = await featureCount(w.page);
    for (const query of HOSTILE_URLS) {
      const label = `link ${query.slice(0, 60)}`;
      await visit(w.page, query);
      const said = await w.page.evaluate(() => !!document.querySelector('[role="status"] .notice') || !!document.querySelector('.feature-list .empty'));
      if (!said) tally.silent.push(label);
      await check(label);
      if ((await featureCount(w.page)) !== total) tally.lost.push(`${label}: features went missing`);
    }
  });

  it('keeps the basemap in use, with a message, for every hostile basemap URL and style, and keeps the data on the map', async () => {
    await visit(w.page, '');
    await w.page.getByText(/^Basemap:/).click();
    let served: { status: number; body: string } = { status: 404, body: '' };
    await w.context.route('https://tiles.openfreemap.org/styles/liberty', (route) => route.fulfill({ status: served.status, contentType: 'application/json', body: served.body }));
    for (const style of HOSTILE_STYLES) {
      const label = `basemap ${style.name}`;
      await dismiss(w.page);
      if (style.customUrl !== undefined) {
        await w.page.getByRole('radio', { name: /Your own style/ }).check();
        await w.page.getByLabel(/Style JSON or \.pmtiles URL/).fill(style.customUrl);
      } else {
        served = { status: style.status ?? 200, body: style.body ?? '' };
        await w.page.getByRole('radio', { name: /Streets/ }).check();
      }
      await w.page.getByRole('button', { name: 'Use this basemap' }).click();
      if (!(await message(w.page, /basemap could not be loaded/))) tally.silent.push(label);
      await check(label);
      await waitForMap(w.page);
      if ((await w.page.locator('.maplibregl-ctrl-attrib img, .maplibregl-ctrl-attrib svg').count()) > 0) tally.executed.push(`${label}: markup in the attribution`);
    }
  });

  it('adds up to zero: no uncaught error, no script run or blocked, nothing lost, no silence, no freeze', async () => {
    tally.cspViolations.push(...(await w.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)));
    const counts = Object.fromEntries(Object.entries(tally).map(([k, v]) => [k, v.length]));
    console.log(`hostile corpus: ${JSON.stringify(counts)}`);
    expect(tally).toEqual({ uncaught: [], executed: [], cspViolations: [], lost: [], silent: [], frozen: [] });
  });
});
