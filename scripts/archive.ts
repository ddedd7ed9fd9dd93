/**
 * Asks the Internet Archive's Save Page Now to capture every source in the catalogue that has
 * no archived copy, records the snapshot URL, its time and the SHA-256 of the captured bytes,
 * and writes the link-rot report of what is still unarchived.
 *
 * Usage: npm run archive [-- --dir geodata] [--report docs/link-rot.md] [--base https://web.archive.org]
 * (another folder's report goes to <folder>/link-rot.md; the catalogue is the file its manifest names)
 * With an archive.org account, set IA_ACCESS_KEY and IA_SECRET_KEY (higher rate limits).
 * Offline, every attempt fails with a message and the report lists every unarchived source.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { archiveCatalog, linkRotReport } from './lib/archive';
import type { SourceCatalog } from '../src/lib/data/schema';
import { MANIFEST_FILE } from '../src/lib/data/manifest';

const USAGE = 'usage: npm run archive [-- --dir <atlas folder>] [--report <file>] [--base https://web.archive.org]';
let values: { dir: string; report?: string; base: string; pause: string; polls: string };
try {
  ({ values } = parseArgs({
    options: {
      dir: { type: 'string', default: 'geodata' },
      report: { type: 'string' },
      base: { type: 'string', default: process.env.ARCHIVE_BASE ?? 'https://web.archive.org' },
      pause: { type: 'string', default: '5000' },
      polls: { type: 'string', default: '24' },
    },
  }) as { values: typeof values });
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
// The built-in atlas's report is part of the docs; another atlas's goes into its own folder.
const reportFile = values.report ?? (resolve(values.dir) === resolve('geodata') ? 'docs/link-rot.md' : join(values.dir, 'link-rot.md'));

/** The catalogue's file as the folder's manifest names it (`sources.json` by default). */
async function catalogueName(dir: string): Promise<string> {
  try {
    const named = (JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as { sources?: unknown }).sources;
    return typeof named === 'string' && named !== '' ? named : 'sources.json';
  } catch {
    return 'sources.json';
  }
}

const file = join(values.dir, await catalogueName(values.dir));
let catalog: SourceCatalog;
try {
  catalog = JSON.parse(await readFile(file, 'utf8')) as SourceCatalog;
} catch (err) {
  console.error(`${file}: could not be read (${(err as Error).message.split('\n')[0]}); check it with npm run validate -- ${values.dir}`);
  process.exit(1);
}
const { IA_ACCESS_KEY: key, IA_SECRET_KEY: secret } = process.env;
const { sources, outcomes } = await archiveCatalog(catalog.sources, {
  base: values.base.replace(/\/$/, ''),
  fetch: globalThis.fetch,
  authorization: key && secret ? `LOW ${key}:${secret}` : undefined,
  pauseMs: Number(values.pause),
  maxPolls: Number(values.polls),
  log: (line) => console.log(line),
});
const archived = outcomes.filter((o) => o.status === 'archived').length;
// Rewritten only when a snapshot was recorded: the file stays as its author formatted it otherwise.
if (archived > 0) await writeFile(file, `${JSON.stringify({ ...catalog, sources }, null, 2)}\n`);
await writeFile(reportFile, linkRotReport(sources, outcomes));
console.log(`${archived} archived now, ${outcomes.length - archived} failed; ${sources.filter((s) => !s.archiveUrl).length} of ${sources.length} still unarchived (report: ${reportFile})`);
// Sources were tried and none could be archived (offline, say): a job that runs this can tell.
if (outcomes.length > 0 && archived === 0) process.exit(1);
