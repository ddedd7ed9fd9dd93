import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs `npm run validate` on a directory, as a user would. */
function validate(dir: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/validate.ts', dir], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run validate', () => {
  it('exits 0 on the real geodata/', () => {
    const { code, out } = validate('geodata');
    expect(out).toMatch(/0 errors/);
    expect(code).toBe(0);
    for (const heading of ['claims resting on a single originator', 'cited sources without an archive URL', 'syndicated copies without an originator', 'features with a radius over 5 km']) {
      expect(out).toContain(heading);
    }
    expect(out).toMatch(/== kerman-explosions/);
  });

  it('exits 1 when a source names an originator the catalogue does not have', () => {
    const dir = mkdtempSync(join(tmpdir(), 'geodata-'));
    cpSync('geodata', dir, { recursive: true });
    const file = join(dir, 'sources.json');
    const catalog = JSON.parse(readFileSync(file, 'utf8'));
    catalog.sources[0].originator = 'no-such-agency';
    writeFileSync(file, JSON.stringify(catalog));
    const { code, out } = validate(dir);
    expect(code).toBe(1);
    expect(out).toContain(`error: sources.json › ${catalog.sources[0].id} › originator: names originator "no-such-agency"`);
  });

  it('exits 1 and names file, feature and field when a citation is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'geodata-'));
    cpSync('geodata', dir, { recursive: true });
    const file = join(dir, 'iran-strikes.geojson');
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    fc.features[0].properties.claims[0].sources = ['no-such-source'];
    writeFileSync(file, JSON.stringify(fc));
    const { code, out } = validate(dir);
    expect(code).toBe(1);
    expect(out).toContain(`error: iran-strikes.geojson › ${fc.features[0].id} › claims[0].sources: cites unknown source "no-such-source"`);
  });
}, 30_000);
