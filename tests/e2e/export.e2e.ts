import { beforeAll, describe, expect, inject, it } from 'vitest';
import { importExport } from '../../src/lib/data/import';
import { EXPORT_SCHEMA_VERSION } from '../../src/lib/data/interchange';
import type { Source } from '../../src/lib/data/schema';
import { downloadedText, launchBrowser, openAt, sharedPage, waitForMap, type WatchedPage } from './browser';
import { positionsOf } from '../../src/lib/data/geometry';
import { fixtureFeatures } from './geodata';

/** One page for the file, on the fixture atlas: the export and import tests run in order on it. */
let w: WatchedPage;

beforeAll(async () => {
  w = await sharedPage('files');
  // Another test file may have added files to this page first (the order of files changes with their past durations): start from the fixture alone.
  const all = fixtureFeatures().length;
  if ((await w.page.locator('.list-title .count').textContent()) !== `(${all} of ${all})`) {
    await w.page.goto(inject('baseUrl'));
    await waitForMap(w.page);
    await w.page.locator('.list-title .count', { hasText: `(${all} of ${all})` }).waitFor();
  }
});

describe('Export GeoJSON', () => {
  it('downloads a standalone RFC 7946 file with every feature and its full citations', async () => {
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: /Export GeoJSON: all/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.geojson$/);
    const fc = JSON.parse(await downloadedText(download));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc).not.toHaveProperty('crs');
    expect(fc.schemaVersion).toBe(EXPORT_SCHEMA_VERSION);
    const expected = fixtureFeatures();
    const catalogue = new Map((fc.sources as Source[]).map((s) => [s.id, s]));
    expect(catalogue.size).toBe(fc.sources.length);
    expect(fc.features.map((f: { id: string }) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
    for (const f of fc.features) {
      // JSON-FG: a UTC interval for every dated feature, and no other coordinate system.
      expect(f.place).toBeNull();
      if (f.properties.time) expect(f.time.interval).toHaveLength(2);
      // Any geometry type, every position in range.
      for (const [lon, lat] of positionsOf(f.geometry)) {
        expect(Math.abs(lon)).toBeLessThanOrEqual(180);
        expect(Math.abs(lat)).toBeLessThanOrEqual(90);
      }
      expect(f.properties.claims.length).toBeGreaterThan(0);
      for (const claim of f.properties.claims) {
        expect(claim.sources.length).toBeGreaterThan(0);
        // Citations are ids into the file's own source catalogue, each with its URL.
        claim.sources.forEach((id: string) => expect(catalogue.get(id)?.url).toMatch(/^https?:\/\//));
      }
    }
    const reread = importExport('kerman-events.geojson', fc);
    expect(reread.problems).toEqual([]);
    expect(reread.atlas.features).toHaveLength(expected.length);
    expect(fc.relations.length).toBeGreaterThan(0);
    // What the manifest defines travels too: the words of each type the links use, and the calendars.
    const types = [...new Set((fc.relations as { type: string }[]).map((r) => r.type))].sort();
    expect(Object.keys(fc.relationTypes)).toEqual(types);
    expect(fc.calendars).toEqual(['persian']);
    expect(reread.atlas.calendars).toEqual(['persian']);
    expect(Object.keys(reread.atlas.relationTypes ?? {})).toEqual(types);
    expect(w.errors).toEqual([]);
  });
});

describe('Export KML', () => {
  it('downloads a KML file with a named, timed placemark per shown feature', async () => {
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: /Export KML: the \d+ shown/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.kml$/);
    // Read through a stream: the shared browser is connected remotely, where download.path() is not available.
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const kml = Buffer.concat(chunks).toString('utf8');
    const expected = fixtureFeatures();
    const ids = [...kml.matchAll(/<Placemark id="([^"]+)">/g)].map((m) => m[1]);
    expect(ids.sort()).toEqual(expected.map((f) => f.id).sort());
    expect(kml.match(/<Placemark id="[^"]+"><name>[^<]+<\/name><description>/g)).toHaveLength(expected.length);
    expect(kml).toMatch(/<TimeStamp><when>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z<\/when><\/TimeStamp>|<TimeSpan><begin>/);
    expect(w.errors).toEqual([]);
  });
});

describe('adding features from a file', () => {
  it('refuses a broken file with a clear message and keeps everything loaded', async () => {
    const before = await w.page.locator('.feature-list [data-feature]').count();
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: '<img src=x onerror=alert(1)>.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "FeatureCollection", "features": [') });
    const status = w.page.getByRole('status');
    await status.getByText(/is not valid JSON/).waitFor();
    expect(await status.textContent()).toContain('“<img src=x onerror=alert(1)>.geojson”');
    expect(await status.locator('img').count()).toBe(0);
    expect(await w.page.locator('.feature-list [data-feature]').count()).toBe(before);
    expect(w.errors).toEqual([]);
  });

  it('adds the new features of an exported file, on their own layer, and keeps the loaded ones', async () => {
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: /Export GeoJSON: all/ }).click()]);
    const fc = JSON.parse(await downloadedText(download));
    const copy = structuredClone(fc.features[0]);
    copy.id = 'my-new-observation';
    copy.properties.layer = 'my-layer';
    copy.properties.layerTitle = 'My observations';
    copy.properties.title = 'My new observation';
    fc.features.push(copy);
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'mine.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(fc)) });
    const status = w.page.getByRole('status');
    await status.getByText(/Added 1 feature from “mine.geojson”/).waitFor();
    expect(await status.textContent()).toMatch(new RegExp(`${fc.features.length - 1} already on the map`));
    await w.page.locator('.feature-list [data-feature="my-new-observation"]').click();
    await w.page.getByRole('complementary', { name: 'Details: My new observation' }).waitFor();
    await expect(w.page.locator('.legend').textContent()).resolves.toContain('My observations');
    expect(w.errors).toEqual([]);
  });
});

describe('an export that takes a while', () => {
  it('says it is being written, writes one at a time, and says why when it fails, keeping the map as it was', async () => {
    const browser = await launchBrowser();
    const fresh = await openAt(browser, inject('baseUrl'));
    const { page } = fresh;
    // The writers' chunk is held back until the test lets it through, so the first export takes as long as the test needs.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/download-[\w-]+\.js$/, async (route) => {
      await held;
      await route.fallback();
    });
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    const status = page.getByRole('status');
    const count = fixtureFeatures().length;
    await page.getByRole('button', { name: /Export KML/ }).click();
    await status.getByText(`Writing the KML of the ${count} shown…`).waitFor();
    // Asked for while the KML is written: not written.
    await page.getByRole('button', { name: /Export CSV/ }).click();
    release();
    await status.getByText(/Writing/).waitFor({ state: 'detached' });
    // The download's event comes from the browser's process, after the page is done.
    await expect.poll(() => downloads.length).toBe(1);
    await page.getByRole('button', { name: /Export GeoJSON: all/ }).click();
    await expect.poll(() => downloads).toEqual([expect.stringMatching(/\.kml$/), expect.stringMatching(/\.geojson$/)]);

    await page.evaluate(() => {
      URL.createObjectURL = () => {
        throw new Error('no room for the file');
      };
    });
    await page.getByRole('button', { name: /Export GeoJSON: all/ }).click();
    await status.getByText(`The GeoJSON of all ${count} features could not be written (no room for the file). Nothing was downloaded; the map is unchanged.`).waitFor();
    expect(downloads).toHaveLength(2);
    expect(await page.locator('.list-title .count').textContent()).toBe(`(${count} of ${count})`);
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
    await browser.close();
  });
});
