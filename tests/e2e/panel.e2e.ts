import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { openPage, sharedPage, visit, waitForIdle, waitForMap, type WatchedPage } from './browser';
import { fixtureFeatures, geodataFeatures } from './geodata';

const base = inject('baseUrl');
/** The real data: these tests open every feature of geodata/, so a new feature is tested at once. */
const features = geodataFeatures();
let shared: WatchedPage;

beforeAll(async () => {
  shared = await sharedPage('geodata');
  // The page as a fresh load shows it: the file before may have left a layer hidden (record.e2e.ts ends on one), and the
  // list tests below open every feature from the list as it stands.
  await visit(shared.page, '');
  // Files that share this page only look at it: one that added features would leave every list test below timing out.
  const count = await shared.page.locator('.list-title .count').textContent();
  if (count !== `(${features.length} of ${features.length})`) throw new Error(`the shared page lists ${count}, not the atlas's ${features.length} features: a test before added features to it (see sharedPage)`);
});

/** Checks the open panel shows this feature with at least one citation that opens safely in a new tab. */
async function expectPanelFor(page: Page, feature: { id: string; title: string }) {
  const panel = page.getByRole('complementary', { name: `Details: ${feature.title}` });
  await panel.waitFor();
  expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe(feature.title);
  // Read in one round trip: the Kerman blasts cite dozens of sources.
  const links = await panel.locator('a.cite-link').evaluateAll((as) => as.map((a) => ({ target: a.getAttribute('target'), rel: a.getAttribute('rel'), href: a.getAttribute('href') ?? '' })));
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
    expect(link.href).toMatch(/^https?:\/\//);
  }
  expect(await panel.textContent()).toMatch(/± [\d,]+ m/);
}

/** Opens a feature's panel from its link and reads the first citation naming `title`, white space folded. */
async function citationText(page: Page, featureId: string, title: string): Promise<string> {
  await visit(page, `?feature=${featureId}`, { idle: false });
  const cite = page.locator('aside.panel .citation', { hasText: title }).first();
  await cite.waitFor();
  return (await cite.textContent())!.replace(/\s+/g, ' ');
}

/** Opens a feature from the list of the shared page and checks its panel, URL and highlight. */
async function openFromList(feature: (typeof features)[number]) {
  const { page } = shared;
  await page.locator(`.feature-list [data-feature="${feature.id}"]`).click();
  await expectPanelFor(page, feature);
  expect(new URL(page.url()).searchParams.get('feature')).toBe(feature.id);
  const selected = await page.evaluate(() => (window as unknown as { __eventLayers: { selectedId(): string | null } }).__eventLayers.selectedId());
  expect(selected).toBe(feature.id);
}

describe('the side panel', () => {
  // Each opens its feature itself and checks for errors itself, so none can pass without exercising anything.
  it.each(features)('opens $id from the list, highlights it and puts it in the URL, with no error', async (feature) => {
    await openFromList(feature);
    expect(shared.errors).toEqual([]);
    expect(shared.offsite).toEqual([]);
  });

  // Through history and popstate, which apply a link exactly as a fresh load does (the reload
  // test in explore.e2e.ts and the corpus test's first load cover the load itself).
  it.each(features)('opens $id from its ?feature= link', async (feature) => {
    await visit(shared.page, `?feature=${encodeURIComponent(feature.id)}`, { idle: false });
    await expectPanelFor(shared.page, feature);
    expect(shared.errors).toEqual([]);
  });

  it('finds the events whose sources carry an agency’s story by the agency’s full name, as the citations name it', async () => {
    const w = shared;
    await visit(w.page, `?q=${encodeURIComponent('Agence France-Presse')}`);
    const listed = await w.page.locator('.feature-list [data-feature]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-feature')));
    // The first blast's earliest time comes from Daily Sabah's copy of an AFP story; the reference places cite no agency's.
    expect(listed).toContain('kerman-explosion-1');
    expect(listed).not.toContain('golzar-shohada-cemetery');
    await w.page.locator('.feature-list [data-feature="kerman-explosion-1"]').click();
    await expect(w.page.locator('aside.panel').textContent()).resolves.toContain('Agence France-Presse');
    await visit(w.page, '');
  });

  it('names a copy of Wikipedia by the site that carries it, as a copy, in its language by name, and keeps a claim’s status apart from its count', async () => {
    const w = shared;
    const text = await citationText(w.page, 'shohada-square', 'Mushtaqieh Dome');
    const panel = w.page.locator('aside.panel');
    expect(text).toContain('hmong.in.th (a Thai-language copy of an English Wikipedia article): Mushtaqieh Dome');
    expect(text).toContain('in Thai');
    expect(text).toContain('copy of Wikipedia');
    expect(text).not.toMatch(/\bin th\b|story by Wikipedia/);
    await expect(panel.locator('.claim .who').first().textContent()).resolves.toMatch(/(confirmed|claimed|superseded|disputed|reported)[^·]*· (no|\d+) independent originator/i);
    expect(w.errors).toEqual([]);
    await visit(w.page, '');
  });

  it('says of a story rewritten under one address, cited by version, that its record is one of several of that address under different titles, and that the link opens the page as it is now', async () => {
    const w = shared;
    // BBC News's early version (73 dead) and its later one (more than 100) are two records of one address.
    const text = await citationText(w.page, 'kerman-explosion-2', 'More than 100 killed in blasts near Iran general');
    expect(text).toContain('one of 2 records of this address under different titles; the link opens the page as it is now');
    // A story with one record says nothing of the kind.
    const single = (await w.page.locator('aside.panel .citation', { hasText: 'Islam Times' }).first().textContent())!;
    expect(single).not.toContain('records of this address');
    expect(w.errors).toEqual([]);
    await visit(w.page, '');
  });

  it('works by keyboard alone: Tab to the list, Enter opens, the close button closes', async () => {
    const { page } = shared;
    await visit(page, '');
    // From the search box above the list: a panel closed before gives the focus back to the row that opened it, and
    // blurring that would leave the browser's Tab starting point there, past the first row.
    await page.getByRole('searchbox', { name: /Search/ }).focus();
    const first = page.locator('.feature-list button').first();
    const title = (await first.locator('.title').textContent())!;
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await first.evaluate((el) => el === document.activeElement)) break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: `Details: ${title}` }).waitFor();
    await page.getByRole('button', { name: 'Close details' }).press('Enter');
    await expect(page.getByRole('complementary').count()).resolves.toBe(0);
  });

  it('shows every contested figure with its own citation', async () => {
    const { page } = shared;
    await visit(page, '?feature=kerman-explosion-1');
    const deaths = page.getByRole('region', { name: 'Deaths', exact: true });
    await deaths.waitFor();
    const claims = deaths.locator('li.claim');
    expect(await claims.count()).toBeGreaterThan(1);
    for (const claim of await claims.all()) expect(await claim.locator('a.cite-link').count()).toBeGreaterThan(0);
    expect(await deaths.textContent()).toMatch(/sources disagree/);
  });

  it('goes back to the previous selection with the browser back button', async () => {
    const { page } = shared;
    await visit(page, '?feature=iran-strike-erbil');
    await page.locator('.feature-list [data-feature="pakistan-strike-saravan"]').click();
    await expectPanelFor(page, features.find((f) => f.id === 'pakistan-strike-saravan')!);
    await page.goBack();
    await expectPanelFor(page, features.find((f) => f.id === 'iran-strike-erbil')!);
  });
});

describe('bad input', () => {
  it('explains an unknown id in the URL and keeps the map working', async () => {
    const w = shared;
    await visit(w.page, '?feature=no-such-event');
    await expect(w.page.getByRole('status').textContent()).resolves.toMatch(/No feature has the id “no-such-event”/);
    // Every feature is still listed (the list is virtualised, so the title's count says so, not the rows drawn).
    await expect(w.page.locator('.list-title .count').textContent()).resolves.toBe(`(${features.length} of ${features.length})`);
    await w.page.locator('.feature-list [data-feature="iran-strike-idlib"]').click();
    await expectPanelFor(w.page, features.find((f) => f.id === 'iran-strike-idlib')!);
    expect(w.errors).toEqual([]);
  });

  it('shows a hostile id as plain text, never as markup', async () => {
    const w = shared;
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await visit(w.page, `?feature=${encodeURIComponent(hostile)}`);
    const status = w.page.getByRole('status');
    await expect(status.textContent()).resolves.toContain('<img src=x');
    expect(await status.locator('img, script').count()).toBe(0);
    expect(await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('keeps the direction controls of a hostile file within their own text: the app’s dates, counts and words around them still read left to right', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    const { buildExport, serializeExport } = await import('../../src/lib/data/export');
    const atlas = syntheticAtlas({ events: 2 });
    const RLO = '\u202e';
    const f = atlas.features[0];
    f.properties.title = `Attack ${RLO}reported`;
    f.properties.actors = [`Group ${RLO}A`];
    const claim = f.properties.claims[0];
    claim.by = `Local ${RLO}officials`;
    claim.date = '2023-08-08';
    const source = atlas.sources.get(claim.sources[0])!;
    Object.assign(source, { publisher: `Wire ${RLO}Agency`, title: `Report ${RLO}title`, published: '2023-01-13', type: 'wire' });
    const w = await openPage(shared.page.context().browser()!, { atlas: 'geodata' });
    await w.page.goto(base);
    await waitForMap(w.page);
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: `over${RLO}ride.geojson`, mimeType: 'application/geo+json', buffer: Buffer.from(serializeExport(buildExport(atlas, atlas.features))) });
    await w.page.getByRole('status').getByText(/Added 2 features/).waitFor();
    await expect(w.page.getByRole('status').textContent()).resolves.toContain(`over${RLO}ride.geojson`);
    await w.page.locator(`.feature-list [data-feature="${f.id}"]`).click();
    const claimRow = w.page.locator(`[data-claim="${claim.id}"]`);
    await claimRow.waitFor();
    /** Whether the first of two pieces of an element's text is drawn left of the second (two pieces of one word, so that no line break comes between them). */
    const leftOf = (el: string, first: string, second: string) =>
      w.page.evaluate(
        ([sel, a, b]) => {
          const root = document.querySelector(sel)!;
          const x = (piece: string) => {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const at = n.textContent!.indexOf(piece);
              if (at < 0) continue;
              const range = document.createRange();
              range.setStart(n, at);
              range.setEnd(n, at + piece.length);
              return range.getBoundingClientRect().left;
            }
            throw new Error(`no “${piece}” in ${sel}`);
          };
          return x(a) < x(b);
        },
        [el, first, second] as const,
      );
    // The claim's date after its author, the source's date after its title, an actor's count after its name.
    expect(await leftOf(`[data-claim="${claim.id}"] .who`, 'Aug', 'ust')).toBe(true);
    expect(await leftOf(`[data-claim="${claim.id}"] .meta`, 'Jan', 'uary')).toBe(true);
    expect(await leftOf('.actors', 'Group', '(1)')).toBe(true);
    // The text itself is shown as it was written, override and all.
    expect(await claimRow.locator('.who').textContent()).toContain(`Local ${RLO}officials`);
    expect(await leftOf('.summary li[data-file]', 'Geo', 'JSON')).toBe(true);
    await w.context.close();
  });

  it('reports a broken data file by name and still shows the other layers', async () => {
    // The fixture atlas: the point is the broken file, not the data. Without the chunk the build checks the atlas into, the page reads the files, as it does an atlas at a URL.
    const w = await openPage(shared.page.context().browser()!, { checked: false });
    await w.context.route(/iran-strikes[^/]*\.geojson$/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"type":"FeatureCollection","features":[' }));
    await w.page.goto(base);
    await waitForMap(w.page);
    await waitForIdle(w.page);
    await expect(w.page.locator('.problems summary').textContent()).resolves.toMatch(/\d+ problems? in the data/);
    // The broken file comes first; the rest are links and story steps that named its features.
    await expect(w.page.locator('.problems li').first().textContent()).resolves.toMatch(/iran-strikes\.geojson: is not valid JSON/);
    const expected = fixtureFeatures().filter((f) => f.layer !== 'iran-strikes').length;
    expect(await w.page.locator('.feature-list button').count()).toBe(expected);
    await w.context.close();
  });

  it('puts a missing source catalogue first, and counts the citations that follow from it as such', async () => {
    const w = await openPage(shared.page.context().browser()!, { checked: false });
    await w.context.route(/\/sources[^/]*\.json$/, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }));
    await w.page.goto(base);
    await waitForMap(w.page);
    await waitForIdle(w.page);
    const summary = (await w.page.locator('.problems summary').textContent()) ?? '';
    const [, all, following] = /([\d,]+) problems in the data \(([\d,]+) of them following from the others\)/.exec(summary) ?? [];
    // The catalogue is the one problem of its own; every other follows from it, and is listed after it.
    expect(Number(following?.replace(/,/g, ''))).toBeGreaterThan(10);
    expect(Number(all?.replace(/,/g, '')) - Number(following?.replace(/,/g, ''))).toBe(1);
    await expect(w.page.locator('.problems li').first().textContent()).resolves.toMatch(/sources[^ ]*\.json: could not be read/);
    await expect(w.page.locator('.problems li').nth(1).textContent()).resolves.toMatch(/to be found in sources[^ ]*\.json, which could not be read$/);
    await w.context.close();
  });
});
