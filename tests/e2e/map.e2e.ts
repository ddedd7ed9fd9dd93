import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { type WatchedPage, canvasPixels, drawnIds, launchBrowser, openAt, openPage, visit, waitForIdle } from './browser';
import { atlasManifest, fixtureFeatures } from './geodata';
import { syntheticAtlas } from '../../scripts/lib/synthetic';
import { buildExport, serializeExport } from '../../src/lib/data/export';

const base = inject('baseUrl');
const features = fixtureFeatures();
let browser: Browser;
/** One page for the whole file; each test starts from the plain URL (no filters, nothing selected). */
let w: WatchedPage;

beforeAll(async () => {
  browser = await launchBrowser();
  // The full 1:50m basemap the app ships: the first test is about the basemap itself.
  w = await openAt(browser, base, '', { basemap: 'full' });
});
afterAll(async () => {
  await browser?.close();
});

/** Every error the page raised and every request that tried to leave this machine. */
function expectClean(w: WatchedPage) {
  expect(w.errors).toEqual([]);
  expect(w.offsite).toEqual([]);
}

/** Every camera the map shows from the moment it exists until it has loaded with the atlas listed. */
async function camerasOfAColdStart(query: string): Promise<string[]> {
  const cold = await openPage(browser, { atlas: 'geodata' });
  await cold.page.goto(`${base}${query}`, { waitUntil: 'commit' });
  const seen = await cold.page.waitForFunction(
    () => {
      const m = (window as unknown as { __eventMap?: MapLibreMap }).__eventMap;
      if (!m) return false;
      const w = window as unknown as { __cameras?: string[] };
      const cameras = (w.__cameras ??= []);
      const c = m.getCenter();
      const camera = `${c.lng.toFixed(4)},${c.lat.toFixed(4)} z${m.getZoom().toFixed(3)}`;
      if (cameras.at(-1) !== camera) cameras.push(camera);
      const listed = document.querySelector('.feature-list [data-feature]') !== null;
      return listed && m.loaded() && !m.isMoving() ? cameras : false;
    },
    undefined,
    { polling: 'raf', timeout: 90_000 },
  );
  const cameras = (await seen.jsonValue()) as string[];
  expect(cold.errors).toEqual([]);
  await cold.context.close();
  return cameras;
}

describe('the first camera', () => {
  it('is the built-in atlas framed, from the first frame: the map does not start elsewhere and jump when the atlas arrives', async () => {
    const cameras = await camerasOfAColdStart('');
    expect(cameras.length).toBe(1);
    // Framed on the data: not the default view over Iran.
    expect(cameras[0]).not.toBe('52.0000,31.0000 z3.500');
  });

  it('is the default view when the link names a camera of its own, which then applies', async () => {
    const cameras = await camerasOfAColdStart('?map=6/30.28/57.08');
    // Never the atlas's frame: the default view (unless the link's came before the first look), then the link's.
    expect(cameras.filter((c) => c !== '52.0000,31.0000 z3.500' && c !== '57.0800,30.2800 z6.000')).toEqual([]);
    expect(cameras.at(-1)).toBe('57.0800,30.2800 z6.000');
  });

  it('is the link’s camera when the link also opens a feature: the panel opens where the link looked, not framed on the feature', async () => {
    const cameras = await camerasOfAColdStart('?feature=iran-strike-erbil&map=8.2/36.1/44.5');
    expect(cameras.filter((c) => c !== '52.0000,31.0000 z3.500' && c !== '44.5000,36.1000 z8.200')).toEqual([]);
    expect(cameras.at(-1)).toBe('44.5000,36.1000 z8.200');
  });
});

describe('the map', () => {
  it('draws a basemap and the data on a non-blank canvas, with nothing fetched off this machine', async () => {
    const png = await w.page.locator('.maplibregl-canvas').screenshot();
    const colours = await w.page.evaluate(async (bytes) => {
      const img = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    }, [...png]);
    expect(colours).toBeGreaterThan(50);
    const drawn = await w.page.evaluate(() => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      return m.queryRenderedFeatures({ layers: ['sea', 'land', 'borders', 'country-labels'].filter((id) => m.getLayer(id)) }).length;
    });
    expect(drawn).toBeGreaterThan(10);
    expectClean(w);
  });

  it('frames every feature in the first view', async () => {
    const outside = await w.page.evaluate((list) => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      const b = m.getBounds();
      return list.filter((f) => !b.contains(f.coordinates as [number, number])).map((f) => f.id);
    }, features);
    expect(outside).toEqual([]);
  });

  it('renders each layer as its own map layer, and the toggle hides it', async () => {
    await visit(w.page, '');
    const count = async (layer: string) => {
      const drawn = new Set(await drawnIds(w.page, true));
      return features.filter((f) => f.layer === layer && drawn.has(f.id)).length;
    };
    expect(await count('iran-strikes')).toBe(features.filter((f) => f.layer === 'iran-strikes').length);
    await w.page.getByRole('checkbox', { name: /Iran's strikes/ }).uncheck();
    await waitForIdle(w.page);
    expect(await count('iran-strikes')).toBe(0);
    await expect(w.page.locator('.feature-list [data-feature^="iran-strike"]').count()).resolves.toBe(0);
    expect(await count('pakistan-strike')).toBe(features.filter((f) => f.layer === 'pakistan-strike').length);
    expectClean(w);
  });

  it('paints each shown point in its layer’s colour at its place, and nothing there once its layer is hidden', async () => {
    await visit(w.page, '');
    const { layers } = atlasManifest('tests/fixtures/atlas');
    const colourOf = new Map(layers.map((l) => [l.id, l.color]));
    const screen = await w.page.evaluate((list) => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      return list.map((f) => ({ ...f, at: m.project(f.coordinates as [number, number]) }));
    }, features);
    // Points drawn alone: another point within 20 px could be painted over them.
    const alone = screen.filter((f) => f.geometryType === 'Point' && screen.every((g) => g === f || Math.hypot(g.at.x - f.at.x, g.at.y - f.at.y) > 20));
    expect(alone.length).toBeGreaterThan(1);
    const hex = (rgb: number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    // A point's inside is its layer's colour, opaque: only the links drawn under it come close.
    const near = (a: string, b: string) => [1, 3, 5].every((k) => Math.abs(parseInt(a.slice(k, k + 2), 16) - parseInt(b.slice(k, k + 2), 16)) <= 6);
    const painted = async () => (await canvasPixels(w.page, alone.map((f) => f.at))).map(hex);
    const before = await painted();
    alone.forEach((f, k) => expect(near(before[k], colourOf.get(f.layer)!), `${f.id}: ${before[k]}`).toBe(true));
    const hidden = alone[0].layer;
    await visit(w.page, `?hide=${hidden}`);
    const after = await painted();
    alone.forEach((f, k) => expect(near(after[k], colourOf.get(f.layer)!), `${f.id} with ${hidden} hidden: ${after[k]}`).toBe(f.layer !== hidden));
    expectClean(w);
  });

  it('opens a panel when a point on the map is clicked', async () => {
    await visit(w.page, '');
    const target = features.find((f) => f.id === 'iran-strike-erbil')!;
    const at = await w.page.evaluate((c) => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      const p = m.project(c as [number, number]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, target.coordinates);
    await w.page.mouse.click(at.x, at.y);
    const panel = w.page.getByRole('complementary', { name: /Details/ });
    await expect(panel.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(target.title);
    expect(new URL(w.page.url()).searchParams.get('feature')).toBe(target.id);
    expectClean(w);
  });

  it('draws an area and a line, opens the area’s panel when it is clicked away from any point, and highlights it', async () => {
    await visit(w.page, '');
    const area = features.find((f) => f.geometryType === 'Polygon')!;
    const line = features.find((f) => f.geometryType === 'LineString')!;
    const shapesDrawn = () =>
      w.page.evaluate(() => {
        const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
        // A shape the filters hide stays in the tiles, drawn transparent through its feature-state.
        const drawn = m.queryRenderedFeatures({ layers: ['events--shape-fill', 'events--shape-line'] }).filter((f) => f.state?.hidden !== true);
        return [...new Set(drawn.map((f) => f.properties.fid))].sort();
      });
    expect(await shapesDrawn()).toEqual([area.id, line.id].sort());
    // Inside the triangle of Iran's three targets, 2.5° from the nearest point (tens of pixels at the first view's zoom): only the area is under the click.
    const at = await w.page.evaluate(() => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      const p = m.project([42, 35]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await w.page.mouse.click(at.x, at.y);
    const panel = w.page.getByRole('complementary', { name: /Details/ });
    await expect(panel.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(area.title);
    expect(new URL(w.page.url()).searchParams.get('feature')).toBe(area.id);
    // The position line says the coordinate is a point on the area, not the area itself.
    await expect(panel.locator('.coords').textContent()).resolves.toMatch(/^\s*An area, shown at a point inside it:/);
    await waitForIdle(w.page);
    const selected = await w.page.evaluate((id) => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.getFeatureState({ source: 'event-shapes', id }).selected, area.id);
    expect(selected).toBe(true);
    // The layer toggle hides the area like any point, and a click where it was no longer finds it.
    // The link puts the camera back on the first view, where `at` was measured.
    await visit(w.page, '?hide=iran-strikes');
    expect(await shapesDrawn()).toEqual([line.id]);
    await w.page.mouse.click(at.x, at.y);
    await waitForIdle(w.page);
    expect(new URL(w.page.url()).searchParams.get('feature')).not.toBe(area.id);
    expectClean(w);
  });
});

describe('the map’s mechanics', () => {
  it('draws every data layer in one order: routes, circles, links, points, labels, above the basemap', async () => {
    await visit(w.page, '');
    const order = await w.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.getLayersOrder());
    const at = (id: string) => order.indexOf(id);
    expect(at('place-labels')).toBeLessThan(at('routes--line'));
    expect(at('routes--line-label')).toBeLessThan(at('events--precision'));
    expect(at('events--precision')).toBeLessThan(at('relations--arcs'));
    expect(at('relations--arcs')).toBeLessThan(at('events--points'));
    expect(at('events--points')).toBeLessThan(at('events--labels'));
    expect(order.filter((id) => id.endsWith('--points'))).toEqual(['events--points']);
  });

  it('follows its container’s size: the canvas takes a new window size, and a frame is drawn at it', async () => {
    await visit(w.page, '');
    const size = w.page.viewportSize()!;
    const sizes = () =>
      w.page.evaluate(() => {
        const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
        const box = m.getContainer();
        return { box: [box.clientWidth, box.clientHeight], canvas: [parseFloat(m.getCanvas().style.width), parseFloat(m.getCanvas().style.height)] };
      });
    await w.page.evaluate(() => {
      const win = window as unknown as { __eventMap: MapLibreMap; resizeFrames: number };
      win.resizeFrames = 0;
      win.__eventMap.on('render', () => win.resizeFrames++);
    });
    try {
      await w.page.setViewportSize({ width: size.width - 120, height: size.height - 80 });
      await expect.poll(async () => { const s = await sizes(); return s.canvas.join('x') === s.box.join('x'); }).toBe(true);
      const { box } = await sizes();
      expect(box[0]).toBeLessThan(size.width);
      await waitForIdle(w.page);
      expect(await w.page.evaluate(() => (window as unknown as { resizeFrames: number }).resizeFrames)).toBeGreaterThan(0);
    } finally {
      await w.page.setViewportSize(size);
    }
    await expect.poll(async () => { const s = await sizes(); return s.canvas.join('x') === s.box.join('x'); }).toBe(true);
    expectClean(w);
  });

  it('draws one map frame for a filter change made after a camera move: the labels are placed again while the map is idle', async () => {
    await visit(w.page, '');
    const frames = await w.page.evaluate(async () => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      const idle = () => new Promise<void>((r) => m.once('idle', () => r()));
      const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r)));
      // Zoomed in across tile levels: the label tiles of the old view go once the move is over.
      const moved = idle();
      m.jumpTo({ zoom: m.getZoom() + 1.5 });
      await moved;
      // Whatever the map draws after the move's end, while nobody waits.
      for (let k = 0; k < 3; k++) {
        await frame();
        if ((m as unknown as { _frameRequest: unknown })._frameRequest) await idle();
      }
      let drawn = 0;
      const count = () => drawn++;
      m.on('render', count);
      const changed = idle();
      // A layer hidden: its points, and the links to them, go.
      (document.querySelector('.legend label input') as HTMLInputElement).click();
      await changed;
      m.off('render', count);
      (document.querySelector('.legend label input') as HTMLInputElement).click();
      return drawn;
    });
    expect(frames).toBe(1);
    await waitForIdle(w.page);
    expectClean(w);
  });

  it('keeps the camera where the user left it, its listeners and the atlas’s city labels, when the theme switches', async () => {
    await visit(w.page, '?feature=iran-strike-erbil');
    // MapLibre has no public count of listeners; its Evented keeps them in _listeners.
    const listeners = () =>
      w.page.evaluate(() => {
        const l = (window as unknown as { __eventMap: { _listeners: Record<string, unknown[]> } }).__eventMap._listeners;
        return Object.values(l).reduce((n, list) => n + list.length, 0);
      });
    const start = await listeners();
    // The atlas's city labels, in the basemap's `places` source: each new style starts without them.
    const places = async () => {
      await w.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.jumpTo({ center: [54, 32], zoom: 4 }));
      await waitForIdle(w.page);
      return w.page.evaluate(() => new Set((window as unknown as { __eventMap: MapLibreMap }).__eventMap.querySourceFeatures('places').map((f) => f.properties.name)).size);
    };
    const placesBefore = await places();
    expect(placesBefore).toBeGreaterThan(5);
    await w.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.jumpTo({ center: [60, 28], zoom: 6 }));
    for (const scheme of ['dark', 'light', 'dark'] as const) {
      await w.page.emulateMedia({ colorScheme: scheme });
      await w.page.waitForFunction((sea) => {
        const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
        // While a new style loads, its layers do not exist yet.
        return !!m.getLayer('sea') && m.getPaintProperty('sea', 'background-color') === sea;
      }, scheme === 'dark' ? '#16222c' : '#cfe0ea');
      await w.page.waitForFunction(() => !!(window as unknown as { __eventMap: MapLibreMap }).__eventMap.getLayer('events--points'));
      await waitForIdle(w.page);
    }
    const camera = await w.page.evaluate(() => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      return { ...m.getCenter(), zoom: m.getZoom() };
    });
    expect(camera.lng).toBeCloseTo(60, 5);
    expect(camera.lat).toBeCloseTo(28, 5);
    expect(camera.zoom).toBeCloseTo(6, 5);
    expect(await listeners()).toBe(start);
    expect(await places()).toBe(placesBefore);
    expect(await w.page.getByRole('complementary', { name: /Details/ }).count()).toBe(1);
    expectClean(w);
    await w.page.emulateMedia({ colorScheme: 'light' });
    // Three style loads in software WebGL on a shared machine.
  }, 180_000);

  it('says so when a file of the offline basemap cannot be loaded, and still shows the data', async () => {
    const other = await openPage(browser);
    await other.context.route(/\/assets\/basemap-land-[A-Za-z0-9_-]{8}\.geojson$/, (route) => route.fulfill({ status: 500, body: 'broken' }));
    await other.page.goto(base);
    await other.page.getByText(/The basemap could not be loaded/).waitFor();
    await other.page.locator('.feature-list [data-feature]').first().waitFor();
    expect(await other.page.locator('.feature-list [data-feature]').count()).toBeGreaterThan(0);
    await other.context.close();
  });

  it('leaves out the widest precision circles when too many overlap the view, says how many, and still draws the selected one', async () => {
    // 300 events on one spot, each 100 km vague: at city scale every circle covers the whole map.
    const events = syntheticAtlas({ events: 300 });
    for (const f of events.features) {
      f.geometry = { type: 'Point', coordinates: [44.4, 33.3] };
      f.properties.location = { ...f.properties.location!, radiusM: 100_000 };
    }
    const vague = await openPage(browser);
    await vague.page.goto(base);
    await vague.page.locator('.feature-list [data-feature]').first().waitFor();
    await vague.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'vague.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(serializeExport(buildExport(events))) });
    await vague.page.getByText(/Added 300 features/).first().waitFor();
    await vague.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.jumpTo({ center: [44.4, 33.3], zoom: 10 }));
    await waitForIdle(vague.page);
    await expect.poll(() => vague.page.locator('.circle-note').textContent()).toMatch(/^300 precision circles of about 100 km radius or more not drawn here/);
    // 40 px from the point, inside every circle: no tint of theirs, only the basemap.
    const inside = async () => {
      const at = await vague.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.project([44.4, 33.3]));
      return (await canvasPixels(vague.page, [{ x: at.x + 40, y: at.y + 40 }]))[0];
    };
    const bare = await inside();
    // Selected, its own circle is drawn (tinted), the others still left out.
    await vague.page.evaluate((id) => {
      history.pushState(null, '', `?feature=${id}&map=10/33.3/44.4`);
      dispatchEvent(new PopStateEvent('popstate'));
    }, events.features[0].id);
    await vague.page.locator('aside.panel h2').waitFor();
    await waitForIdle(vague.page);
    expect(await inside()).not.toEqual(bare);
    // Zoomed out until they fit the frame's budget, every circle is drawn and the note goes.
    await vague.page.keyboard.press('Escape');
    await vague.page.evaluate(() => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.jumpTo({ center: [44.4, 33.3], zoom: 3 }));
    await waitForIdle(vague.page);
    await expect.poll(() => vague.page.locator('.circle-note').count()).toBe(0);
    expect(vague.errors).toEqual([]);
    await vague.context.close();
  }, 120_000);
});
