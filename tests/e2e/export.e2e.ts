import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importExport } from '../../src/lib/data/import';
import type { Source } from '../../src/lib/data/schema';
import { launchBrowser, openPage, waitForMap } from './browser';
import { geodataFeatures } from './geodata';

const base = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Export GeoJSON', () => {
  it('downloads a standalone RFC 7946 file with every feature and its full citations', async () => {
    const w = await openPage(browser);
    await w.page.goto(base);
    await waitForMap(w.page);
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: /Export GeoJSON: all/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.geojson$/);
    const fc = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc).not.toHaveProperty('crs');
    const expected = geodataFeatures();
    expect(fc.features.map((f: { id: string }) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
    for (const f of fc.features) {
      const [lon, lat] = f.geometry.coordinates;
      expect(Math.abs(lon)).toBeLessThanOrEqual(180);
      expect(Math.abs(lat)).toBeLessThanOrEqual(90);
      expect(f.properties.claims.length).toBeGreaterThan(0);
      for (const claim of f.properties.claims) {
        expect(claim.sources.length).toBeGreaterThan(0);
        claim.sources.forEach((s: Source) => expect(s.url).toMatch(/^https?:\/\//));
      }
    }
    const reread = importExport('kerman-events.geojson', fc);
    expect(reread.problems).toEqual([]);
    expect(reread.atlas.features).toHaveLength(expected.length);
    expect(fc.relations.length).toBeGreaterThan(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
