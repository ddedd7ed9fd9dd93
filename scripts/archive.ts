/**
 * Asks the Internet Archive's Save Page Now to capture every source in the catalogue that has
 * no archived copy, records the snapshot URL, its time and the SHA-256 of the captured bytes,
 * and writes the link-rot report of what is still unarchived.
 *
 * Usage: npm run archive [-- --dir geodata] [--report docs/link-rot.md] [--base https://web.archive.org]
 * With an archive.org account, set IA_ACCESS_KEY and IA_SECRET_KEY (higher rate limits).
 * Offline, every attempt fails with a message and the report lists every unarchived source.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { archiveCatalog, linkRotReport } from './lib/archive';
import type { SourceCatalog } from '../src/lib/data/schema';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'geodata' },
    report: { type: 'string', default: 'docs/link-rot.md' },
    base: { type: 'string', default: process.env.ARCHIVE_BASE ?? 'https://web.archive.org' },
    pause: { type: 'string', default: '5000' },
    polls: { type: 'string', default: '24' },
  },
});

const file = join(values.dir, 'sources.json');
const catalog = JSON.parse(await readFile(file, 'utf8')) as SourceCatalog;
const { IA_ACCESS_KEY: key, IA_SECRET_KEY: secret } = process.env;
const { sources, outcomes } = await archiveCatalog(catalog.sources, {
  base: values.base.replace(/\/$/, ''),
  fetch: globalThis.fetch,
  authorization: key && secret ? `LOW ${key}:${secret}` : undefined,
  pauseMs: Number(values.pause),
  maxPolls: Number(values.polls),
  log: (line) => console.log(line),
});
await writeFile(file, `${JSON.stringify({ ...catalog, sources }, null, 2)}\n`);
const report = linkRotReport(sources, outcomes);
await writeFile(values.report, report);
const archived = outcomes.filter((o) => o.status === 'archived').length;
console.log(`${archived} archived now, ${outcomes.length - archived} failed; ${sources.filter((s) => !s.archiveUrl).length} of ${sources.length} still unarchived (report: ${values.report})`);
