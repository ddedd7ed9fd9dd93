import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { IncidentList, RouteList, SourceCatalog } from '../../src/lib/data/schema';
import { sharedPage, visit, waitForIdle, type WatchedPage } from './browser';
import { geodataFeatures } from './geodata';

const features = geodataFeatures();
const { incidents } = JSON.parse(readFileSync('geodata/incidents.json', 'utf8')) as IncidentList;
const catalog = JSON.parse(readFileSync('geodata/sources.json', 'utf8')) as SourceCatalog;
const { routes } = JSON.parse(readFileSync('geodata/routes.json', 'utf8')) as RouteList;
/** One page on the real data (these tests are about what geodata/ says); each test moves it to its own URL. */
let w: WatchedPage;

beforeAll(async () => {
  w = await sharedPage('geodata');
});

describe('the Kerman record in the panel', () => {
  it('places the two blasts, the grave and the cemetery apart, each within 5 km', () => {
    const ids = ['kerman-explosion-1', 'kerman-explosion-2', 'soleimani-grave', 'golzar-shohada-cemetery'];
    const at = ids.map((id) => features.find((f) => f.id === id)!);
    expect(at.every(Boolean)).toBe(true);
    expect(new Set(at.map((f) => f.coordinates.join())).size).toBeGreaterThanOrEqual(3);
    for (const f of at) expect(f.radiusM).toBeLessThanOrEqual(5000);
  });

  it('shows each computed distance and time gap with the range its precision allows, never a bare number', async () => {
    await visit(w.page, '?feature=kerman-explosion-2');
    const region = w.page.getByRole('region', { name: 'Distances and time gaps' });
    await region.waitFor();
    const rows = region.locator('li[data-separation]');
    expect(await rows.count()).toBeGreaterThan(0);
    const other = region.locator('li[data-separation="kerman-explosion-1"]');
    const text = (await other.textContent())!;
    expect(text).toMatch(/Distance: (about [\d.,]+ k?m; )?between [\d.,]+ k?m and [\d.,]+ k?m given the two precision circles/);
    expect(text).toMatch(/Time between: .*between \d+ min and \d+ min given the precision of the two times/);
    for (const line of await region.locator('p.figure').allTextContents()) expect(line).toMatch(/between/);
    expect(w.errors).toEqual([]);
  });

  it('sets the computed gap beside every reported interval between the blasts', async () => {
    await visit(w.page, '?feature=kerman-explosion-2');
    const group = w.page.getByRole('region', { name: 'Gap between blasts', exact: true });
    await group.waitFor();
    const claims = group.locator('li.claim');
    expect(await claims.count()).toBeGreaterThan(2);
    for (const claim of await claims.all()) {
      expect(await claim.locator('.computed').textContent()).toMatch(/From the times on this map, after First explosion.*between \d+ min and \d+ min given the precision of the two times/);
    }
  });

  it('sets the figures about the attack as a whole apart from the blast, each with who said it', async () => {
    const incident = incidents.find((i) => i.id === 'kerman-bombings')!;
    await visit(w.page, '?feature=kerman-explosion-1');
    const section = w.page.locator(`section[data-incident="${incident.id}"]`);
    await section.waitFor();
    expect(await section.locator('li.claim').count()).toBe(incident.claims.length);
    const deaths = section.getByRole('region', { name: 'Deaths', exact: true });
    expect(await deaths.locator('.contested-badge').count()).toBe(1);
    const figures = incident.claims.filter((c) => c.topic === 'deaths' && c.value !== undefined);
    expect(await deaths.locator('li.claim').count()).toBe(figures.length);
  });

  it('names the agency behind a republished story and the time of its archived copy', async () => {
    const agencyName = (id?: string) => catalog.originators?.find((o) => o.id === id)?.name ?? '';
    const copied = catalog.sources.find(
      (s) => s.originator && s.archiveUrl && s.archivedAt && !agencyName(s.originator).toLowerCase().startsWith(s.publisher.toLowerCase()) && features.some((f) => f.cites.includes(s.id)),
    );
    const originator = catalog.originators?.find((o) => o.id === copied?.originator);
    expect(copied && originator).toBeTruthy();
    const feature = features.find((f) => f.cites.includes(copied!.id))!;
    await visit(w.page, `?feature=${feature.id}`);
    const citation = w.page.locator('.citation', { has: w.page.locator(`a.cite-link[href="${copied!.url}"]`) }).first();
    await citation.waitFor();
    const text = (await citation.textContent())!;
    expect(text).toContain(`story by ${originator!.name}`);
    expect(text).toMatch(/archived \d{1,2} \w+ \d{4}/);
    expect(await citation.locator('a.archive-link').getAttribute('href')).toBe(copied!.archiveUrl);
  });

  it('draws each route under the points, and leaves it out while one of its features is hidden', async () => {
    const route = routes[0];
    const through = features.find((f) => f.id === route.via[1])!;
    const drawn = () =>
      w.page.evaluate(() => {
        const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
        // A route the filters hide stays in the tiles, drawn transparent through its feature-state.
        const ids = m.queryRenderedFeatures({ layers: ['routes--line'] }).filter((f) => f.state?.hidden !== true).map((f) => String(f.properties.route));
        const order = m.getLayersOrder();
        return { ids: [...new Set(ids)], below: order.indexOf('routes--line') < order.indexOf('events--precision') && order.indexOf('events--precision') < order.indexOf('events--points') };
      });
    await visit(w.page, `?feature=${through.id}`);
    await waitForIdle(w.page);
    expect(await drawn()).toEqual({ ids: [route.id], below: true });
    const camera = await w.page.evaluate(() => {
      const m = (window as unknown as { __eventMap: MapLibreMap }).__eventMap;
      return { center: m.getCenter().toArray() as [number, number], zoom: m.getZoom() };
    });
    // Hiding the layer of another feature on the route: seen from the same place, the route is gone.
    const other = features.find((f) => route.via.includes(f.id) && f.layer !== through.layer)!;
    await visit(w.page, `?feature=${through.id}&hide=${other.layer}`);
    await w.page.evaluate((c) => (window as unknown as { __eventMap: MapLibreMap }).__eventMap.jumpTo(c), camera);
    await waitForIdle(w.page);
    expect((await drawn()).ids).toEqual([]);
  });
});
