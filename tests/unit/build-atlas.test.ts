import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs `npm run build:atlas -- <dir> --out <out>` as a user would. */
function buildAtlas(dir: string, out: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-atlas.ts', dir, '--out', out], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run build:atlas', () => {
  it('writes a static site that bundles the given atlas folder instead of geodata/', () => {
    const out = mkdtempSync(join(tmpdir(), 'atlas-site-'));
    const { code, out: log } = buildAtlas('tests/fixtures/atlas', out);
    expect(log).toMatch(/10 features built into/);
    expect(code).toBe(0);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<title>Kerman fixture atlas</title>');
    expect(html).toMatch(/<meta name="description" content="A small, frozen part of the Kerman atlas/);
    expect(html).toMatch(/http-equiv="Content-Security-Policy"/);
    const assets = readdirSync(join(out, 'assets'));
    const manifest = assets.find((name) => /^atlas-[A-Za-z0-9_-]{8}\.json$/.test(name));
    expect(manifest && readFileSync(join(out, 'assets', manifest), 'utf8')).toBe(readFileSync('tests/fixtures/atlas/atlas.json', 'utf8'));
    for (const layer of ['kerman-explosions', 'pakistan-strike']) expect(assets.some((name) => name.startsWith(`${layer}-`))).toBe(true);
    // The chunk the page takes the atlas from, checked at build time, is the fixture's too.
    const checked = assets.find((name) => /^_virtual_checked-atlas-[A-Za-z0-9_-]{8}\.js$/.test(name));
    const chunk = checked ? readFileSync(join(out, 'assets', checked), 'utf8') : '';
    expect(chunk).toContain('Kerman fixture atlas');
    expect(chunk).not.toContain('jaish-al-adl-attacks');
    // Layers of geodata/ that the fixture does not have are not in the site.
    expect(assets.some((name) => name.startsWith('launch-areas-') || name.startsWith('jaish-al-adl-attacks-'))).toBe(false);
  }, 180_000);

  it('refuses an output folder it would have to empty of the atlas or of anything but an earlier build, and deletes nothing', () => {
    const parent = mkdtempSync(join(tmpdir(), 'atlas-keep-'));
    const dir = join(parent, 'my-atlas');
    cpSync('tests/fixtures/atlas', dir, { recursive: true });
    writeFileSync(join(parent, 'notes.txt'), 'mine');
    const files = readdirSync(dir).sort();
    for (const out of [dir, parent]) {
      const r = buildAtlas(dir, out);
      expect(r.code).toBe(2);
      expect(r.out).toMatch(/not built there: the build empties that folder first, and .*my-atlas is in it/);
    }
    const other = mkdtempSync(join(tmpdir(), 'atlas-other-'));
    writeFileSync(join(other, 'keep.txt'), 'mine');
    expect(buildAtlas(dir, other).out).toMatch(/holds files that are not an earlier build \(keep\.txt\)/);
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(readFileSync(join(parent, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(other, 'keep.txt'), 'utf8')).toBe('mine');
  }, 60_000);

  it('answers a mistyped option with the usage line, not a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-atlas.ts', 'tests/fixtures/atlas', '--outt', 'x'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--outt'[\s\S]*usage: npm run build:atlas -- <atlas folder> \[--out <dir>\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('refuses to build a folder with errors, naming them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-broken-'));
    cpSync('tests/fixtures/atlas', dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'atlas.json'), 'utf8'));
    writeFileSync(join(dir, 'atlas.json'), JSON.stringify({ ...manifest, timeZone: 'Atlantis/Capital' }));
    const { code, out } = buildAtlas(dir, join(dir, 'site'));
    expect(out).toMatch(/error: atlas\.json › timeZone: must be an IANA time zone name/);
    expect(code).toBe(1);
  }, 60_000);
});
