import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { downloadedText, launchBrowser, openPage, visit, waitForIdle, waitForMap, type WatchedPage } from './browser';
import { atlasManifest, fixtureFeatures, geodataFeatures } from './geodata';

const base = inject('baseUrl');
let browser: Browser;
const FIXTURE = 'tests/fixtures/atlas';
const hosted = new Map(readdirSync(FIXTURE).map((name) => [name, readFileSync(`${FIXTURE}/${name}`, 'utf8')]));

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A page on which the app's own site also hosts the fixture atlas under /hosted/ (and nothing else there). */
async function hostingPage(): Promise<WatchedPage> {
  const w = await openPage(browser, { atlas: 'geodata' });
  await w.context.route(/\/hosted\/[^/]+$/, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    // A site that answers an unknown address with its home page, as single-page sites do.
    if (name === 'home.json') return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Home</title>' });
    const body = name === 'broken.json' ? '{"schemaVersion": 1, "id": ' : hosted.get(name);
    return body === undefined ? route.fulfill({ status: 404, body: 'not here' }) : route.fulfill({ status: 200, contentType: 'application/json', body });
  });
  return w;
}

/** The count in the list's title: shown and total. */
const ATLAS_FILES = new Set(readdirSync('geodata').map((name) => name.replace(/\.(geo)?json$/, '')));

/** The names of the script chunks a page loads from now on (`shape-kit` for `assets/shape-kit-<hash>.js`), as they are requested. */
function chunksLoaded(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (req) => {
    const name = /\/assets\/([A-Za-z0-9_-]+?)-[A-Za-z0-9_-]{8}\.js$/.exec(req.url())?.[1];
    if (name) names.push(name);
  });
  return names;
}

/** Opens the built-in atlas at a feature, noting the workers the page starts and the atlas files it fetches. */
async function openBuiltIn(checked: boolean) {
  const w = await openPage(browser, { atlas: 'geodata', checked });
  const workers: string[] = [];
  const fetched: string[] = [];
  const chunks = chunksLoaded(w.page);
  w.page.on('worker', (worker) => workers.push(worker.url()));
  w.page.on('request', (req) => {
    const name = /\/assets\/([a-z0-9-]+)-[A-Za-z0-9_-]{8}\.(geo)?json$/.exec(req.url())?.[1];
    if (name && ATLAS_FILES.has(name) && !name.startsWith('basemap-')) fetched.push(name);
  });
  await w.page.goto(`${base}?feature=kerman-explosion-2`);
  await waitForMap(w.page);
  await waitForIdle(w.page);
  const panel = w.page.getByRole('complementary', { name: /^Details: / });
  await panel.waitFor();
  const seen = {
    count: await w.page.locator('.list-title .count').textContent(),
    rows: await w.page.locator('.feature-list [data-feature]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-feature'))),
    panel: await panel.innerText(),
    title: await w.page.getByRole('heading', { level: 1 }).textContent(),
    problems: await w.page.locator('.problems').count(),
  };
  return { w, workers, fetched, chunks, seen };
}

/** The count in the list's title: shown and total. */
const listCount = (page: Page) => page.locator('.list-title .count').textContent();

describe('the atlas built into the app', () => {
  it('comes checked with the app, starting no worker and reading no atlas file, and is the atlas its files give', async () => {
    const checked = await openBuiltIn(true);
    expect(checked.workers.filter((url) => /atlas\.worker/.test(url))).toEqual([]);
    expect(checked.fetched).toEqual([]);
    // Its events are all points: Turf's measures of lines and areas are not loaded.
    expect(checked.chunks).toContain('index');
    expect(checked.chunks).not.toContain('shape-kit');
    const all = geodataFeatures().length;
    expect(checked.seen.count).toBe(`(${all} of ${all})`);
    expect(checked.w.errors).toEqual([]);

    // Without the chunk, the files are read and checked in the worker, and the page shows the same.
    const fromFiles = await openBuiltIn(false);
    expect(fromFiles.workers.filter((url) => /atlas\.worker/.test(url)).length).toBe(1);
    expect(fromFiles.fetched).toContain('kerman-explosions');
    expect(fromFiles.seen).toEqual(checked.seen);
    // The one error is the chunk this test refused to serve.
    expect(fromFiles.w.errors).toEqual([expect.stringMatching(/Failed to load resource: .* 404/)]);
    await Promise.all([checked.w.context.close(), fromFiles.w.context.close()]);
  });
});

describe('an atlas opened with ?atlas=', () => {
  /** The page the test of bad atlas links ends on, on the hosted atlas; the built-in one is then opened again on it. */
  let afterHosted: WatchedPage | undefined;
  afterAll(async () => {
    await afterHosted?.context.close();
  });

  it('opens a hosted atlas from its manifest URL, names the page after it and keeps atlas= in the links it writes', async () => {
    const w = await hostingPage();
    const features = fixtureFeatures();
    const title = atlasManifest(FIXTURE).title.en;
    const chunks = chunksLoaded(w.page);
    const closed: string[] = [];
    w.page.on('worker', (worker) => {
      if (/atlas(-part)?\.worker/.test(worker.url())) worker.on('close', () => closed.push(worker.url()));
    });
    await w.page.goto(`${base}?atlas=hosted%2Fatlas.json&feature=pakistan-strike-saravan`);
    await waitForMap(w.page);
    await waitForIdle(w.page);
    await expect(listCount(w.page)).resolves.toBe(`(${features.length} of ${features.length})`);
    // This atlas has a line and an area: the page loaded what measures them.
    expect(chunks).toContain('shape-kit');
    await expect(w.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    await expect(w.page.title()).resolves.toBe(title);
    await w.page.getByRole('complementary', { name: /^Details: / }).waitFor();
    // A choice in the page writes the link, which still names the atlas.
    await w.page.locator(`.feature-list [data-feature="${features[0].id}"]`).click();
    await w.page.waitForURL((url) => url.searchParams.get('feature') === features[0].id);
    expect(new URL(w.page.url()).searchParams.get('atlas')).toBe('hosted/atlas.json');
    // Export files are named after the atlas's id.
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: /^Export GeoJSON: all/ }).first().click()]);
    expect(download.suggestedFilename()).toBe('kerman-fixture-events.geojson');
    const exported = JSON.parse(await downloadedText(download));
    expect(exported.name).toBe(title);
    // Workers read the atlas, a helper its first layer files: the features still come in the atlas's order.
    expect(exported.features.map((f: { id: string }) => f.id)).toEqual(features.map((f) => f.id));
    // Its four files are two parts on two cores or more: the second helper, left out, closes at once; the helper and the atlas worker, once they have written the export texts in turn.
    const helpers = (await w.page.evaluate(() => navigator.hardwareConcurrency)) >= 2 ? 2 : 0;
    await expect.poll(() => closed.filter((url) => /atlas-part\.worker/.test(url)).length, { timeout: 30_000 }).toBe(helpers);
    await expect.poll(() => closed.filter((url) => /atlas\.worker/.test(url)).length, { timeout: 30_000 }).toBe(1);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('takes the size a new atlas’s longer title leaves the map before drawing that atlas: no frame at the old size', async () => {
    const w = await openPage(browser, { atlas: 'geodata' });
    const manifest = JSON.parse(hosted.get('atlas.json')!);
    manifest.title = { en: 'An atlas whose title is long enough to take more lines of the header than the built-in one does, on any screen' };
    await w.context.route(/\/hosted\/[^/]+$/, (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop()!;
      const body = name === 'atlas.json' ? JSON.stringify(manifest) : hosted.get(name);
      return body === undefined ? route.fulfill({ status: 404, body: 'not here' }) : route.fulfill({ status: 200, contentType: 'application/json', body });
    });
    await w.page.goto(base);
    await waitForMap(w.page);
    await waitForIdle(w.page);
    const heightBefore = await w.page.evaluate(() => (window as unknown as { __eventMap: { getContainer(): HTMLElement } }).__eventMap.getContainer().clientHeight);
    // Each frame the map draws from now on, and whether its canvas was then the container's size.
    await w.page.evaluate(() => {
      const win = window as unknown as { __eventMap: { on(type: string, f: () => void): void; getContainer(): HTMLElement; getCanvas(): HTMLCanvasElement }; staleFrames: number; frames: number };
      const m = win.__eventMap;
      win.staleFrames = 0;
      win.frames = 0;
      m.on('render', () => {
        win.frames++;
        if (Math.abs(m.getContainer().clientHeight - parseFloat(m.getCanvas().style.height)) > 0.5) win.staleFrames++;
      });
    });
    await visit(w.page, '?atlas=hosted%2Fatlas.json', { idle: false });
    await expect.poll(() => w.page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe(manifest.title.en);
    await waitForIdle(w.page);
    const after = await w.page.evaluate(() => {
      const win = window as unknown as { __eventMap: { getContainer(): HTMLElement }; staleFrames: number; frames: number };
      return { height: win.__eventMap.getContainer().clientHeight, stale: win.staleFrames, frames: win.frames };
    });
    // The longer title took the map some height, and every frame since was drawn at the map's size.
    expect(after.height).toBeLessThan(heightBefore);
    expect(after.frames).toBeGreaterThan(0);
    expect(after.stale).toBe(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('says why an atlas cannot be opened, keeps the map working, and opens a good one from a later link', async () => {
    const w = await hostingPage();
    await w.page.goto(`${base}?atlas=hosted%2Fmissing.json&feature=kerman-explosion-1&q=blast`);
    await waitForMap(w.page);
    const notice = w.page.locator('.atlas-notice');
    await expect(notice.textContent()).resolves.toMatch(/The atlas at .*hosted\/missing\.json could not be opened: missing\.json: could not be read: .*HTTP 404/);
    // The link's feature and search are for the atlas it names: no second message says they are unknown, and the built-in atlas is offered with them.
    await expect(w.page.getByRole('status').textContent()).resolves.not.toMatch(/unknown|still on the map/);
    await expect(notice.getByRole('link', { name: 'Open the atlas built into this map' }).getAttribute('href')).resolves.toBe('?feature=kerman-explosion-1&q=blast');
    await expect(listCount(w.page)).resolves.toBe('(0 of 0)');
    // Nothing is loaded: the list does not blame the filters.
    await expect(w.page.locator('nav .empty').textContent()).resolves.toBe('No events or places are loaded.');
    // The map still answers: it moves and draws.
    await w.page.evaluate(() => (window as unknown as { __eventMap: { jumpTo(o: object): void } }).__eventMap.jumpTo({ center: [10, 10], zoom: 3 }));
    await waitForIdle(w.page);

    await visit(w.page, '?atlas=hosted%2Fhome.json', { idle: false });
    await expect(notice.filter({ hasText: /web page/ }).textContent()).resolves.toMatch(/hosted\/home\.json could not be opened: home\.json: could not be read: .*hosted\/home\.json answered with a web page, not a data file/);
    await visit(w.page, '?atlas=hosted%2Fbroken.json', { idle: false });
    await expect(notice.filter({ hasText: /not valid JSON/ }).textContent()).resolves.toMatch(/hosted\/broken\.json could not be opened: broken\.json: is not valid JSON/);
    await visit(w.page, `?atlas=${encodeURIComponent('https://elsewhere.example/atlas.json')}`, { idle: false });
    await expect(notice.textContent()).resolves.toMatch(/“https:\/\/elsewhere\.example\/atlas\.json” was not opened: this map may only load atlases from its own site/);
    expect(w.offsite).toEqual([]);

    const features = fixtureFeatures();
    await visit(w.page, '?atlas=hosted%2Fatlas.json', { idle: false });
    await w.page.locator('.list-title .count', { hasText: `(${features.length} of ${features.length})` }).waitFor();
    await expect(notice.count()).resolves.toBe(0);
    await waitForMap(w.page);
    afterHosted = w;
  });

  it('opens the built-in atlas again, whole, after another atlas', async () => {
    // The page the test before left on the hosted atlas, so this costs no page load of its own.
    const w = afterHosted!;
    // The refused atlases before logged their own errors; this reading must add none.
    const earlier = w.errors.length;
    const all = geodataFeatures().length;
    await visit(w.page, '?', { idle: false });
    await w.page.locator('.list-title .count', { hasText: `(${all} of ${all})` }).waitFor();
    await expect(w.page.title()).resolves.toBe(atlasManifest('geodata').title.en);
    await expect(w.page.locator('.atlas-notice').count()).resolves.toBe(0);
    expect(w.errors.slice(earlier)).toEqual([]);
  });

  it('hides the links, routes and city labels of the atlas before when the next has none, without emptying their sources, and shows them again with the built-in atlas', async () => {
    const { atlasFolder, syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const plain = atlasFolder(syntheticAtlas({ events: 5 }), 'plain');
    const w = await openPage(browser, { atlas: 'geodata' });
    await w.context.route(/\/plain\/[^/]+$/, (route) => {
      const body = plain[new URL(route.request().url()).pathname.split('/').pop()!];
      return body === undefined ? route.fulfill({ status: 404, body: 'not here' }) : route.fulfill({ status: 200, contentType: 'application/json', body });
    });
    await w.page.goto(base);
    await waitForMap(w.page);
    await waitForIdle(w.page);
    // The built-in atlas has links, routes and city labels (and no lines or areas: its shape layers are hidden from the start).
    const layers = ['relations--arcs', 'routes--line', 'place-labels'];
    const state = () =>
      w.page.evaluate((ids) => {
        const m = (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap;
        return { visibility: ids.map((id) => m.getLayoutProperty(id, 'visibility') ?? 'visible'), drawn: m.queryRenderedFeatures({ layers: ['relations--arcs'] }).length };
      }, layers);
    const before = await state();
    expect(before.visibility).toEqual(layers.map(() => 'visible'));
    // A layer shown all along is never told so (a visibility set is a style change, and a frame before the map counts as loaded); the shape layers, their source empty when the style came, were added hidden.
    const set = await w.page.evaluate(() => {
      const style = (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.getStyle();
      const visibility = (id: string) => (style.layers.find((l) => l.id === id)?.layout as { visibility?: string } | undefined)?.visibility;
      return [visibility('place-labels'), visibility('events--shape-fill')];
    });
    expect(set).toEqual([undefined, 'none']);
    // Every setData from now on, by source.
    await w.page.evaluate(() => {
      const win = window as unknown as { __eventMap: import('maplibre-gl').Map; sent: string[] };
      win.sent = [];
      const proto = Object.getPrototypeOf(win.__eventMap.getSource('relations')) as { setData: (...a: unknown[]) => unknown };
      const original = proto.setData;
      proto.setData = function (this: { id: string }, ...args: unknown[]) {
        win.sent.push(this.id);
        return original.apply(this, args);
      };
    });
    await visit(w.page, '?atlas=plain%2Fatlas.json', { idle: false });
    await w.page.locator('.list-title .count', { hasText: '(5 of 5)' }).waitFor();
    await waitForIdle(w.page);
    const after = await state();
    expect(after).toEqual({ visibility: layers.map(() => 'none'), drawn: 0 });
    const sent = () => w.page.evaluate(() => (window as unknown as { sent: string[] }).sent);
    expect((await sent()).filter((id) => ['relations', 'shapes', 'routes', 'places'].includes(id))).toEqual([]);
    // The built-in atlas again: its links, shapes, routes and labels shown, as they were.
    const all = geodataFeatures().length;
    await visit(w.page, '?', { idle: false });
    await w.page.locator('.list-title .count', { hasText: `(${all} of ${all})` }).waitFor();
    await waitForIdle(w.page);
    await w.page.evaluate(() => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.jumpTo({ center: [50, 32], zoom: 4 }));
    await waitForIdle(w.page);
    const back = await state();
    expect(back.visibility).toEqual(layers.map(() => 'visible'));
    expect(back.drawn).toBeGreaterThan(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
