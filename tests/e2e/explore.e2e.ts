import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { drawnIds, launchBrowser, openAt, openPage, waitForIdle, waitForMap } from './browser';
import { geodataFeatures } from './geodata';

const base = inject('baseUrl');
const features = geodataFeatures();
const require = createRequire(import.meta.url);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const open = (query = '', viewport?: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light') => openAt(browser, base, query, viewport, colorScheme);

/** What each view of the data shows right now: the list, the map's drawn points, the timeline's count. */
async function views(page: Page) {
  await waitForIdle(page);
  const list = await page.locator('.feature-list [data-feature]').evaluateAll((els) => els.map((e) => e.getAttribute('data-feature')!).sort());
  const map = await drawnIds(page);
  const count = await page.locator('.timeline .count').textContent();
  return { list, map, count: Number(/^(\d+) of/.exec(count ?? '')?.[1]) };
}

const dated = (ids: string[]) => ids.filter((id) => !['soleimani-grave', 'saheb-al-zaman-mosque'].includes(id));

describe('timeline', () => {
  it('narrows the window by keyboard, and the list, map and count agree', async () => {
    const w = await open();
    const start = w.page.getByRole('slider', { name: 'Start of time window' });
    await start.focus();
    for (let i = 0; i < 5; i++) await w.page.keyboard.press('PageUp');
    const v = await views(w.page);
    expect(v.list).toEqual(v.map);
    expect(v.count).toBe(dated(v.list).length);
    expect(v.list).not.toContain('kerman-explosion-1');
    expect(v.list).toContain('pakistan-strike-saravan');
    expect(new URL(w.page.url()).searchParams.get('from')).toMatch(/^2024-01-/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('narrows the window by dragging a handle with the mouse', async () => {
    const w = await open();
    const track = (await w.page.locator('.timeline .track').boundingBox())!;
    const y = track.y + track.height * 0.4;
    // The end handle sits at the right edge of the track; drag it to the middle.
    await w.page.mouse.move(track.x + track.width - 4, y);
    await w.page.mouse.down();
    await w.page.mouse.move(track.x + track.width * 0.5, y, { steps: 8 });
    await w.page.mouse.up();
    const v = await views(w.page);
    expect(new URL(w.page.url()).searchParams.get('to')).toMatch(/^2024-01-1[01]/);
    expect(v.list).toContain('kerman-explosion-1');
    expect(v.list).not.toContain('pakistan-strike-saravan');
    expect(v.list).toEqual(v.map);
    await w.context.close();
  });

  it('plays the window forward through time and can be paused', async () => {
    const w = await open();
    await w.page.getByRole('button', { name: 'Play' }).click();
    await w.page.waitForFunction(() => new URL(location.href).searchParams.has('from'));
    await w.page.getByRole('button', { name: 'Pause' }).click();
    const v = await views(w.page);
    expect(v.list).toEqual(v.map);
    expect(v.count).toBe(dated(v.list).length);
    await w.context.close();
  });
});

describe('filters and search', () => {
  it('searches titles, facts and source names; list and map agree', async () => {
    const w = await open();
    await w.page.getByRole('searchbox', { name: /Search/ }).fill('Dizayee');
    const v = await views(w.page);
    expect(v.list).toEqual(['iran-strike-erbil']);
    expect(v.map).toEqual(['iran-strike-erbil']);
    await expect(w.page.locator('.legend').textContent()).resolves.toMatch(/Iran's strikes[^(]*\(1 of 3 shown\)/);
    await w.page.getByRole('searchbox', { name: /Search/ }).fill('Amaq');
    expect((await views(w.page)).list).toContain('kerman-explosion-1');
    await w.context.close();
  });

  it('filters by actor', async () => {
    const w = await open();
    await w.page.getByRole('checkbox', { name: /Islamic Revolutionary Guard Corps/ }).uncheck();
    const v = await views(w.page);
    expect(v.list.some((id) => id.startsWith('iran-strike'))).toBe(false);
    expect(v.list).toEqual(v.map);
    await expect(w.page.locator('[aria-live="polite"].visually-hidden').textContent()).resolves.toMatch(/features shown/);
    await w.context.close();
  });

  it('restores filters, window, selection and camera from the URL after a reload', async () => {
    const w = await open();
    await w.page.getByRole('checkbox', { name: /Pakistan's strike/ }).uncheck();
    await w.page.getByRole('searchbox', { name: /Search/ }).fill('missile');
    await w.page.locator('.feature-list [data-feature="iran-strike-idlib"]').click();
    await waitForIdle(w.page);
    const before = await views(w.page);
    const url = w.page.url();
    const w2 = await open(url.slice(base.length));
    expect(await views(w2.page)).toEqual(before);
    await expect(w2.page.getByRole('searchbox', { name: /Search/ }).inputValue()).resolves.toBe('missile');
    await w2.page.getByRole('complementary', { name: /Idlib/ }).waitFor();
    const zooms = await Promise.all([w.page, w2.page].map((p) => p.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.getZoom())));
    expect(zooms[1]).toBeCloseTo(zooms[0], 1);
    await w.context.close();
    await w2.context.close();
  });
});

describe('bad URL parameters', () => {
  it('names every unknown id in one message and shows everything else', async () => {
    const w = await open('?story=no-such-step&hide=no-such-layer&from=soon&to=later&map=99/0/0');
    await expect(w.page.getByRole('status').textContent()).resolves.toMatch(/No layer has the id “no-such-layer”.*No story step has the id “no-such-step”/);
    expect(await w.page.locator('.feature-list [data-feature]').count()).toBe(features.length);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('guided story', () => {
  it('steps through the events by button and arrow keys, with progress, and back works', async () => {
    const w = await open();
    await w.page.getByRole('button', { name: 'Follow the story' }).click();
    const story = w.page.getByRole('region', { name: 'Story' });
    await expect(story.textContent()).resolves.toMatch(/Step 1 of \d+/);
    expect(await story.locator('a.cite-link').count()).toBeGreaterThan(0);
    await w.page.getByRole('complementary', { name: /Details: / }).waitFor();
    await w.page.locator('body').press('ArrowRight');
    await expect(story.textContent()).resolves.toMatch(/Step 2 of/);
    const step2 = new URL(w.page.url()).searchParams.get('story');
    await story.getByRole('button', { name: /Next step/ }).click();
    await expect(story.textContent()).resolves.toMatch(/Step 3 of/);
    await w.page.goBack();
    await expect(story.textContent()).resolves.toMatch(/Step 2 of/);
    expect(new URL(w.page.url()).searchParams.get('story')).toBe(step2);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('export what you see', () => {
  it('exports only the shown features as GeoJSON and CSV, with the count on the control', async () => {
    const w = await open('?hide=kerman-reference');
    const shown = features.length - features.filter((f) => f.layer === 'kerman-reference').length;
    const geojsonButton = w.page.getByRole('button', { name: `Export GeoJSON: the ${shown} shown` });
    const [geo] = await Promise.all([w.page.waitForEvent('download'), geojsonButton.click()]);
    const fc = JSON.parse(await readFile((await geo.path())!, 'utf8'));
    expect(fc.features).toHaveLength(shown);
    const [csv] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: `Export CSV: the ${shown} shown` }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,title,title_fa,layer,time_local/);
    expect(lines.filter((l) => /^[a-z0-9-]+,/.test(l)).length - 1).toBe(shown);
    await w.context.close();
  });
});

describe('basemaps', () => {
  it.each(['Streets', 'Satellite'])('falls back to the offline basemap when the %s basemap cannot load, and says so', async (name) => {
    const w = await open();
    await w.page.getByText(/^Basemap:/).click();
    await w.page.getByRole('radio', { name: new RegExp(name) }).check();
    await w.page.getByRole('button', { name: 'Use this basemap' }).click();
    await w.page.getByRole('status').getByText(/could not be loaded.*offline basemap/).waitFor({ timeout: 20_000 });
    await w.page.waitForFunction(() => !!(window as unknown as { __eventMap: MapLibreMap }).__eventMap.getLayer('land'));
    await waitForMap(w.page);
    expect(w.offsite.length).toBeGreaterThan(0);
    expect(await w.page.locator('.feature-list [data-feature]').count()).toBe(features.length);
    await w.context.close();
  });
});

describe('accessibility', () => {
  async function axe(page: Page) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
    });
    return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  it.each([
    ['the main view', ''],
    ['a panel open', '?feature=kerman-explosion-1'],
    ['story mode', '?story=iran-strikes-erbil-idlib&feature=iran-strike-idlib'],
  ])('has no serious or critical axe violations with %s', async (_, query) => {
    const w = await open(query);
    expect(await axe(w.page)).toEqual([]);
    await w.context.close();
  });

  it('has no serious or critical axe violations in the dark theme on a phone', async () => {
    const w = await open('?feature=iran-strike-erbil', { width: 390, height: 844 }, 'dark');
    expect(await axe(w.page)).toEqual([]);
    await w.context.close();
  });
});

describe('phone', () => {
  it('shows the panel as a bottom sheet that leaves the selected point visible, with a usable timeline and drawer', async () => {
    const w = await open('?feature=iran-strike-koh-e-sabz', { width: 390, height: 844 });
    const panel = w.page.getByRole('complementary', { name: /Details/ });
    const box = (await panel.boundingBox())!;
    expect(box.y + box.height).toBeGreaterThan(600);
    expect(await drawnIds(w.page, true)).toContain('iran-strike-koh-e-sabz');
    const point = await w.page.evaluate((c) => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      const p = m.project(c as [number, number]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y, bottom: r.bottom };
    }, features.find((f) => f.id === 'iran-strike-koh-e-sabz')!.coordinates);
    expect(point.y).toBeLessThan(box.y);
    expect(point.y).toBeLessThan(point.bottom);
    await w.page.keyboard.press('Escape');
    const start = w.page.getByRole('slider', { name: 'Start of time window' });
    expect(await start.isVisible()).toBe(true);
    await w.page.getByRole('button', { name: /Filters and layers/ }).click();
    await w.page.getByRole('searchbox', { name: /Search/ }).fill('Saravan');
    await w.page.locator('.feature-list [data-feature="pakistan-strike-saravan"]').click();
    await w.page.getByRole('complementary', { name: /Saravan/ }).waitFor();
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('shared story link on a phone', () => {
  it('keeps the link\'s story step and feature, shows the step in the sheet and the point in view', async () => {
    const w = await open('?story=kerman-second-blast&feature=kerman-explosion-2', { width: 390, height: 844 });
    const sheet = w.page.getByRole('complementary', { name: /Second explosion/ });
    await expect(sheet.getByRole('region', { name: 'Story' }).textContent()).resolves.toMatch(/Step 2 of/);
    expect(new URL(w.page.url()).searchParams.get('story')).toBe('kerman-second-blast');
    const inView = await w.page.evaluate((at) => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      const p = m.project(at as [number, number]);
      const c = m.getCanvas();
      return p.x > 0 && p.y > 0 && p.x < c.clientWidth && p.y < c.clientHeight;
    }, features.find((f) => f.id === 'kerman-explosion-2')!.coordinates);
    expect(await drawnIds(w.page, true)).toContain('kerman-explosion-2');
    expect(inView).toBe(true);
    await w.context.close();
  });
});

describe('Persian', () => {
  it('draws Persian labels without any RTL plugin and isolates Persian text in the panel', async () => {
    const w = await openPage(browser);
    const plugin: string[] = [];
    w.page.on('request', (r) => {
      if (/rtl/i.test(r.url())) plugin.push(r.url());
    });
    await w.page.goto(`${base}?feature=pakistan-strike-saravan`);
    await waitForMap(w.page);
    await waitForIdle(w.page);
    expect(plugin).toEqual([]);
    const fa = w.page.locator('aside .fa');
    await expect(fa.getAttribute('dir')).resolves.toBe('rtl');
    await expect(fa.getAttribute('lang')).resolves.toBe('fa');
    const labels = await w.page.evaluate(() => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      return m.queryRenderedFeatures({ layers: ['place-labels'] }).map((f) => f.properties.nameFa).filter(Boolean);
    });
    expect(labels.length).toBeGreaterThan(0);
    expect(w.offsite).toEqual([]);
    await w.context.close();
  });
});

describe('themes', () => {
  it('follows the system dark setting on the page and the map', async () => {
    const w = await open('', undefined, 'dark');
    const bg = await w.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
    const sea = await w.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.getPaintProperty('sea', 'background-color'));
    expect(bg).toBe('#17181a');
    expect(sea).toBe('#16222c');
    await w.context.close();
  });
});
