/**
 * Adds a year of incidents in ACLED's CSV layout (default 100,000 rows, see
 * `lib/synthetic-acled.ts`) to the built app in Chromium, a fresh page each time, and prints
 * the time from picking the file to "Added", the longest task of the page's thread, and
 * how that time divides in the import worker: reading and converting (Papa Parse, the ACLED
 * converter, the schema's checks), then handing the features to the page piece by piece.
 * Beside it, Papa Parse alone reading the same file in a blank page's worker, as a floor.
 * Figures only, no pass or fail. Usage: npm run bench:import [-- rows] [-- runs=N]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import { openPage, startBrowser, waitForMap } from '../tests/e2e/browser';
import { median } from './lib/stats';
import { syntheticAcledCsv } from './lib/synthetic-acled';

const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const runs = Number(/^runs=(\d+)$/.exec(args.find((a) => a.startsWith('runs=')) ?? '')?.[1] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const file = join(dir, 'acled-2023.csv');
const csv = syntheticAcledCsv(rows);
writeFileSync(file, csv);

/** Notes, on the page, when each kind of message first and last came from a worker. */
const WATCH_WORKERS = () => {
  const seen: Record<string, [number, number]> = {};
  (window as unknown as { workerMessages: typeof seen }).workerMessages = seen;
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (e: MessageEvent) => {
        const d = e.data as { type?: string; phase?: string } | null;
        const key = `${d?.type}${d?.phase ? `:${d.phase}` : ''}`;
        const now = performance.now();
        seen[key] = [seen[key]?.[0] ?? now, now];
      });
    }
  };
};

const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await startBrowser();
const figures: Record<string, number[]> = { added: [], longest: [], converting: [], handing: [], papa: [] };
try {
  for (let r = 0; r < runs; r++) {
    const w = await openPage(browser, { atlas: 'geodata', basemap: 'full' });
    await w.page.addInitScript(WATCH_WORKERS);
    await w.page.goto(server.resolvedUrls!.local[0]);
    await waitForMap(w.page);
    await w.page.evaluate(() => {
      const g = window as unknown as { longest: number };
      g.longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) g.longest = Math.max(g.longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    const t0 = Date.now();
    await w.page.locator('input[type=file]').setInputFiles(file);
    await w.page.waitForFunction(() => /Added [\d,]+ feature/.test(document.querySelector('[role=status]')?.textContent ?? ''), undefined, { timeout: 600_000 });
    figures.added.push(Date.now() - t0);
    const { longest, seen } = await w.page.evaluate(() => ({
      longest: (window as unknown as { longest: number }).longest,
      seen: (window as unknown as { workerMessages: Record<string, [number, number]> }).workerMessages,
    }));
    figures.longest.push(longest);
    figures.converting.push(seen.features[0] - seen['progress:parsing'][0]);
    figures.handing.push(seen.features[1] - seen.features[0]);
    await w.context.close();

    // The floor: Papa Parse alone, in a worker of a blank page, reading the same text into objects by column name.
    const blank = await openPage(browser, {});
    await blank.page.goto('about:blank');
    const papa = readFileSync('node_modules/papaparse/papaparse.min.js', 'utf8');
    // The file picked as a reader picks it (a text of 100 MB and more is too long to hand to the page as an argument).
    await blank.page.setContent('<input type="file">');
    await blank.page.locator('input').setInputFiles(file);
    figures.papa.push(
      await blank.page.evaluate(async (papa) => {
        const worker = new Worker(URL.createObjectURL(new Blob([`${papa}\nonmessage = async (e) => { const text = await e.data.text(); const t = performance.now(); Papa.parse(text, { header: true, skipEmptyLines: 'greedy' }); postMessage(performance.now() - t); };`], { type: 'text/javascript' })));
        return new Promise<number>((resolve) => {
          worker.onmessage = (e) => resolve(e.data as number);
          worker.postMessage(document.querySelector('input')!.files![0]);
        });
      }, papa),
    );
    await blank.context.close();
    console.log(`run ${r + 1}: added in ${figures.added[r]} ms (converting ${Math.round(figures.converting[r])}, handing over ${Math.round(figures.handing[r])}), longest task ${Math.round(longest)} ms; Papa Parse alone ${Math.round(figures.papa[r])} ms`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
const m = (k: string) => Math.round(median(figures[k])).toLocaleString('en-GB');
console.log(`\n${rows.toLocaleString('en-GB')} ACLED rows (${(csv.length / 1e6).toFixed(1)} MB), median of ${runs}:`);
console.log(`  added to the map            ${m('added')} ms`);
console.log(`    reading and converting     ${m('converting')} ms`);
console.log(`    handing over to the page   ${m('handing')} ms`);
console.log(`  longest task of the page    ${m('longest')} ms`);
console.log(`  Papa Parse alone, a worker  ${m('papa')} ms`);
