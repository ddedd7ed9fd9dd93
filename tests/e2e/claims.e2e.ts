import { readFileSync } from 'node:fs';
import { greatCircle } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { RelationList } from '../../src/lib/data/schema';
import { drawnIds, openAt, sharedPage, visit, waitForIdle, type WatchedPage } from './browser';
import { geodataFeatures } from './geodata';

const features = geodataFeatures();
const { relations } = JSON.parse(readFileSync('geodata/relations.json', 'utf8')) as RelationList;
/** One page on the real data for the whole file (these tests are about what geodata/ says); each test moves it to its own URL. */
let w: WatchedPage;

beforeAll(async () => {
  w = await sharedPage('geodata');
});

/**
 * A page of its own for the tests that add files: the shared page is one that other test
 * files only look at (see `sharedPage`), and features added to it stayed there for them
 * (panel.e2e.ts's list then held 170 rows, not the atlas's 18).
 */
let filesPage: Promise<WatchedPage> | undefined;
const pageForFiles = () => (filesPage ??= openAt(w.page.context().browser()!, inject('baseUrl'), '', { atlas: 'geodata' }));
afterAll(async () => {
  if (filesPage) await (await filesPage).context.close();
});

/** Shows a URL in the shared page, as a shared link would. */
async function open(query = '') {
  await visit(w.page, query);
  return w;
}

/** Ids of the features MapLibre has drawn in the given layers (read from the map, not the DOM). */
function rendered(page: Page, layers: string[], key: 'fid' | 'rid'): Promise<string[]> {
  return page.evaluate(
    ({ layers, key }) => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      // A link or shape the filters hide stays in the tiles, drawn transparent through its feature-state.
      const shown = m.queryRenderedFeatures({ layers: layers.filter((l) => m.getLayer(l)) }).filter((f) => f.state?.hidden !== true);
      const ids = shown.map((f) => String(f.properties[key]));
      return [...new Set(ids)].sort();
    },
    { layers, key },
  );
}

/** Clicks the map at a geographic position. */
async function clickAt(page: Page, lngLat: number[]) {
  const at = await page.evaluate((c) => {
    const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
    const p = m.project(c as [number, number]);
    const r = m.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
  await page.mouse.click(at.x, at.y);
}

describe('precision and relations on the map', () => {
  it('draws the precision circle of a selected feature', async () => {
    await open('?feature=iran-strike-erbil');
    expect(await drawnIds(w.page, true)).toContain('iran-strike-erbil');
    const selected = await w.page.evaluate(() => (window as unknown as { __eventLayers: { selectedId(): string | null } }).__eventLayers.selectedId());
    expect(selected).toBe('iran-strike-erbil');
  });

  it('draws a great-circle arc for every relation', async () => {
    await open();
    const arcs = await rendered(w.page, ['relations--arcs', 'relations--arcs-dashed', 'relations--arcs-dotted'], 'rid');
    expect(arcs).toEqual(relations.map((r) => r.id).sort());
    expect(w.errors).toEqual([]);
  });

  it('selects a relation when its arc is clicked, and lists it in the panels of both ends', async () => {
    await open();
    const rel = relations.find((r) => r.id === 'rel-kerman-idlib')!;
    const from = features.find((f) => f.id === rel.from)!.coordinates;
    const to = features.find((f) => f.id === rel.to)!.coordinates;
    const arc = greatCircle(from, to, { npoints: 64 }).geometry.coordinates as number[][];
    await clickAt(w.page, arc[32]);
    const panel = w.page.getByRole('complementary', { name: 'Details: link between events' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain(rel.statement);
    expect(await panel.locator('a.cite-link').count()).toBe(rel.sources.length);
    expect(new URL(w.page.url()).searchParams.get('relation')).toBe(rel.id);
    for (const end of [rel.from, rel.to]) {
      await w.page.locator(`.feature-list [data-feature="${end}"]`).click();
      const links = w.page.getByRole('region', { name: 'Linked events' });
      await links.waitFor();
      const other = features.find((f) => f.id === (end === rel.from ? rel.to : rel.from))!;
      expect(await links.textContent()).toContain(other.title);
    }
  });

  it('offers a choice when several features share the clicked spot', async () => {
    await open();
    // Close enough to Kerman that only the points that truly share a coordinate are under the click.
    await w.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.jumpTo({ center: [57.10886, 30.28909], zoom: 15 }));
    await waitForIdle(w.page);
    const grave = features.find((f) => f.id === 'soleimani-grave')!;
    const sharing = features.filter((f) => f.coordinates.join() === grave.coordinates.join()).map((f) => f.id);
    expect(sharing.length).toBeGreaterThan(1);
    await clickAt(w.page, grave.coordinates);
    const chooser = w.page.getByRole('dialog', { name: 'Several features here' });
    await chooser.waitFor();
    const offered = await chooser.locator('[data-feature]').evaluateAll((els) => els.map((e) => e.getAttribute('data-feature')));
    expect(offered.sort()).toEqual(sharing.sort());
    // The keyboard reaches the choices first, and Escape cancels the chooser alone.
    expect(await w.page.evaluate(() => document.activeElement?.closest('[role="dialog"]')?.getAttribute('aria-label'))).toBe('Several features here');
    await w.page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'detached' });
    expect(await w.page.getByRole('complementary').count()).toBe(0);
    await clickAt(w.page, grave.coordinates);
    await chooser.waitFor();
    await chooser.locator('[data-feature="saheb-al-zaman-mosque"]').click();
    await w.page.getByRole('complementary', { name: /Saheb al-Zaman/ }).waitFor();
  });

  it('labels two events on one spot with the title of the one whose dot is on top, or of the one selected', async () => {
    const w = await pageForFiles();
    const spot = [51.5, 34.5];
    const point = (name: string, date: string) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: spot }, properties: { name, date } });
    const file = { type: 'FeatureCollection', features: [point('Earlier row', '2023-05-01'), point('Later row', '2023-05-02')] };
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'one-spot.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
    await w.page.getByRole('status').getByText(/Added 2 features/).waitFor();
    const labels = async () => {
      await waitForIdle(w.page);
      return w.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.queryRenderedFeatures({ layers: ['events--labels'] }).map((f) => String(f.properties.title)));
    };
    await w.page.evaluate((c) => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.jumpTo({ center: c as [number, number], zoom: 11 }), spot);
    // The later row's dot is drawn over the earlier's: its title is the one the place shows.
    await expect.poll(labels).toEqual(['Later row']);
    await w.page.locator('.feature-list [data-feature]', { hasText: 'Earlier row' }).click();
    await expect.poll(labels).toContain('Earlier row');
    expect(await labels()).not.toContain('Later row');
    expect(w.errors).toEqual([]);
  });

  it('lists the first 100 of 150 features on one spot in time order, each with its day, in a box that stays within the map', async () => {
    const w = await pageForFiles();
    // Added newest first, as a dataset's rows may come; one town's coordinates for all, as a conflict dataset gives them.
    const spot = [50, 33];
    const days = Array.from({ length: 150 }, (_, k) => `2023-${String(1 + Math.floor(k / 28)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`).reverse();
    const file = { type: 'FeatureCollection', features: days.map((date, k) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: spot }, properties: { name: `Clash in the same town ${k}`, date } })) };
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'one-town.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
    await w.page.getByRole('status').getByText(/Added 150 features/).waitFor();
    await w.page.evaluate((c) => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.jumpTo({ center: c as [number, number], zoom: 6 }), spot);
    await waitForIdle(w.page);
    await clickAt(w.page, spot);
    const chooser = w.page.getByRole('dialog', { name: 'Several features here' });
    await chooser.waitFor();
    await expect(chooser.textContent()).resolves.toMatch(/150 features share this spot/);
    await expect(chooser.textContent()).resolves.toMatch(/The first 100 in time order are listed; .* the other 50\./);
    const listedDays = await chooser.locator('li .date').allTextContents();
    expect(listedDays).toHaveLength(100);
    expect(listedDays[0]).toBe('1 January 2023');
    expect(listedDays[99]).toBe('16 April 2023');
    // Within the map, Cancel included: its list scrolls instead of running off the page.
    const inside = await w.page.evaluate(() => {
      const map = document.querySelector('.map')!.getBoundingClientRect();
      const box = document.querySelector('[role="dialog"][aria-label="Several features here"]')!.getBoundingClientRect();
      const cancel = [...document.querySelectorAll('[role="dialog"] button')].at(-1)!.getBoundingClientRect();
      return box.top >= map.top && box.bottom <= map.bottom && cancel.bottom <= map.bottom && document.scrollingElement!.scrollTop === 0;
    });
    expect(inside).toBe(true);
    await chooser.getByRole('button', { name: 'Cancel' }).click();
    expect(w.errors).toEqual([]);
  });
});

describe('search over what the panels show', () => {
  const listed = async () => {
    await waitForIdle(w.page);
    return w.page.locator('.feature-list [data-feature]').evaluateAll((els) => els.map((e) => e.getAttribute('data-feature')!).sort());
  };

  it('finds the features whose panels show a fact about the attack as a whole, and Persian names typed with Arabic letters', async () => {
    await open();
    const search = w.page.getByRole('searchbox', { name: /Search/ });
    // Named only in an incident's claims, which both explosions' panels show.
    await search.fill('Bozrov');
    expect(await listed()).toEqual(['kerman-explosion-1', 'kerman-explosion-2']);
    // "Kerman" with the Arabic kaf (ك), as an Arabic keyboard types it; the Persian titles have the Persian kaf (ک).
    await search.fill('\u0643\u0631\u0645\u0627\u0646');
    expect(await listed()).toContain('kerman-explosion-1');
    await search.fill('');
  });
});

describe('the page', () => {
  it('does not scroll as a whole when the basemap choices are opened in a long sidebar', async () => {
    await open();
    await w.page.setViewportSize({ width: 1280, height: 800 });
    try {
      await w.page.locator('details.basemap summary').click();
      const size = await w.page.evaluate(() => ({ page: document.documentElement.scrollHeight, window: innerHeight }));
      expect(size.page).toBeLessThanOrEqual(size.window);
    } finally {
      await w.page.locator('details.basemap').evaluate((d) => ((d as HTMLDetailsElement).open = false));
      await w.page.setViewportSize({ width: 960, height: 640 });
    }
  });
});

describe('claims and times in the panel', () => {
  it('shows local time with its zone and offset, UTC, and the Persian calendar date', async () => {
    await open('?feature=kerman-explosion-1');
    const when = w.page.getByRole('region', { name: 'When' });
    const text = (await when.textContent())!;
    expect(text).toMatch(/between 3 January 2024, 14:45 IRST \(UTC\+03:30\) and 3 January 2024, 15:04 IRST \(UTC\+03:30\)/);
    expect(text).toMatch(/11:15 UTC\s*–\s*11:34 UTC/);
    expect(text).toMatch(/13 Dey 1402/);
  });

  it('uses the local offset of each country', async () => {
    await open('?feature=iran-strike-erbil');
    expect(await w.page.getByRole('region', { name: 'When' }).textContent()).toMatch(/UTC\+03:00/);
  });

  it('sets the distance computed from the map beside each reported distance, and names the source type', async () => {
    await open('?feature=kerman-explosion-2');
    const group = w.page.getByRole('region', { name: 'Distance to grave' });
    await group.waitFor();
    expect(await group.locator('li.claim').count()).toBeGreaterThan(1);
    expect(await group.locator('.computed').count()).toBe(await group.locator('li.claim').count());
    expect(await group.textContent()).toMatch(/From the map positions to .+: (about [\d.,]+ k?m; )?between [\d.,]+ k?m and [\d.,]+ k?m given the two precision circles/);
    expect(await w.page.getByRole('complementary').textContent()).toMatch(/\((wire service|state media|newspaper|broadcaster)/);
  });

  it('says plainly which figure is the latest official one when figures disagree', async () => {
    await open('?feature=kerman-explosion-1');
    // The toll belongs to the attack as a whole, so it sits in the incident's section of either blast's panel.
    const deaths = w.page.locator('section[data-incident="kerman-bombings"]').getByRole('region', { name: 'Deaths', exact: true });
    expect(await deaths.locator('.latest').textContent()).toMatch(/Latest official figure: at least 94 people/);
  });

  it('names a source’s language in words, even one this browser has no name for (Scots)', async () => {
    await open('?feature=launch-idlib-latakia');
    const panel = w.page.getByRole('complementary');
    await expect(panel.textContent()).resolves.toMatch(/Wikipedia: Latakia \(encyclopedia, in Scots/);
    await expect(panel.textContent()).resolves.not.toMatch(/\bin sco\b/);
  });

  it('closes the panel with Escape', async () => {
    await open('?feature=iran-strike-idlib');
    await w.page.keyboard.press('Escape');
    await expect(w.page.getByRole('complementary').count()).resolves.toBe(0);
    expect(new URL(w.page.url()).searchParams.get('feature')).toBeNull();
  });
});
