/**
 * The tab's memory with many events: adds the synthetic export (default 100,000 events) to
 * the built app in a fresh Chromium, then prints the page's renderer process memory (PSS
 * and RSS from /proc, Linux only) before, its highest over the 40 s after the load, and at
 * the end, beside the JS heap Chromium reports (which leaves out the buffers that hold the
 * features' texts, and the workers); then, with one layer and one actor hidden, the highest
 * while "GeoJSON: the N shown" and "CSV: the N shown" are made (a worker gathers both) and
 * the figure once they are. With `--acled`, the same number of rows in ACLED's CSV layout
 * instead (see `lib/synthetic-acled.ts`), one actor hidden for the exports. With `--url`,
 * the same events opened as an atlas at a URL (a folder of layer files, as `bench:browser`
 * serves it) instead of added from a file. Figures only.
 * Usage: npm run bench:memory [-- count] [--persian | --acled | --url]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import { buildExport, serializeExport } from '../src/lib/data/export';
import { startBrowser, waitForMap } from '../tests/e2e/browser';
import { atlasFolder, syntheticAtlas } from './lib/synthetic';
import { precompressed } from './lib/precompressed-plugin';
import { syntheticAcledCsv } from './lib/synthetic-acled';

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
/** With `--persian`, each event's title in Persian: text beyond Latin-1, which V8 holds as two bytes a character, as real data in this region's languages is. */
const persian = args.includes('--persian');
/** With `--acled`, rows in ACLED's CSV layout: the files investigators most often bring. */
const acled = args.includes('--acled');
/** With `--url`, the events opened as an atlas at a URL: its workers keep what they parsed until they have written the export texts. */
const url = args.includes('--url');
const ATLAS_PREFIX = '/bench-atlas/';
const SETTLE_MS = 40_000;
const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
const file = join(dir, acled ? 'acled-2023.csv' : 'events.geojson');
const plugins = [];
if (acled) writeFileSync(file, syntheticAcledCsv(count));
else {
  const atlas = syntheticAtlas({ events: count });
  if (persian) atlas.features.forEach((f, i) => (f.properties.title = `رویداد ${i + 1}`));
  if (url) plugins.push(precompressed(ATLAS_PREFIX, atlasFolder(atlas)));
  else writeFileSync(file, serializeExport(buildExport(atlas, atlas.features)));
}

/**
 * Proportional and resident memory of Chromium's renderer processes, in MB (the page's is
 * the largest once it has data); with `main`, of the browser's own process instead, which
 * holds the bytes of the Blobs the page and its workers make (the export texts' Blobs).
 */
function processes(main = false): { pss: number; rss: number }[] {
  const out: { pss: number; rss: number }[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      // The browser's own process is the one started without a `--type`.
      const type = /--type=(\w+)/.exec(cmd)?.[1];
      if (!cmd.includes('chromium') || type !== (main ? undefined : 'renderer')) continue;
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      const pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      out.push({ pss: pss / 1024, rss: rss / 1024 });
    } catch {
      // The process ended while being read.
    }
  }
  return out;
}
const largest = (list: { pss: number; rss: number }[]) => list.reduce((a, b) => (b.pss > a.pss ? b : a), { pss: 0, rss: 0 });
const pageProcess = () => largest(processes());
const browserProcess = () => largest(processes(true));

const server = await preview({ plugins, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await startBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 960, height: 640 } });
  await page.goto(server.resolvedUrls!.local[0]);
  await waitForMap(page);
  const before = pageProcess();
  const browserBefore = browserProcess();
  const t0 = Date.now();
  if (url) await page.evaluate((at) => {
    history.pushState(null, '', `?atlas=${encodeURIComponent(at)}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, `${ATLAS_PREFIX.slice(1)}atlas.json`);
  else await page.locator('input[type=file]').setInputFiles(file);
  let highest = before;
  const sample = () => {
    const now = pageProcess();
    if (now.pss > highest.pss) highest = now;
  };
  const timer = setInterval(sample, 250);
  // A file says "Added"; an atlas at a URL replaces the list, whose title then counts every event.
  if (url) await page.waitForFunction((n) => document.querySelector('.list-title')?.textContent?.includes(`(${n} of`), count.toLocaleString('en'), { timeout: 300_000 });
  else await page.waitForFunction(() => document.querySelector('[role=status]')?.textContent?.includes('Added'), null, { timeout: 300_000 });
  const loadedAt = Date.now() - t0;
  const atLoad = pageProcess();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  clearInterval(timer);
  sample();
  const end = pageProcess();
  const browserEnd = browserProcess();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  // What the process gives back when told memory is short: freed memory its allocators kept for reuse.
  await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
  await new Promise((r) => setTimeout(r, 3000));
  const pressed = pageProcess();
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1_048_576;
  // Filtered exports: the shown events scattered over the Blobs made after the load.
  if (acled) await page.locator('.actors label', { hasText: 'Jaish al-Adl' }).first().locator('input').click();
  else {
    await page.locator('.legend label', { hasText: 'Synthetic layer 2' }).locator('input').click();
    await page.locator('.actors label', { hasText: 'Armed group B' }).locator('input').click();
  }
  await new Promise((r) => setTimeout(r, 2000));
  const loadHighest = highest;
  highest = { pss: 0, rss: 0 };
  const exportTimer = setInterval(sample, 100);
  for (const label of [/Export GeoJSON: the/, /Export CSV/]) {
    await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: label }).click()]);
  }
  clearInterval(exportTimer);
  sample();
  const whileExporting = highest;
  await new Promise((r) => setTimeout(r, 5000));
  const exported = pageProcess();
  const mb = (x: number) => x.toFixed(0);
  console.log(`\n${count.toLocaleString('en')} ${acled ? 'ACLED rows' : 'events'}${persian ? ', titles in Persian,' : ''} ${url ? 'opened as an atlas at a URL' : 'added from one file'} (loaded in ${loadedAt} ms)\n`);
  console.log('| the page\'s renderer process (MB) | PSS | RSS |');
  console.log('| --- | ---: | ---: |');
  console.log(`| before ${url ? 'the atlas' : 'the file'} | ${mb(before.pss)} | ${mb(before.rss)} |`);
  console.log(`| when ${url ? 'the list counts every event' : '"Added" shows'} | ${mb(atLoad.pss)} | ${mb(atLoad.rss)} |`);
  console.log(`| highest in the ${SETTLE_MS / 1000} s after | ${mb(loadHighest.pss)} | ${mb(loadHighest.rss)} |`);
  console.log(`| ${SETTLE_MS / 1000} s after | ${mb(end.pss)} | ${mb(end.rss)} |`);
  console.log(`| then, after a collection and a signal that memory is short | ${mb(pressed.pss)} | ${mb(pressed.rss)} |`);
  console.log(`| highest while two filtered exports are made | ${mb(whileExporting.pss)} | ${mb(whileExporting.rss)} |`);
  console.log(`| 5 s after them | ${mb(exported.pss)} | ${mb(exported.rss)} |`);
  console.log(`\nThe browser's own process (PSS, MB): ${mb(browserBefore.pss)} before ${url ? 'the atlas' : 'the file'}, ${mb(browserEnd.pss)} ${SETTLE_MS / 1000} s after`);
  console.log(`JS heap (used, after a collection): ${mb(heap)} MB`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
