/**
 * Takes screenshots of the built app in Debian's Chromium, for the README and for looking
 * at what the map shows. Usage: npm run build && npm run screenshot [-- out-dir]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { preview } from 'vite';
import { startBrowser, openPage, waitForIdle, waitForMap } from '../tests/e2e/browser';

const outDir = process.argv[2] ?? 'docs';
mkdirSync(outDir, { recursive: true });
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const base = server.resolvedUrls!.local[0];
const browser = await startBrowser();
const desktop = { width: 1366, height: 860 };
const phone = { width: 390, height: 844 };
const shots: [string, string, { width: number; height: number }, 'light' | 'dark'][] = [
  ['overview.png', '', desktop, 'light'],
  ['panel.png', '?feature=kerman-explosion-1', desktop, 'light'],
  ['kerman-close.png', '?feature=kerman-explosion-2&map=14.2/30.2905/57.099', desktop, 'light'],
  ['story.png', '?story=iran-strikes-erbil-idlib', desktop, 'light'],
  ['dark.png', '?feature=pakistan-strike-saravan', desktop, 'dark'],
  ['phone.png', '?feature=iran-strike-erbil', phone, 'light'],
  ['phone-list.png', '', phone, 'dark'],
];
try {
  for (const [name, query, viewport, colorScheme] of shots) {
    const { page, errors } = await openPage(browser, { viewport, colorScheme, atlas: 'geodata', basemap: 'full' });
    await page.goto(base + query);
    await waitForMap(page);
    await waitForIdle(page);
    await page.screenshot({ path: join(outDir, name) });
    console.log(`${name}: ${errors.length ? errors.join('; ') : 'no errors'}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
