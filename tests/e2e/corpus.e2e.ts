import { appendFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { HOSTILE_STYLES, HOSTILE_URLS, hostileFiles } from '../corpus/hostile';
import { launchBrowser, openPage, visit, waitForIdle, waitForMap, type WatchedPage } from './browser';

const base = inject('baseUrl');
let browser: Browser;
let w: WatchedPage;

/** With CORPUS_LOG=<file>, each input and its time are written there as the test goes (the test is long). */
const progress = (line: string) => process.env.CORPUS_LOG && appendFileSync(process.env.CORPUS_LOG, `${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** Files handed to the file input in one go. */
const FILES_AT_ONCE = 8;

/** What went wrong, per kind; every list must stay empty. */
const tally = { uncaught: [] as string[], executed: [] as string[], cspViolations: [] as string[], lost: [] as string[], silent: [] as string[], frozen: [] as string[] };

beforeAll(async () => {
  browser = await launchBrowser();
  // A small window: the corpus is about what the app does with the input, not its layout, and SwiftShader draws fewer pixels.
  w = await openPage(browser, { viewport: { width: 800, height: 450 } });
  // Records every blocked attempt to run or load something the policy forbids, from the first byte of the page.
  await w.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  w.page.on('pageerror', (e) => tally.uncaught.push(e.message.slice(0, 200)));
  // The first load is itself a hostile link (every parameter at once), so the load path is tried too, not only back and forward.
  await w.page.goto(base + HOSTILE_URLS.at(-1));
  await waitForMap(w.page);
  await waitForIdle(w.page);
  const first = await stateOf(w.page);
  if (record('first load of a hostile link', first) && !first.notice) tally.silent.push('first load of a hostile link');
});
afterAll(async () => {
  await browser?.close();
});

/** What the page shows and has suffered, read in one round trip. */
interface PageState {
  notice: string;
  emptyList: boolean;
  features: number;
  drawn: boolean;
  damage: string[];
}

/**
 * Reads the page's state; a page that does not answer within 20 s is frozen. With `query`,
 * first moves the page to that URL as a shared link would (history entry and popstate) and
 * lets the app apply it.
 */
async function stateOf(page: Page, query?: string): Promise<PageState | undefined> {
  const read = page.evaluate(async (q) => {
    if (q !== undefined) {
      history.pushState(null, '', `${location.pathname}${q}`);
      dispatchEvent(new PopStateEvent('popstate'));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const damage: string[] = [];
    const pwned = (window as unknown as { __pwned?: number }).__pwned;
    if (pwned) damage.push(`${pwned} injected script(s) ran`);
    if ((Object.prototype as Record<string, unknown>).polluted !== undefined) damage.push('Object.prototype was polluted');
    return {
      notice: document.querySelector('[role="status"] .notice')?.textContent ?? '',
      emptyList: !!document.querySelector('.list-title ~ .empty'),
      // The list is virtualised (only the rows in view exist), so the count comes from its title.
      features: Number(/\((\d+) of/.exec(document.querySelector('.list-title .count')?.textContent ?? '')?.[1] ?? -1),
      // The GPU layer is a custom layer: MapLibre has it, but getStyle() does not list it.
      drawn: !!(window as unknown as { __eventMap: MapLibreMap }).__eventMap.getLayer('events--points'),
      damage,
    };
  }, query);
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20_000));
  return Promise.race([read, timeout]);
}

/** Waits for a message in the status line containing `text`; false when none comes. */
async function message(page: Page, text: string | RegExp): Promise<boolean> {
  try {
    await page.getByRole('status').getByText(text).first().waitFor({ timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Clears the status line, so the next message is the next input's. */
async function dismiss(page: Page): Promise<void> {
  await page.evaluate(() => (document.querySelector('[role="status"] .dismiss') as HTMLButtonElement | null)?.click());
}

/** Records what an input did: a frozen page, scripts run, prototypes polluted, data layers gone. */
function record(label: string, state: PageState | undefined): state is PageState {
  if (!state) {
    tally.frozen.push(label);
    return false;
  }
  for (const d of state.damage) tally.executed.push(`${label}: ${d}`);
  if (!state.drawn) tally.lost.push(`${label}: the data layers left the map`);
  return true;
}

describe('the hostile-input corpus in the app', () => {
  it('answers every hostile link with a message and a working map', async () => {
    const total = (await stateOf(w.page, ''))!.features;
    for (const query of HOSTILE_URLS) {
      const label = `link ${query.slice(0, 60)}`;
      progress(label);
      const state = await stateOf(w.page, query);
      if (!record(label, state)) continue;
      if (!state.notice && !state.emptyList) tally.silent.push(label);
    }
    // A link changes only the view, never the data: a plain link afterwards lists every feature again.
    const after = await stateOf(w.page, '');
    if (record('a plain link after the hostile ones', after) && after.features !== total) tally.lost.push(`links: ${after.features} features listed afterwards, expected ${total}`);
  }, 600_000);

  it('keeps the basemap in use, with a message, for every hostile basemap URL and style, and keeps the data on the map', async () => {
    await visit(w.page, '');
    await w.page.getByText(/^Basemap:/).click();
    let served: { status: number; body: string } = { status: 404, body: '' };
    await w.context.route('https://tiles.openfreemap.org/styles/liberty', (route) => route.fulfill({ status: served.status, contentType: 'application/json', body: served.body }));
    for (const style of HOSTILE_STYLES) {
      const label = `basemap ${style.name}`;
      progress(label);
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
      await waitForMap(w.page);
      record(label, await stateOf(w.page));
      if ((await w.page.locator('.maplibregl-ctrl-attrib img, .maplibregl-ctrl-attrib svg').count()) > 0) tally.executed.push(`${label}: markup in the attribution`);
    }
  }, 600_000);

  it('opens every hostile file with a message naming it, adding only what is valid and losing nothing', async () => {
    // 200 features for the many-features file here; the unit test reads 1,000.
    const files = await hostileFiles({ many: 200 });
    const input = w.page.getByLabel(/Add features from a file/);
    let expected = (await stateOf(w.page, ''))!.features;
    // Added several at a time, as a reader may pick them: the import then speaks of each file in
    // turn, and one worker reads them all, which keeps this test short.
    for (let k = 0; k < files.length; k += FILES_AT_ONCE) {
      const batch = files.slice(k, k + FILES_AT_ONCE);
      progress(`files ${batch.map((f) => f.name).join(', ')}`);
      await dismiss(w.page);
      await input.setInputFiles(batch.map((file) => ({ name: file.name, mimeType: 'application/geo+json', buffer: Buffer.isBuffer(file.text) ? file.text : Buffer.from(file.text) })));
      const label = batch.map((f) => f.name).join(', ');
      if (!(await message(w.page, batch.at(-1)!.name.slice(0, 40)))) tally.silent.push(label);
      const state = await stateOf(w.page);
      if (!record(label, state)) continue;
      for (const file of batch) if (!state.notice.includes(file.name.slice(0, 40))) tally.silent.push(file.name);
      // No filter is on, so the list shows every feature.
      expected += batch.reduce((n, f) => n + f.adds, 0);
      if (state.features !== expected) tally.lost.push(`${label}: ${state.features} features in the list, expected ${expected}`);
      expected = state.features;
    }
  }, 600_000);

  it('adds up to zero: no uncaught error, no script run or blocked, nothing lost, no silence, no freeze', async () => {
    tally.cspViolations.push(...(await w.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)));
    const counts = Object.fromEntries(Object.entries(tally).map(([k, v]) => [k, v.length]));
    console.log(`hostile corpus: ${JSON.stringify(counts)}`);
    expect(tally).toEqual({ uncaught: [], executed: [], cspViolations: [], lost: [], silent: [], frozen: [] });
  });
});
