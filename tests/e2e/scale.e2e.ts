import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { atlasFolder, syntheticAtlas } from '../../scripts/lib/synthetic';
import { CSV_HEADER, toCsv } from '../../src/lib/data/csv';
import { buildExport, serializeExport, type ExportedCollection } from '../../src/lib/data/export';
import { importExport, parseJsonText } from '../../src/lib/data/import';
import { SPLIT_BYTES } from '../../src/lib/data/import-client';
import { formatProblem } from '../../src/lib/data/problems';
import { buildIndex } from '../../src/lib/state/feature-index';
import { canvasPixels, downloadedText, drawnIds, launchBrowser, openAt, visit, waitForIdle, type WatchedPage } from './browser';
import { fixtureFeatures } from './geodata';

const base = inject('baseUrl');
/** The small fixture atlas the page starts with (the synthetic events are the point here). */
const atlas = fixtureFeatures();
const loaded = atlas.length;
const undated = atlas.filter((f) => !f.dated).length;
/**
 * Enough that a DOM node or a setData per feature would show at once (and above the 5,000
 * where points are drawn smaller); the 100,000-event figures come from
 * `npm run bench:browser`, which is where speed is measured.
 */
const EVENTS = 10_000;
let browser: Browser;
let dir: string;
let file: string;
const events = syntheticAtlas({ events: EVENTS });
/** One page on the fixture atlas: the refused and cancelled imports must leave it as it was, and then it takes the 10,000 events. */
let w: WatchedPage;

beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'scale-e2e-'));
  file = join(dir, 'year-of-incidents.geojson');
  writeFileSync(file, serializeExport(buildExport(events)));
  w = await openAt(browser, base);
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A count as the page writes it, with its thousands separators ("10,000"). */
const counted = (text: string | undefined) => Number(text?.replaceAll(',', ''));
const listCount = async (page: Page) => counted(/\(([\d,]+) of/.exec((await page.locator('.list-title').textContent()) ?? '')?.[1]);
const windowCount = async (page: Page) => counted(/^([\d,]+) of/.exec((await page.locator('.timeline .count').textContent()) ?? '')?.[1]);

/** Counts every setData call on the map's GeoJSON sources from now on, and notes which sources they went to. */
function countSetData(page: Page): Promise<void> {
  return page.evaluate(() => {
    const win = window as unknown as { __eventMap: import('maplibre-gl').Map; setDataCalls: number; setDataSources: string[]; setDataCounted?: boolean };
    win.setDataCalls = 0;
    win.setDataSources = [];
    if (win.setDataCounted) return;
    win.setDataCounted = true;
    const proto = Object.getPrototypeOf(win.__eventMap.getSource('relations')) as { setData: (...a: unknown[]) => unknown };
    const original = proto.setData;
    proto.setData = function (this: { id: string }, ...args: unknown[]) {
      win.setDataCalls++;
      win.setDataSources.push(this.id);
      return original.apply(this, args);
    };
  });
}

describe('a year of incidents: 10,000 events', () => {
  it('cancels an import on request, keeping everything already loaded', async () => {
    // 200 MB of spaces and then an empty collection (valid JSON), made in the page from one
    // 1 MB blob: slow enough to read that Cancel always comes first, and nothing to send over.
    await w.page.evaluate(() => {
      const mb = new Blob([new Uint8Array(1_048_576).fill(0x20)]);
      const dt = new DataTransfer();
      dt.items.add(new File([...Array(200).fill(mb), '{"type":"FeatureCollection","features":[]}'], 'year-of-incidents-padded.geojson'));
      const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const progress = w.page.getByRole('group', { name: /Adding “year-of-incidents-padded.geojson”/ });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await w.page.getByRole('status').getByText(/Adding “year-of-incidents-padded.geojson” was cancelled. Nothing was added/).waitFor();
    expect(await listCount(w.page)).toBe(loaded);
    expect(await progress.count()).toBe(0);
    expect(w.errors).toEqual([]);
  }, 120_000);

  it('refuses a file over the size limit, naming it and the limit, and keeps everything loaded', async () => {
    await w.page.evaluate(() => {
      // 257 references to one 1 MB blob: a 257 MB file that costs the test 1 MB.
      const mb = new Blob([new Uint8Array(1_048_576)]);
      const dt = new DataTransfer();
      dt.items.add(new File(Array(257).fill(mb), 'huge.geojson'));
      const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await w.page.getByRole('status').getByText(/“huge.geojson” is 257 MB; files up to 256 MB can be added/).waitFor();
    expect(await listCount(w.page)).toBe(loaded);
    expect(w.errors).toEqual([]);
  });

  // The header is checked on the same load at 1,280 px (the export buttons set smaller) and 1,480 px (as they are), to pay for one page and one load.
  it('loads them off the main thread with a progress bar, lists and draws them, keeps the header’s height at 1280 and 1480 px so the map is not resized, and steps the timeline with no setData', async () => {
    const headerHeight = () => w.page.evaluate(() => document.querySelector('header.top')!.getBoundingClientRect().height);
    const exportLabel = async () => (await w.page.locator('.header-export button').first().textContent())?.trim();
    /** A new window size, once the map has taken it (its resize comes from an observer, after the window's). */
    const resizeTo = async (width: number, height: number) => {
      await w.page.evaluate(() => {
        const win = window as unknown as { mapResized: Promise<unknown>; __eventMap: import('maplibre-gl').Map };
        win.mapResized = new Promise((resolve) => win.__eventMap.once('resize', resolve));
      });
      await w.page.setViewportSize({ width, height });
      await w.page.evaluate(() => (window as unknown as { mapResized: Promise<unknown> }).mapResized);
      await waitForIdle(w.page);
    };
    const viewport = w.page.viewportSize()!;
    await resizeTo(1480, 400);
    const wider = await headerHeight();
    await resizeTo(1280, 480);
    const narrower = await headerHeight();
    await w.page.evaluate(() => {
      const win = window as unknown as { mapResizes: number; __eventMap: import('maplibre-gl').Map };
      win.mapResizes = 0;
      win.__eventMap.on('resize', () => win.mapResizes++);
    });
    await countSetData(w.page);
    // Every move of the import's bar, with when it was drawn into the page.
    await w.page.evaluate(() => {
      const moves: { at: number; phase: string; value: string | null }[] = [];
      (window as unknown as { barMoves: typeof moves }).barMoves = moves;
      new MutationObserver(() => {
        const bar = document.querySelector('.phase-progress');
        if (bar) moves.push({ at: performance.now(), phase: bar.querySelector('p')?.textContent ?? '', value: bar.querySelector('progress')?.getAttribute('value') ?? null });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await w.page.getByLabel(/Add features from a file/).setInputFiles(file);
    await w.page.getByRole('group', { name: /Adding “year-of-incidents.geojson”/ }).locator('progress').waitFor();
    await w.page.getByRole('status').getByText(`Added ${EVENTS.toLocaleString('en-GB')} features from “year-of-incidents.geojson”.`).waitFor({ timeout: 240_000 });
    await waitForIdle(w.page);
    // The buttons show their counts without the "Export" written once before them; their names still say it all.
    const all = (EVENTS + loaded).toLocaleString('en-GB');
    await w.page.getByRole('button', { name: `Export GeoJSON: all ${all} features` }).waitFor();
    expect(await exportLabel()).toBe(`GeoJSON: all ${all}`);
    expect(await headerHeight()).toBe(narrower);
    expect(await w.page.evaluate(() => (window as unknown as { mapResizes: number }).mapResizes)).toBe(0);
    // Widened again, with the large counts on the buttons, the header is as high as it was at that width with the atlas alone.
    await resizeTo(1480, 400);
    expect(await exportLabel()).toBe(`GeoJSON: all ${all}`);
    expect(await headerHeight()).toBe(wider);
    await resizeTo(viewport.width, viewport.height);
    // The bar moved, but within a phase at most once in 100 ms (a little less, for the page's own delay in drawing it): each move is a frame the workers' cores pay for.
    const moves = await w.page.evaluate(() => (window as unknown as { barMoves: { at: number; phase: string; value: string | null }[] }).barMoves);
    const steps = moves.filter((m, i) => i > 0 && (m.value !== moves[i - 1].value || m.phase !== moves[i - 1].phase));
    expect(new Set(steps.map((m) => m.value)).size).toBeGreaterThan(2);
    const gaps = steps.slice(1).flatMap((m, i) => (m.phase === steps[i].phase ? [m.at - steps[i].at] : []));
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.reduce((a, b) => Math.min(a, b))).toBeGreaterThan(80);
    expect(await listCount(w.page)).toBe(EVENTS + loaded);
    // The list is virtualised: a few dozen rows exist, not 10,010.
    expect(await w.page.locator('.feature-list li').count()).toBeLessThan(60);
    expect((await drawnIds(w.page)).length).toBe(EVENTS + loaded);
    // Points only: the links, shapes and routes are as they were, so MapLibre is not sent them again to cut into tiles.
    const sentTo = await w.page.evaluate(() => (window as unknown as { setDataSources: string[] }).setDataSources);
    expect(sentTo.filter((id) => ['relations', 'event-shapes', 'routes'].includes(id))).toEqual([]);
    await countSetData(w.page);

    // A search keystroke changes what is drawn without setData.
    await w.page.getByRole('searchbox').fill('incident 4242');
    await waitForIdle(w.page);
    expect(await drawnIds(w.page)).toEqual(expect.arrayContaining(['event-4242']));
    expect((await drawnIds(w.page)).length).toBe(await listCount(w.page));
    // Dense points are drawn as one image on the CPU: the one found is painted in its layer's colour at its place, and not once another search hides it.
    const found = events.features[4241];
    const lonLat = (found.geometry as import('geojson').Point).coordinates as [number, number];
    await w.page.evaluate((c) => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.jumpTo({ center: c, zoom: 6 }), lonLat);
    await waitForIdle(w.page);
    const at = await w.page.evaluate((c) => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.project(c), lonLat);
    const colour = await w.page.evaluate((title) => {
      const entry = [...document.querySelectorAll('.legend label')].find((l) => l.textContent?.includes(title));
      return getComputedStyle(entry!.querySelector('.swatch')!).backgroundColor.match(/\d+/g)!.map(Number);
    }, events.layers.find((l) => l.id === found.properties.layer)!.title);
    const close = (rgb: number[]) => rgb.every((c, k) => Math.abs(c - colour[k]) <= 6);
    expect(close((await canvasPixels(w.page, [at]))[0])).toBe(true);
    await w.page.getByRole('searchbox').fill('incident 4243');
    await waitForIdle(w.page);
    expect(close((await canvasPixels(w.page, [at]))[0])).toBe(false);
    await w.page.getByRole('searchbox').fill('');
    await waitForIdle(w.page);

    const before = await windowCount(w.page);
    await w.page.getByRole('slider', { name: 'End of time window' }).focus();
    await w.page.keyboard.press('PageDown');
    await w.page.keyboard.press('PageDown');
    await waitForIdle(w.page);
    const after = await windowCount(w.page);
    expect(after).toBeLessThan(before);
    expect(await listCount(w.page)).toBe(after + undated);
    expect((await drawnIds(w.page)).length).toBe(after + undated);
    expect(await w.page.evaluate(() => (window as unknown as { setDataCalls: number }).setDataCalls)).toBe(0);
    expect(w.errors).toEqual([]);
  }, 300_000);

  it('draws dense points over the map below the labels’ zoom: a search redraws only them, with no frame of the map, the selected one on top; from that zoom the map draws them', async () => {
    const overlayShown = () => w.page.evaluate(() => (window as unknown as { __eventLayers: { overlayShown: boolean } }).__eventLayers.overlayShown);
    /** Two animation frames: the first shows what changed, whatever the map itself still has to draw then. */
    const nextFrames = () => w.page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r)))));
    const found = events.features[4241];
    const lonLat = (found.geometry as import('geojson').Point).coordinates as [number, number];
    const colour = await w.page.evaluate((title) => {
      const entry = [...document.querySelectorAll('.legend label')].find((l) => l.textContent?.includes(title));
      return getComputedStyle(entry!.querySelector('.swatch')!).backgroundColor.match(/\d+/g)!.map(Number);
    }, events.layers.find((l) => l.id === found.properties.layer)!.title);
    const near = (rgb: number[], want: number[]) => rgb.every((c, k) => Math.abs(c - want[k]) <= 6);
    /** The found point alone (by search), the map centred on it at `zoom` and drawn: its place on the canvas. */
    const foundAt = async (zoom: number) => {
      await w.page.getByRole('searchbox').fill('incident 4242');
      await w.page.evaluate(([c, z]) => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.jumpTo({ center: c, zoom: z }), [lonLat, zoom] as const);
      await waitForIdle(w.page);
      await nextFrames();
      return w.page.evaluate((c) => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.project(c), lonLat);
    };
    // The whole time span, as a reader who has not touched the timeline has it.
    await w.page.getByRole('slider', { name: 'End of time window' }).focus();
    await w.page.keyboard.press('End');
    const at = await foundAt(6);
    expect(await overlayShown()).toBe(true);
    expect(near((await canvasPixels(w.page, [at]))[0], colour)).toBe(true);

    // From here on the map's own frames are counted: a search that changes only which points are shown needs none.
    await w.page.evaluate(() => {
      const win = window as unknown as { mapFrames: number; __eventMap: import('maplibre-gl').Map };
      win.mapFrames = 0;
      win.__eventMap.on('render', () => win.mapFrames++);
    });
    await w.page.getByRole('searchbox').fill('incident 4243');
    await nextFrames();
    expect(near((await canvasPixels(w.page, [at]))[0], colour)).toBe(false);
    await w.page.getByRole('searchbox').fill('incident 4242');
    await nextFrames();
    expect(near((await canvasPixels(w.page, [at]))[0], colour)).toBe(true);
    expect(await w.page.evaluate(() => (window as unknown as { mapFrames: number }).mapFrames)).toBe(0);
    // A keystroke that lets through the same rows draws nothing at all, not even the points.
    await w.page.evaluate(() => {
      const win = window as unknown as { overlayDraws: number };
      win.overlayDraws = 0;
      const proto = CanvasRenderingContext2D.prototype as unknown as { putImageData: (...a: unknown[]) => void };
      const put = proto.putImageData;
      proto.putImageData = function (this: unknown, ...args: unknown[]) {
        win.overlayDraws++;
        put.apply(this, args);
      };
    });
    await w.page.getByRole('searchbox').fill('incident 4242 incident');
    await nextFrames();
    const drawn = () => w.page.evaluate(() => (({ overlayDraws, mapFrames }) => ({ overlayDraws, mapFrames }))(window as unknown as { overlayDraws: number; mapFrames: number }));
    expect(await drawn()).toEqual({ overlayDraws: 0, mapFrames: 0 });
    await w.page.getByRole('searchbox').fill('incident 4243');
    await nextFrames();
    expect(await drawn()).toEqual({ overlayDraws: 1, mapFrames: 0 });
    await w.page.getByRole('searchbox').fill('incident 4242');
    await nextFrames();

    // Selected, the point is drawn as the map's layer draws a selected one, over every other: 10 pixels with a dark 3-pixel outline.
    const onPage = await w.page.evaluate((p) => {
      const r = (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, at);
    // The reader's click on the point (alone there while the search holds).
    await w.page.getByRole('searchbox').fill('incident 4242');
    await waitForIdle(w.page);
    await w.page.mouse.click(onPage.x, onPage.y);
    await expect.poll(() => w.page.locator('aside.panel h2').textContent()).toBe(found.properties.title);
    await w.page.getByRole('searchbox').fill('');
    await waitForIdle(w.page);
    await nextFrames();
    expect(await overlayShown()).toBe(true);
    const sel = await w.page.evaluate((c) => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.project(c), lonLat);
    const ring = [{ x: sel.x + 11.5, y: sel.y }, { x: sel.x - 11.5, y: sel.y }, { x: sel.x, y: sel.y + 11.5 }, { x: sel.x, y: sel.y - 11.5 }];
    const [centre, ...outline] = await canvasPixels(w.page, [sel, ...ring]);
    expect(near(centre, colour)).toBe(true);
    for (const rgb of outline) expect(Math.max(...rgb)).toBeLessThan(60);

    // From the labels' zoom the map draws the points in its own frame, under the labels, and the overlay is put away.
    await w.page.keyboard.press('Escape');
    const centred = await foundAt(10);
    expect(await overlayShown()).toBe(false);
    expect(near((await canvasPixels(w.page, [centred]))[0], colour)).toBe(true);
    // With the camera still, a search redraws only the part of the map's image of the points that changed: the point goes, then comes back.
    await w.page.getByRole('searchbox').fill('incident 4243');
    await waitForIdle(w.page);
    expect(near((await canvasPixels(w.page, [centred]))[0], colour)).toBe(false);
    await w.page.getByRole('searchbox').fill('incident 4242');
    await waitForIdle(w.page);
    expect(near((await canvasPixels(w.page, [centred]))[0], colour)).toBe(true);
    await w.page.getByRole('searchbox').fill('');
    await waitForIdle(w.page);
    expect(w.errors).toEqual([]);
  }, 120_000);

  it('adds a second file to them: its events are listed, counted, searched, drawn and picked, and a repeated id is skipped', async () => {
    // The page's index is extended, not rebuilt, when a file adds features: what the
    // extension adds must be found by every view, as it is after a full build.
    const later = syntheticAtlas({ events: 300 });
    const features = later.features.map((f, i) => ({ ...f, id: i === 0 ? 'event-1' : `later-${i}`, properties: { ...f.properties, title: `Second file event ${String(i).padStart(3, '0')}` } }));
    const second = join(dir, 'second.geojson');
    writeFileSync(second, serializeExport(buildExport({ ...later, features })));
    // The whole time span again (the test before narrowed it).
    await w.page.getByRole('slider', { name: 'End of time window' }).focus();
    await w.page.keyboard.press('End');
    await waitForIdle(w.page);
    const windowBefore = await windowCount(w.page);
    expect(await listCount(w.page)).toBe(EVENTS + loaded);
    await w.page.getByLabel(/Add features from a file/).setInputFiles(second);
    await w.page.getByRole('status').getByText('Added 299 features from “second.geojson”. 1 already on the map kept their loaded version.').waitFor({ timeout: 120_000 });
    await waitForIdle(w.page);
    expect(await listCount(w.page)).toBe(EVENTS + loaded + 299);
    expect(await windowCount(w.page)).toBe(windowBefore + 299);
    expect((await drawnIds(w.page)).length).toBe(EVENTS + loaded + 299);

    await w.page.getByRole('searchbox').fill('second file event 017');
    await waitForIdle(w.page);
    expect(await drawnIds(w.page)).toEqual(['later-17']);
    const target = features[17];
    await w.page.evaluate((c) => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.jumpTo({ center: c, zoom: 9 }), (target.geometry as import('geojson').Point).coordinates as [number, number]);
    await waitForIdle(w.page);
    const at = await w.page.evaluate((c) => {
      const m = (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap;
      const p = m.project(c as [number, number]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, (target.geometry as import('geojson').Point).coordinates as [number, number]);
    await w.page.mouse.click(at.x, at.y);
    await expect.poll(() => w.page.locator('aside.panel h2').textContent()).toBe('Second file event 017');
    // The first file's event with the repeated id keeps its own title.
    await w.page.getByRole('searchbox').fill('incident 1');
    await waitForIdle(w.page);
    expect(await drawnIds(w.page)).toContain('event-1');
    expect(w.errors).toEqual([]);
  }, 300_000);

  it('labels two dense events on one spot with the title of the later one, whose dot the time order draws on top, whatever their rows', async () => {
    await w.page.getByRole('searchbox').fill('');
    const spot = [60.25, 27.75];
    const point = (name: string, date: string) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: spot }, properties: { name, date } });
    // The later event in the first row: dense points are stamped in time order, not in row order.
    const file = { type: 'FeatureCollection', features: [point('Later of the two', '2023-06-02'), point('Earlier of the two', '2023-06-01')] };
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'two-on-a-spot.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
    await w.page.getByRole('status').getByText(/Added 2 features from “two-on-a-spot.geojson”/).waitFor({ timeout: 60_000 });
    await w.page.evaluate((c) => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.jumpTo({ center: c as [number, number], zoom: 12 }), spot);
    const labels = async () => {
      await waitForIdle(w.page);
      return w.page.evaluate(() => (window as unknown as { __eventMap: import('maplibre-gl').Map }).__eventMap.queryRenderedFeatures({ layers: ['events--labels'] }).map((f) => String(f.properties.title)));
    };
    await expect.poll(labels).toEqual(['Later of the two']);
    expect(w.errors).toEqual([]);
  }, 120_000);

  it('opens them as an atlas from a URL: a progress bar while the pieces arrive, then listed, counted and drawn', async () => {
    const folder = atlasFolder(events);
    await w.context.route(/\/synthetic\/[^/]+$/, (route) => {
      const body = folder[new URL(route.request().url()).pathname.split('/').pop()!];
      return body === undefined ? route.fulfill({ status: 404, body: 'not here' }) : route.fulfill({ status: 200, contentType: 'application/json', body });
    });
    // Every state of the progress bar, as the page shows it.
    await w.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('.load-progress');
        if (bar) seen.push(`${bar.textContent?.trim()} ${bar.querySelector('progress')?.getAttribute('value')}/${bar.querySelector('progress')?.getAttribute('max')}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const closed: string[] = [];
    w.page.on('worker', (worker) => {
      if (/atlas(-part)?\.worker/.test(worker.url())) worker.on('close', () => closed.push(worker.url()));
    });
    await w.page.getByRole('searchbox').fill('');
    await visit(w.page, '?atlas=synthetic%2Fatlas.json', { idle: false });
    await expect.poll(() => listCount(w.page), { timeout: 120_000 }).toBe(EVENTS);
    await waitForIdle(w.page);
    expect(await windowCount(w.page)).toBe(EVENTS);
    // Every event once, from the three workers' files.
    expect(await drawnIds(w.page)).toEqual(events.features.map((f) => f.id).sort());
    expect(await w.page.locator('.load-progress').count()).toBe(0);
    const seen = await w.page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    // The bar counts layer files while they are read and checked, by three workers side by side on two cores or more (a file each).
    expect(seen.some((s) => /^Opening the atlas: Checking… [0-2]\/[1-3]$/.test(s))).toBe(true);
    // Then the bar counts the features added. Each worker's share (3,333 events) goes in one piece, and the bar follows
    // the atlas worker's phase, so it may go from checking to every feature added in one step.
    const added = seen.map((s) => /^Opening the atlas: Adding to the map… (\d+)\/(\d+)$/.exec(s)).filter((m) => m !== null);
    expect(added.length).toBeGreaterThan(0);
    expect(added.at(-1)?.slice(1).map(Number)).toEqual([EVENTS, EVENTS]);
    expect(await w.page.title()).toMatch(/Synthetic atlas/);
    // After the load the three workers (one where the browser says it has one core) write the features' export texts, one after the other, and each stops once it has sent them.
    const cores = await w.page.evaluate(() => navigator.hardwareConcurrency);
    await expect.poll(() => closed.length, { timeout: 120_000 }).toBe(cores >= 2 ? 3 : 1);
    expect(w.errors).toEqual([]);
    await w.context.close();
  }, 300_000);
});

describe('a large export read by two workers side by side', () => {
  /** One page for the three files: each adds to what the one before left, or adds nothing. */
  let fresh: WatchedPage;
  beforeAll(async () => {
    fresh = await openAt(browser, base);
  });
  afterAll(async () => {
    await fresh?.context.close();
  });

  it('gives the page what one reading of the file gives: the same features in the same order, the same problems, the same GeoJSON export, a CSV export from the lines written ahead, and filtered exports gathered from both', async () => {
    const exported = buildExport(syntheticAtlas({ events: 8000 }));
    // Problems on both sides of the cut: a bad layer in the first half, an unknown source and a feature without an id in the second.
    // (No id repeats: a file whose ids repeat is read whole, see import-parts.ts.)
    exported.features[100].properties.layer = 'Not A Layer';
    exported.features[6500].properties.claims[0].sources = ['no-such-source'];
    delete (exported.features[7000] as { id?: string }).id;
    // Text beyond ASCII in both halves, whose texts the workers then hold as two bytes a character.
    exported.features[40].properties.title = 'انفجار در گلزار شهدا 🕊️';
    exported.features[7900].properties.place = 'Kermān';
    const text = serializeExport(exported);
    expect(text.length).toBeGreaterThan(SPLIT_BYTES);
    const halves = join(dir, 'two-halves.geojson');
    writeFileSync(halves, text);
    // The reference: the file read whole, in one pass, in Node.
    const whole = importExport('two-halves.geojson', JSON.parse(text));
    expect(whole.problems.length).toBeGreaterThanOrEqual(3);

    const workers: string[] = [];
    const closed: string[] = [];
    fresh.page.on('worker', (worker) => {
      workers.push(worker.url());
      worker.on('close', () => closed.push(worker.url()));
    });
    const before = await fresh.page.evaluate(() => (window as unknown as { __eventLayers: { drawnIds(inView: boolean): string[] } }).__eventLayers.drawnIds(false));
    // A key pressed every 300 ms, as someone typing: the workers hold their export bytes until it stops (see writer-holds.ts).
    await fresh.page.evaluate(() => {
      (window as unknown as { typing: number }).typing = window.setInterval(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Shift' })), 300);
    });
    // Counts, by part, the pieces the workers send and the pieces whose export texts come back.
    await fresh.page.evaluate(() => {
      const counts: Record<string, number> = {};
      (window as unknown as { pieceCounts: Record<string, number> }).pieceCounts = counts;
      const Original = window.Worker;
      window.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          this.addEventListener('message', (e: MessageEvent<{ type?: string; part?: number }>) => {
            if (e.data?.type === 'features' || e.data?.type === 'written') counts[`${e.data.type} ${e.data.part ?? 0}`] = (counts[`${e.data.type} ${e.data.part ?? 0}`] ?? 0) + 1;
          });
        }
      };
    });
    await fresh.page.getByLabel(/Add features from a file/).setInputFiles(halves);
    await fresh.page.getByRole('status').getByText(`Added ${whole.atlas.features.length.toLocaleString('en-GB')} features from “two-halves.geojson”`).waitFor({ timeout: 240_000 });
    await waitForIdle(fresh.page);
    expect(workers.some((url) => /import-part\.worker/.test(url))).toBe(true);
    // The map's rows, in order: the atlas's, then the file's as one reading orders them (layer by layer).
    const rows = await fresh.page.evaluate(() => (window as unknown as { __eventLayers: { drawnIds(inView: boolean): string[] } }).__eventLayers.drawnIds(false));
    expect(rows).toEqual([...before, ...whole.atlas.features.map((f) => f.id)]);
    const shown = await fresh.page.locator('.summary li[data-file="two-halves.geojson"] .problems li').allTextContents();
    expect(shown).toEqual(whole.problems.map(formatProblem));
    // Counts the Blobs among the parts of every Blob the page makes: an export is to be made of the ones the workers made, which outlive them.
    await fresh.page.evaluate(() => {
      const w = window as unknown as { blobParts: number[] };
      w.blobParts = [];
      const Original = Blob;
      window.Blob = class extends Original {
        constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
          super(parts, options);
          w.blobParts.push((parts ?? []).filter((p) => p instanceof Original).length);
        }
      };
    });
    const ids = new Set(whole.atlas.features.map((f) => f.id));
    const exportedAll = async () => {
      await fresh.page.evaluate(() => ((window as unknown as { blobParts: number[] }).blobParts = []));
      const [download] = await Promise.all([fresh.page.waitForEvent('download'), fresh.page.getByRole('button', { name: /Export GeoJSON: all/ }).click()]);
      const features = (JSON.parse(await downloadedText(download)) as ExportedCollection).features.filter((f) => ids.has(String(f.id)));
      return { features, mostBlobs: await fresh.page.evaluate(() => Math.max(0, ...(window as unknown as { blobParts: number[] }).blobParts)) };
    };
    const reference = JSON.parse(JSON.stringify(buildExport(whole.atlas).features));
    // Asked while the workers hold: the page writes the features whose bytes have not come, the same bytes, as Blobs of its own.
    const early = await exportedAll();
    expect(early.features).toEqual(reference);
    expect(early.mostBlobs).toBeLessThan(5);
    await fresh.page.evaluate(() => clearInterval((window as unknown as { typing: number }).typing));
    // The two workers that read the file stop once the load is over; one fresh worker then writes each feature's export
    // text from the file (see write-plan.ts), and stops once it has.
    await expect.poll(() => closed.filter((url) => /import(-part)?\.worker/.test(url)).length, { timeout: 120_000 }).toBe(2);
    await expect.poll(() => closed.filter((url) => /export-writer\.worker/.test(url)).length, { timeout: 120_000 }).toBe(1);
    expect(workers.filter((url) => /export-writer\.worker/.test(url))).toHaveLength(1);
    // Every piece of both parts has its texts, whichever part's worker said how first.
    const counts = await fresh.page.evaluate(() => (window as unknown as { pieceCounts: Record<string, number> }).pieceCounts);
    expect(counts['features 0']).toBeGreaterThan(5);
    expect(counts['features 1']).toBeGreaterThan(5);
    expect(counts['written 0']).toBe(counts['features 0']);
    expect(counts['written 1']).toBe(counts['features 1']);
    const later = await exportedAll();
    // One Blob a piece, and the pieces are cut per layer per half-megabyte slice of the file: about sixty here.
    // (Written on the page instead, the export is a Blob of one or a few Blobs of its own, one per 24 MB.)
    expect(later.mostBlobs).toBeGreaterThan(20);
    expect(later.features).toEqual(reference);

    // Export CSV of every event shown: the page writes the lines ahead, after the load (see csv-ahead.ts); an export
    // asked before they are all written finishes them, or writes its own when none are written yet.
    const exportCsv = async () => {
      await fresh.page.evaluate(() => ((window as unknown as { blobParts: number[] }).blobParts = []));
      const [csv] = await Promise.all([fresh.page.waitForEvent('download'), fresh.page.getByRole('button', { name: /Export CSV/ }).click()]);
      return { text: await downloadedText(csv), blobsMade: await fresh.page.evaluate(() => (window as unknown as { blobParts: number[] }).blobParts.length) };
    };
    const first = await exportCsv();
    // Once the lines written ahead are all there (each click holds their writing for a second, so asked again every 1.5 s),
    // an export is their Blob, with no Blob made but the download's.
    let second = first;
    await expect
      .poll(async () => (second = await exportCsv()).blobsMade, { interval: 1500, timeout: 30_000 })
      .toBe(1);
    expect(second.text).toBe(first.text);
    // The file's lines, in time order (ties in file order), as Node writes them.
    const order = buildIndex(whole.atlas.features, whole.atlas.sources, whole.atlas.layers.map((l) => l.id)).order;
    const lines = second.text.split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER.trimEnd());
    expect(lines.filter((line) => ids.has(line.slice(0, line.indexOf(','))))).toEqual(toCsv(whole.atlas, Array.from(order, (i) => whole.atlas.features[i])).split('\r\n').slice(1, -1));

    // Filtered exports, checked against Node's writers: GeoJSON in the atlas's order (as "all" lists them), CSV in time order.
    const exportShown = async (shown: (f: (typeof whole.atlas.features)[number]) => boolean) => {
      const shownFeatures = whole.atlas.features.filter(shown);
      const [geo] = await Promise.all([fresh.page.waitForEvent('download'), fresh.page.getByRole('button', { name: /Export GeoJSON: the/ }).click()]);
      const geoWritten = (JSON.parse(await downloadedText(geo)) as ExportedCollection).features.filter((f) => ids.has(String(f.id)));
      expect(geoWritten).toEqual(JSON.parse(JSON.stringify(buildExport(whole.atlas, shownFeatures).features)));
      const [csv] = await Promise.all([fresh.page.waitForEvent('download'), fresh.page.getByRole('button', { name: /Export CSV/ }).click()]);
      const csvLines = (await downloadedText(csv)).split('\r\n').filter((line) => ids.has(line.slice(0, line.indexOf(','))));
      expect(csvLines).toEqual(toCsv(whole.atlas, Array.from(order, (i) => whole.atlas.features[i]).filter(shown)).split('\r\n').slice(1, -1));
    };
    const gathers = () => workers.filter((url) => /gather\.worker/.test(url)).length;
    // A layer hidden: its events follow one another in the pieces, so the GeoJSON is still a few slices of them; in time
    // order the CSV's lines are scattered over thousands of runs, and a worker gathers them from the lines written ahead.
    const hidden = whole.atlas.layers[1];
    await fresh.page.locator('.legend label', { hasText: hidden.title }).locator('input').click();
    await waitForIdle(fresh.page);
    await exportShown((f) => f.properties.layer !== hidden.id);
    expect(gathers()).toBe(1);
    // An actor hidden as well: scattered over the pieces too, so a worker gathers the GeoJSON's bytes from them.
    await fresh.page.locator('.actors label', { hasText: 'Armed group B' }).locator('input').click();
    await waitForIdle(fresh.page);
    await exportShown((f) => f.properties.layer !== hidden.id && !f.properties.actors?.includes('Armed group B'));
    expect(gathers()).toBe(3);
    // Shown again, for the tests that follow on this page.
    await fresh.page.locator('.actors label', { hasText: 'Armed group B' }).locator('input').click();
    await fresh.page.locator('.legend label', { hasText: hidden.title }).locator('input').click();
    await waitForIdle(fresh.page);
    expect(fresh.errors).toEqual([]);
  }, 300_000);

  it('gives way to one reading of the whole file when an id repeats across the cut: the pieces the halves sent are dropped', async () => {
    const exported = buildExport(syntheticAtlas({ events: 8000 }));
    // Ids of its own, so that every feature is new to the page the test before filled; then one repeats across the cut.
    for (const f of exported.features) f.id = `again-${f.id}`;
    exported.features[6500].id = 'again-event-3';
    const text = serializeExport(exported);
    const file = join(dir, 'repeated-id.geojson');
    writeFileSync(file, text);
    const whole = importExport('repeated-id.geojson', JSON.parse(text));
    expect(whole.problems.map((p) => p.message)).toContain('duplicate feature id');
    const before = await fresh.page.evaluate(() => (window as unknown as { __eventLayers: { drawnIds(inView: boolean): string[] } }).__eventLayers.drawnIds(false));
    await fresh.page.getByLabel(/Add features from a file/).setInputFiles(file);
    await fresh.page.getByRole('status').getByText(`Added ${whole.atlas.features.length.toLocaleString('en-GB')} features from “repeated-id.geojson”`).waitFor({ timeout: 240_000 });
    await waitForIdle(fresh.page);
    const rows = await fresh.page.evaluate(() => (window as unknown as { __eventLayers: { drawnIds(inView: boolean): string[] } }).__eventLayers.drawnIds(false));
    expect(rows).toEqual([...before, ...whole.atlas.features.map((f) => f.id)]);
    const shown = await fresh.page.locator('.summary li[data-file="repeated-id.geojson"] .problems li').allTextContents();
    // Its layers are the synthetic ones the test before loaded: the report also says its features are shown in them.
    const joining = shown.filter((line) => / added features name the loaded layer /.test(line));
    expect(joining.length).toBe(3);
    expect(shown.filter((line) => !joining.includes(line))).toEqual(whole.problems.map(formatProblem));
    expect(fresh.errors).toEqual([]);
  }, 300_000);

  it('reads a large file that breaks in either half as one pass would: refused, naming the line and column, nothing added', async () => {
    const text = serializeExport(buildExport(syntheticAtlas({ events: 8000 })));
    const before = await listCount(fresh.page);
    // One closing brace dropped three quarters of the way in (the second half), then a quarter of the way in (the first).
    for (const [where, share] of [['second', 0.75], ['first', 0.25]] as const) {
      const at = text.indexOf('},{"type":"Feature"', Math.floor(text.length * share));
      const broken = text.slice(0, at) + text.slice(at + 1);
      const reason = (parseJsonText(broken) as { reason: string }).reason;
      expect(reason).toMatch(/line 1, column \d+/);
      const file = join(dir, `broken-${where}-half.geojson`);
      writeFileSync(file, broken);
      await fresh.page.getByLabel(/Add features from a file/).setInputFiles(file);
      await fresh.page.getByRole('status').getByText(`“broken-${where}-half.geojson” was not added: it is not valid JSON (${reason}). The map is unchanged.`).waitFor({ timeout: 240_000 });
      expect(await listCount(fresh.page)).toBe(before);
    }
    expect(fresh.errors).toEqual([]);
  }, 300_000);

  it('reads a large file that is not UTF-8 in either half whole, as Windows-1252, warning of it', async () => {
    for (const [where, share] of [['second', 0.75], ['first', 0.25]] as const) {
      const exported = buildExport(syntheticAtlas({ events: 8000 }));
      // Ids of their own, so that each file adds its features to the page the tests before filled.
      for (const f of exported.features) f.id = `${where}-latin-${f.id}`;
      const marked = exported.features[Math.floor(exported.features.length * share)];
      marked.properties.title = 'Caf@';
      // The one byte that is not UTF-8: é in Windows-1252.
      const [head, tail] = serializeExport(exported).split('Caf@');
      const name = `latin-${where}-half.geojson`;
      writeFileSync(join(dir, name), Buffer.concat([Buffer.from(`${head}Caf`), Buffer.from([0xe9]), Buffer.from(tail)]));
      expect(head.length + tail.length).toBeGreaterThan(SPLIT_BYTES);
      await fresh.page.getByLabel(/Add features from a file/).setInputFiles(join(dir, name));
      await fresh.page.getByRole('status').getByText(`Added ${exported.features.length.toLocaleString('en-GB')} features from “${name}”`).waitFor({ timeout: 240_000 });
      const shown = await fresh.page.locator(`.summary li[data-file="${name}"] .problems li`).allTextContents();
      expect(shown.filter((line) => /is not UTF-8, so it was read as Windows-1252/.test(line))).toHaveLength(1);
      const search = fresh.page.getByRole('searchbox', { name: /Search/ });
      await search.fill('Café');
      await expect.poll(() => fresh.page.locator(`.feature-list [data-feature="${marked.id}"]`).textContent()).toMatch(/Café/);
      await search.fill('');
    }
    expect(fresh.errors).toEqual([]);
  }, 300_000);
});
