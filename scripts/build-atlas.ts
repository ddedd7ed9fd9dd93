/**
 * Builds the app as a static site for any atlas folder: checks the folder as `npm run
 * validate` does (and stops on an error), then bundles it in place of geodata/ and writes
 * the site, ready to copy to any web server.
 * Usage: npm run build:atlas -- <atlas folder> [--out <dir>]   (default dir: dist)
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblem } from '../src/lib/data/validate';
import { validateGeodata } from './lib/validate-geodata';

const USAGE = 'usage: npm run build:atlas -- <atlas folder> [--out <dir>]';
let args: { positionals: string[]; values: { out: string } };
try {
  args = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'dist' } } }) as typeof args;
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { positionals, values } = args;
const dir = positionals[0];
if (!dir) {
  console.error(USAGE);
  process.exit(2);
}
const refusal = outRefusal(resolve(dir), resolve(values.out));
if (refusal) {
  console.error(`${values.out}: not built there: ${refusal}\n${USAGE}`);
  process.exit(2);
}

/**
 * Why the site may not be written to `out`, if it may not: the build empties that folder
 * first, so it must not hold the atlas, nor anything but an earlier build (an index.html
 * and its assets/), which it replaces.
 */
function outRefusal(atlas: string, out: string): string | null {
  const empties = 'the build empties that folder first, and';
  const inside = relative(out, atlas);
  if (inside === '' || !inside.startsWith('..')) return `${empties} ${atlas} is in it`;
  if (!existsSync(out)) return null;
  const entries = readdirSync(out);
  if (entries.every((name) => name === 'index.html' || name === 'assets')) return null;
  return `${empties} it holds files that are not an earlier build (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); choose a new or empty folder`;
}
const { problems, featureCount } = await validateGeodata((name) => readFile(join(dir, name), 'utf8'));
const errors = problems.filter((p) => p.severity === 'error');
for (const p of errors) console.error(formatProblem(p));
// Warnings do not stop the build, but are said: an uncited source, a date with no day of its own.
for (const p of problems) if (p.severity === 'warning') console.warn(formatProblem(p));
if (errors.length > 0) {
  console.error(`${dir}: ${errors.length} errors; fix them (npm run validate -- ${dir}) before building`);
  process.exit(1);
}
// vite.config.ts reads the folder from the environment when it loads.
process.env.ATLAS_DIR = resolve(dir);
const { build } = await import('vite');
await build({ build: { outDir: resolve(values.out), emptyOutDir: true }, logLevel: 'warn' });
console.log(`${dir}: ${featureCount} features built into ${values.out}/; serve that folder with any static web server (send the headers of csp.config.ts)`);
