import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { downloadedText, sharedPage, visit, type WatchedPage } from './browser';

const DIR = 'tests/fixtures/formats';
/** One page on the fixture atlas; the tests add files to it in turn. */
let w: WatchedPage;

beforeAll(async () => {
  w = await sharedPage('files');
});

const listed = (id: string) => w.page.locator(`.feature-list [data-feature="${id}"]`);
const summary = () => w.page.getByRole('region', { name: 'Last import' });
const pick = (name: string) => w.page.getByLabel(/Add features from a file/).setInputFiles({ name, mimeType: 'text/plain', buffer: readFileSync(`${DIR}/${name}`) });

describe('adding files in other formats', () => {
  it('adds an ACLED CSV dropped onto the map, with a summary naming the row it left out', async () => {
    // A note of two paragraphs, as ACLED’s notes can be: the panel keeps the break (and the rows after it are a line further down).
    const text = readFileSync(`${DIR}/acled.csv`, 'utf8').replace('in Kerman city."', 'in Kerman city.\nA second paragraph."');
    const drop = await w.page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'acled.csv', { type: 'text/csv' }));
      return dt;
    }, text);
    await w.page.dispatchEvent('.map-area', 'dragover', { dataTransfer: drop });
    await w.page.dispatchEvent('.map-area', 'drop', { dataTransfer: drop });
    await w.page.getByRole('status').getByText(/Added 3 features from “acled.csv”/).waitFor();
    await expect(summary().textContent()).resolves.toMatch(/ACLED CSV: 3 features added/);
    await expect(summary().textContent()).resolves.toMatch(/line 6 \(IRN5004\): left out: latitude "" is not a number \(longitude "57.1"\)/);
    await listed('acled-irn5001').click();
    const panel = w.page.getByRole('complementary', { name: /Details: Remote explosive\/landmine\/IED in Kerman/ });
    await panel.waitFor();
    await expect(panel.textContent()).resolves.toMatch(/geo_precision 1/);
    await expect(panel.evaluate((el) => (el as HTMLElement).innerText)).resolves.toMatch(/in Kerman city\.\nA second paragraph\./);
    // A layer per ACLED event type, in the legend, each turned off and on by itself.
    const legend = w.page.locator('.legend label');
    await expect(legend.filter({ hasText: 'acled: Battles' }).count()).resolves.toBe(1);
    // Its entry says, on hover, what the layer holds and where from.
    await expect(legend.filter({ hasText: 'acled: Battles' }).getAttribute('title')).resolves.toBe('Imported from acled.csv (ACLED CSV): Battles.');
    await expect(legend.filter({ hasText: 'acled: Explosions/Remote violence' }).count()).resolves.toBe(1);
    const battles = legend.filter({ hasText: 'acled: Battles' }).locator('input');
    await battles.uncheck();
    await listed('acled-irn5002').waitFor({ state: 'detached' });
    await expect(listed('acled-irn5003').count()).resolves.toBe(1);
    await battles.check();
    await listed('acled-irn5002').waitFor();
    expect(w.errors).toEqual([]);
  });

  it('says which events already on the map a file added again gives otherwise, as a dataset downloaded again after a revision does', async () => {
    // The same rows, IRN5002's fatalities revised (2 to 3); the map already shows the first test's version of each.
    const revised = readFileSync(`${DIR}/acled.csv`, 'utf8').replace(',2,,1704844800', ',3,,1704844800');
    expect(revised).not.toBe(readFileSync(`${DIR}/acled.csv`, 'utf8'));
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'acled.csv', mimeType: 'text/csv', buffer: Buffer.from(revised) });
    await w.page.getByRole('status').getByText(/Added 0 features from “acled.csv”/).waitFor();
    const line = summary().locator('[data-file="acled.csv"] .revised');
    await line.waitFor();
    // The first test added IRN5001 with a second paragraph in its notes, which this file lacks; IRN5003 is as the map has it.
    await expect(line.textContent()).resolves.toBe('2 of them are given otherwise in this file (a revised row?); the map keeps the version loaded first: “acled-irn5001”, “acled-irn5002”.');
    expect(w.errors).toEqual([]);
  });

  it('names an export of added features alone after their file, and one mixing them with the atlas’s after both', async () => {
    const own = w.page.locator('.legend label').filter({ hasNotText: 'acled:' }).locator('input');
    const exportShown = async () => {
      const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: /^Export GeoJSON: the [\d,]+ shown/ }).first().click()]);
      return { file: download.suggestedFilename(), name: (JSON.parse(await downloadedText(download)) as { name: string }).name };
    };
    const mixed = await exportShown();
    // Named after both in the file's name too: the atlas's id, then the file's.
    expect(mixed.file).toMatch(/^[a-z0-9-]+-with-acled-events-shown\.geojson$/);
    expect(mixed.name).toMatch(/, with features added from acled\.csv$/);
    for (const box of await own.all()) await box.uncheck();
    try {
      expect(await exportShown()).toEqual({ file: 'acled-events-shown.geojson', name: 'Features added from acled.csv' });
    } finally {
      for (const box of await own.all()) await box.check();
    }
    expect(w.errors).toEqual([]);
  });

  it('adds a picked KML, descriptions as text, and gives the focus back to the file input it was picked from', async () => {
    // The input is disabled while the import runs, which drops the focus to the page.
    await w.page.getByLabel(/Add features from a file/).focus();
    await pick('events.kml');
    await w.page.getByRole('status').getByText(/Added 3 features from “events.kml”/).waitFor();
    await expect.poll(() => w.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
    await expect(summary().textContent()).resolves.toMatch(/KML: 3 features added/);
    await expect(listed('events-1').count()).resolves.toBe(1);
    expect(await w.page.locator('img[src="x"]').count()).toBe(0);
    expect(w.errors).toEqual([]);
  });

  it('reads a GeoJSON file saved as UTF-16 with its byte order mark, its Persian title intact', async () => {
    const title = 'انفجار نزدیک گلزار شهدای کرمان';
    const json = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'utf16-1', geometry: { type: 'Point', coordinates: [57.08, 30.28] }, properties: { title, date: '2024-01-03' } }] });
    const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]);
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'utf16.geojson', mimeType: 'application/geo+json', buffer });
    await w.page.getByRole('status').getByText(/Added 1 feature from “utf16.geojson”/).waitFor();
    await expect(w.page.locator('.feature-list').getByText(title).count()).resolves.toBe(1);
    expect(w.errors).toEqual([]);
  });

  it('reads a CSV saved by Excel on Windows (Windows-1252) with its accents and curly quotes, and warns that it is not UTF-8', async () => {
    // 0x93 and 0x94 are curly quotes in Windows-1252 and control characters in Latin-1.
    const buffer = Buffer.concat([Buffer.from('title,latitude,longitude,date\nKerm\xe2n caf\xe9 ', 'latin1'), Buffer.from([0x93, 0x41, 0x94]), Buffer.from(',30.28,57.08,2024-01-03\n')]);
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer });
    await w.page.getByRole('status').getByText(/Added 1 feature from “excel.csv”/).waitFor();
    await expect(w.page.locator('.feature-list').getByText('Kermân café “A”').count()).resolves.toBe(1);
    await expect(summary().textContent()).resolves.toMatch(/excel\.csv.*is not UTF-8, so it was read as Windows-1252/);
    expect(w.errors).toEqual([]);
  });

  it('wraps a long unbroken title and text of an imported feature inside the panel', async () => {
    const long = 'x'.repeat(600);
    const json = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'long-1', geometry: { type: 'Point', coordinates: [57.08, 30.28] }, properties: { title: `Long ${long}`, description: long, date: '2024-01-03' } }] });
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'long.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(json) });
    await w.page.getByRole('status').getByText(/Added 1 feature from “long.geojson”/).waitFor();
    await w.page.locator('.feature-list [data-feature]', { hasText: 'Long xxx' }).click();
    const panel = w.page.locator('aside.panel');
    await panel.getByRole('heading', { level: 2 }).waitFor();
    const widths = await panel.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, page: document.documentElement.scrollWidth, window: innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    // The file gives no precision: the placeholder circle is not shown as one.
    const coords = (await panel.locator('.coords').textContent())!.replace(/\s+/g, ' ');
    expect(coords).toContain('precision not stated');
    expect(coords).not.toContain('± 1 m');
    // The file, cited as the source, has no language of its own ('und'): none is named.
    await expect(panel.locator('.cite-link').first().waitFor()).resolves.toBeUndefined();
    expect(await panel.textContent()).not.toMatch(/\bin und\b/);
    // Nor any web address: its citation is not a link, and is not coloured as one.
    const cite = panel.locator('.cite-link').first();
    expect(await cite.getAttribute('href')).toBeNull();
    expect(await cite.evaluate((a) => getComputedStyle(a).color)).toBe(await panel.evaluate((p) => getComputedStyle(p).color));
    expect(w.errors).toEqual([]);
  });

  it('asks for the columns of a CSV it does not recognise: Escape adds nothing, confirming adds the rows', async () => {
    const before = await w.page.locator('.feature-list [data-feature]').count();
    await pick('unmapped.csv');
    const dialog = w.page.getByRole('dialog', { name: /Columns of “unmapped.csv”/ });
    await dialog.waitFor();
    await w.page.keyboard.press('Escape');
    await w.page.getByRole('status').getByText(/“unmapped.csv” was not added: no columns were chosen for it\. Nothing of it is on the map\./).waitFor();
    expect(await dialog.count()).toBe(0);
    // The focus is back on the file input, not lost to the page.
    const onInput = () => w.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'file');
    await expect.poll(onInput).toBe(true);
    expect(await w.page.locator('.feature-list [data-feature]').count()).toBe(before);

    await pick('unmapped.csv');
    await dialog.waitFor();
    await dialog.getByLabel('Latitude').selectOption('northing_deg');
    await dialog.getByLabel('Longitude').selectOption('easting_deg');
    await dialog.getByLabel('Date (optional)').selectOption('when_local');
    await dialog.getByLabel('Title (optional)').selectOption('what');
    await expect(dialog.getByLabel('Latitude').textContent()).resolves.toContain('northing_deg: 30.2839, 36.1911');
    await dialog.getByRole('button', { name: 'Add the features' }).click();
    await w.page.getByRole('status').getByText(/Added 2 features from “unmapped.csv”/).waitFor();
    await expect.poll(onInput).toBe(true);
    await expect(listed('unmapped-1').textContent()).resolves.toContain('Kerman blast');
    expect(w.errors).toEqual([]);
  });

  it('asks for the columns of a CSV whose columns are named "__proto__" and "constructor", or hold direction marks, as of any other', async () => {
    const csv = '__proto__,constructor,\u202Eeman\nkerman,30.2839,57.0834\n';
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'odd-columns.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const dialog = w.page.getByRole('dialog', { name: /Columns of “odd-columns.csv”/ });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Latitude').textContent()).resolves.toContain('constructor: 30.2839');
    // The name's direction mark reorders only the name, not the values after it.
    const options = await dialog.getByLabel('Latitude').locator('option').allTextContents();
    expect(options.find((o) => o.includes('eman'))).toBe('\u2068\u202Eeman\u2069: 57.0834');
    await w.page.keyboard.press('Escape');
    await w.page.getByRole('status').getByText(/“odd-columns.csv” was not added/).waitFor();
    expect(w.errors).toEqual([]);
  });

  it('offers the first 300 columns of a file with thousands, and says so', async () => {
    const columns = Array.from({ length: 5000 }, (_, i) => `c${i}`);
    const csv = `${columns.join(',')}\n${columns.map((_, i) => i % 90).join(',')}\n`;
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const dialog = w.page.getByRole('dialog', { name: /Columns of “wide.csv”/ });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('This file has 5,000 columns; the lists offer the first 300.');
    // The first 300 and "(none)" in each of the four lists.
    await expect(dialog.locator('option').count()).resolves.toBe(4 * 301);
    await w.page.keyboard.press('Escape');
    await w.page.getByRole('status').getByText(/“wide.csv” was not added/).waitFor();
    expect(w.errors).toEqual([]);
  });

  it('on a phone, shows the columns dialog for a file dropped on the map with the drawer closed, within the screen, and a tap cancels it', async () => {
    await w.page.setViewportSize({ width: 390, height: 844 });
    try {
      const drop = await w.page.evaluateHandle((t) => {
        const dt = new DataTransfer();
        dt.items.add(new File([t], 'unmapped.csv', { type: 'text/csv' }));
        return dt;
      }, readFileSync(`${DIR}/unmapped.csv`, 'utf8'));
      expect(await w.page.locator('#sidebar').isVisible()).toBe(false);
      await w.page.dispatchEvent('.map-area', 'dragover', { dataTransfer: drop });
      await w.page.dispatchEvent('.map-area', 'drop', { dataTransfer: drop });
      const dialog = w.page.getByRole('dialog', { name: /Columns of “unmapped.csv”/ });
      await dialog.waitFor();
      // Drawn (a modal dialog in the closed drawer was not, and held the page inert), and no wider than the screen.
      const box = (await dialog.boundingBox())!;
      expect(box.width).toBeGreaterThan(200);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await w.page.getByRole('status').getByText(/“unmapped.csv” was not added: no columns were chosen for it/).waitFor();
      expect(await dialog.count()).toBe(0);
    } finally {
      await w.page.setViewportSize({ width: 960, height: 640 });
    }
    expect(w.errors).toEqual([]);
  });

  it('on a phone, shows what became of a file added from the open drawer above the drawer, not under it', async () => {
    await w.page.setViewportSize({ width: 390, height: 844 });
    try {
      await w.page.getByRole('button', { name: /Filters and layers/ }).click();
      await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'cut.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type":"FeatureCollection","features":[{"type":') });
      const notice = w.page.getByRole('status').locator('.notice', { hasText: /cut\.geojson/ });
      await notice.waitFor();
      // What the reader sees at the message's middle is the message itself.
      const onTop = await notice.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && el.contains(hit);
      });
      expect(onTop).toBe(true);
      // And it covers none of the drawer's buttons (over the drawer's top, it hid the export buttons): the drawer ends above it.
      const edges = () => w.page.evaluate(() => [document.querySelector('#sidebar')!.getBoundingClientRect().bottom, document.querySelector('.status')!.getBoundingClientRect().top]);
      await expect.poll(async () => { const [drawerEnd, statusTop] = await edges(); return drawerEnd <= statusTop + 0.5; }).toBe(true);
      const covered = await w.page.evaluate(() => {
        const drawer = document.querySelector('#sidebar')!.getBoundingClientRect();
        return [...document.querySelectorAll<HTMLElement>('#sidebar button')].flatMap((b) => {
          const r = b.getBoundingClientRect();
          const y = r.top + r.height / 2;
          // A button scrolled out of the drawer's view is not covered, only out of sight.
          if (r.width === 0 || y < drawer.top || y > drawer.bottom) return [];
          return document.elementFromPoint(r.left + r.width / 2, y)?.closest('.status') ? [b.textContent!.trim()] : [];
        });
      });
      expect(covered).toEqual([]);
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await w.page.getByRole('button', { name: /Back to the map/ }).click();
    } finally {
      await w.page.setViewportSize({ width: 960, height: 640 });
    }
    expect(w.errors).toEqual([]);
  });

  it('adds rows whose dates cannot be read as undated, and says in the status line that there are warnings to read', async () => {
    await pick('bad-dates.csv');
    const status = w.page.getByRole('status');
    await status.getByText(/Added 2 features from “bad-dates.csv”/).waitFor();
    await expect(status.textContent()).resolves.toMatch(/\d+ warnings? \(kept, but read with care\) under “Last import”/);
    await expect(summary().locator('[data-file="bad-dates.csv"] summary').textContent()).resolves.toMatch(/^\d+ warnings?$/);
    // The list shows a window of its rows: the search brings the row into it.
    await w.page.getByRole('searchbox', { name: /Search/ }).fill('Bad month row');
    const row = w.page.locator('.feature-list [data-feature]', { hasText: 'Bad month row' });
    await expect(row.locator('.date').textContent()).resolves.toBe('Undated');
    await w.page.getByRole('searchbox', { name: /Search/ }).fill('');
    expect(w.errors).toEqual([]);
  });

  it('finds every event of its own CSV and KML exports, opened again, already on the map, and adds none a second time', async () => {
    const exportButton = w.page.getByRole('button', { name: /^Export CSV: the \d+ shown/ });
    const shown = Number((await exportButton.getAttribute('aria-label'))!.replace(/\D/g, ''));
    expect(shown).toBeGreaterThan(0);
    const [csv] = await Promise.all([w.page.waitForEvent('download'), exportButton.click()]);
    const [kml] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: /^Export KML/ }).click()]);
    for (const [download, format] of [
      [csv, 'CSV'],
      [kml, 'KML'],
    ] as const) {
      const name = download.suggestedFilename();
      await w.page.getByLabel(/Add features from a file/).setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(await downloadedText(download)) });
      await expect.poll(() => summary().textContent()).toContain(`${format}: 0 features added, ${shown} already on the map`);
      // Nothing in it differs from what the map shows, in what a CSV or KML can carry: no feature is called revised.
      await w.page.waitForTimeout(500);
      await expect(summary().locator('.revised').count()).resolves.toBe(0);
    }
    await expect(w.page.locator('.list-title').textContent()).resolves.toContain(`(${shown} of`);
    expect(w.errors).toEqual([]);
  });

  it('adds only the new rows of a newer download of a file already added, and calls none of the others revised', async () => {
    const drop = async (text: string, lastModified: number) => {
      const files = await w.page.evaluateHandle(([t, at]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([t], 'sightings.csv', { type: 'text/csv', lastModified: at }));
        return dt;
      }, [text, lastModified] as const);
      await w.page.dispatchEvent('.map-area', 'dragover', { dataTransfer: files });
      await w.page.dispatchEvent('.map-area', 'drop', { dataTransfer: files });
    };
    const rows = ['id,title,date,latitude,longitude', '1,Convoy seen,2024-01-05,30.28,57.08', '2,Checkpoint set up,2024-01-06,30.29,57.09'];
    await drop(rows.join('\n'), Date.UTC(2024, 0, 20));
    await w.page.getByRole('status').getByText(/Added 2 features from “sightings.csv”/).waitFor();
    // Downloaded again on another day, with two rows more: the file's own source is dated otherwise, and must not keep its rows out.
    await drop([...rows, '3,Road closed,2024-01-07,30.30,57.10', '4,Drone heard,2024-01-08,30.31,57.11'].join('\n'), Date.UTC(2024, 1, 1));
    await w.page.getByRole('status').getByText(/Added 2 features from “sightings.csv”/).waitFor();
    await expect(summary().textContent()).resolves.toMatch(/2 features added, 2 already on the map/);
    await expect(listed('sightings-4').count()).resolves.toBe(1);
    // Compared in the page's spare moments: give them time to say something, then check they said nothing.
    await w.page.waitForTimeout(500);
    await expect(summary().locator('.revised').count()).resolves.toBe(0);
    expect(w.errors).toEqual([]);
  });

  it('gives a month given alone in the atlas’s other calendar from its first day to its last', async () => {
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'm', geometry: { type: 'Point', coordinates: [57.08, 30.28] }, properties: { title: 'Reported in January', date: '2024-01' } }] });
    await w.page.getByLabel(/Add features from a file/).setInputFiles({ name: 'months.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(geojson) });
    await w.page.getByRole('status').getByText(/Added 1 feature from “months.geojson”/).waitFor();
    // By its link: the list, virtual, draws only the rows in view of all the files the tests before added.
    await visit(w.page, '?feature=months-m');
    const calendar = w.page.getByRole('complementary', { name: /Reported in January/ }).locator('.calendar[data-calendar="persian"]');
    // 1 January 2024 is 11 Dey 1402, 31 January 11 Bahman 1402.
    await expect(calendar.textContent()).resolves.toMatch(/11 Dey 1402 AP – 11 Bahman 1402 AP/);
    expect(w.errors).toEqual([]);
  });
});
