import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import { checkedAtlasModule } from '../../scripts/lib/checked-atlas';
import { checkedAtlas } from '../../scripts/lib/checked-atlas-plugin';
import { loadAtlas, type LoadResult } from '../../src/lib/data/load';
import { boundsOf } from '../../src/lib/map/frame';

const DIR = 'tests/fixtures/atlas';
const fromDisk = (name: string) => readFile(join(DIR, name), 'utf8');

/** Runs a `virtual:checked-atlas` module's code as the page would import it, and returns its default export. */
function evaluate(code: string): () => LoadResult {
  const body = code.replace(/^export default /, 'return ');
  return new Function(body)() as () => LoadResult;
}

describe('the checked atlas module', () => {
  it('gives the load result of the folder, Maps and undefined members kept', async () => {
    const { code } = await checkedAtlasModule(DIR);
    const expected = await loadAtlas(fromDisk);
    const result = evaluate(code)();
    expect(result).toStrictEqual(expected);
    expect(result.atlas.sources).toBeInstanceOf(Map);
    expect(result.atlas.sources.size).toBeGreaterThan(0);
    expect(result.atlas.features.length).toBe(10);
  });

  it('gives objects of its own at each call, so an atlas opened again starts as loaded', async () => {
    const checked = evaluate((await checkedAtlasModule(DIR)).code);
    const first = checked();
    const second = checked();
    expect(second).toStrictEqual(first);
    expect(second.atlas.features[0]).not.toBe(first.atlas.features[0]);
    expect(second.atlas.sources).not.toBe(first.atlas.sources);
  });

  it('keeps the problems found, and names every file it read (for the dev server to watch)', async () => {
    const broken = (name: string) => (name === 'pakistan-strike.geojson' ? Promise.resolve('{"type":"FeatureCollection","features":[') : fromDisk(name));
    const { code, files } = await checkedAtlasModule(DIR, broken);
    const result = evaluate(code)();
    expect(result.problems).toContainEqual(expect.objectContaining({ file: 'pakistan-strike.geojson', severity: 'error', message: expect.stringMatching(/not valid JSON/) }));
    expect(result.atlas.layers.map((l) => l.id)).not.toContain('pakistan-strike');
    expect(files).toContain(join(DIR, 'atlas.json'));
    expect(files).toContain(join(DIR, 'pakistan-strike.geojson'));
  });

  it("gives the bounds the map frames the atlas in, or null for an atlas with no features", async () => {
    const { frame } = await checkedAtlasModule(DIR);
    const { atlas } = await loadAtlas(fromDisk);
    const bounds = new Function(frame.replace(/^export default /, 'return '))();
    expect(bounds).toEqual(boundsOf(atlas.features, false));
    // The fixture spans Kerman to Erbil and Idlib: west of 40°E, east of 57°E.
    expect(bounds[0]).toBeLessThan(40);
    expect(bounds[2]).toBeGreaterThan(57);
    const empty = await checkedAtlasModule(DIR, (name) => (name.endsWith('.geojson') ? Promise.resolve('{"type":"FeatureCollection","features":[]}') : fromDisk(name)));
    expect(new Function(empty.frame.replace(/^export default /, 'return '))()).toBeNull();
  });

  it('writes a hostile string as data, never as code', async () => {
    const hostile = '</script><script>globalThis.__pwned = 1</script>${globalThis.__pwned = 2}`);globalThis.__pwned = 3;//';
    const withHostileTitle = async (name: string) => {
      const text = await fromDisk(name);
      if (name !== 'pakistan-strike.geojson') return text;
      const fc = JSON.parse(text);
      fc.features[0].properties.title = hostile;
      return JSON.stringify(fc);
    };
    const result = evaluate((await checkedAtlasModule(DIR, withHostileTitle)).code)();
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
    expect(result.atlas.features.some((f) => f.properties.title === hostile)).toBe(true);
  });

  it('is checked again by the dev server when a file of the folder changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-dev-'));
    cpSync(DIR, dir, { recursive: true });
    const server = await createServer({ configFile: false, root: dir, logLevel: 'silent', plugins: [checkedAtlas(dir)], server: { port: 0, host: '127.0.0.1' } });
    await server.listen();
    try {
      const url = `${server.resolvedUrls!.local[0]}@id/__x00__virtual:checked-atlas`;
      const served = async () => (await fetch(url)).text();
      expect(await served()).toContain('"Kerman fixture atlas"');
      const manifest = JSON.parse(readFileSync(join(dir, 'atlas.json'), 'utf8'));
      writeFileSync(join(dir, 'atlas.json'), JSON.stringify({ ...manifest, title: { en: 'Edited while served' } }));
      // The watcher hears the change on its own time: ask until the module says so (the test's timeout bounds it).
      let text = await served();
      while (!text.includes('"Edited while served"')) {
        await new Promise((r) => setTimeout(r, 50));
        text = await served();
      }
      expect(text).not.toContain('"Kerman fixture atlas"');
    } finally {
      await server.close();
    }
  }, 30_000);
});
