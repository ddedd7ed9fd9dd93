import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs `npm run archive -- …` as a user would, against an archive on this machine that refuses every connection. */
function archive(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/archive.ts', '--base', 'http://127.0.0.1:9', '--pause', '1', '--polls', '1', ...args], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run archive on an atlas of your own', () => {
  it('reads the catalogue its manifest names, writes the report into that folder, leaves the catalogue as written when nothing was archived, and fails when nothing could be', () => {
    const dir = mkdtempSync(join(tmpdir(), 'archive-atlas-'));
    writeFileSync(join(dir, 'atlas.json'), JSON.stringify({ schemaVersion: 1, id: 'mine', sources: 'catalogue.json', layers: [] }));
    const catalogue = '{"originators": [], "sources": [{"id":"x","publisher":"P","title":"T","url":"https://example.org/x","language":"en","type":"newspaper"}]}\n';
    writeFileSync(join(dir, 'catalogue.json'), catalogue);
    const docsReport = statSync('docs/link-rot.md').mtimeMs;
    const r = archive('--dir', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/0 archived now, 1 failed; 1 of 1 still unarchived \(report: .*link-rot\.md\)/);
    expect(readFileSync(join(dir, 'link-rot.md'), 'utf8')).toContain('https://example.org/x');
    expect(readFileSync(join(dir, 'catalogue.json'), 'utf8')).toBe(catalogue);
    // The built-in atlas's report, in docs/, is not written for another folder.
    expect(statSync('docs/link-rot.md').mtimeMs).toBe(docsReport);
  }, 60_000);

  it('says which file it could not read, and a mistyped option gets the usage line', () => {
    const missing = archive('--dir', join(tmpdir(), 'no-such-atlas-folder'));
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/no-such-atlas-folder\/sources\.json: could not be read/);
    expect(missing.out).not.toMatch(/\n\s+at /);
    const typo = archive('--dirr', 'x');
    expect(typo.code).toBe(2);
    expect(typo.out).toMatch(/usage: npm run archive/);
  }, 60_000);
});
