/**
 * Builds the app as a static site for any atlas folder: checks the folder as `npm run
 * validate` does (and stops on an error), then bundles it in place of geodata/ and writes
 * the site, ready to copy to any web server.
 * Usage: npm run build:atlas -- <atlas folder> [--out <dir>]   (default dir: dist)
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblem } from '../src/lib/data/validate';
import { validateGeodata } from './lib/validate-geodata';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'dist' } } });
const dir = positionals[0];
if (!dir) {
  console.error('usage: npm run build:atlas -- <atlas folder> [--out <dir>]');
  process.exit(2);
}
const { problems, featureCount } = await validateGeodata((name) => readFile(join(dir, name), 'utf8'));
const errors = problems.filter((p) => p.severity === 'error');
for (const p of errors) console.error(formatProblem(p));
if (errors.length > 0) {
  console.error(`${dir}: ${errors.length} errors; fix them (npm run validate -- ${dir}) before building`);
  process.exit(1);
}
// vite.config.ts reads the folder from the environment when it loads.
process.env.ATLAS_DIR = resolve(dir);
const { build } = await import('vite');
await build({ build: { outDir: resolve(values.out), emptyOutDir: true }, logLevel: 'warn' });
console.log(`${dir}: ${featureCount} features built into ${values.out}/; serve that folder with any static web server (send the headers of csp.config.ts)`);
