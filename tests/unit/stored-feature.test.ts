import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exportParts, exportPartsInSteps, PRETTY_LIMIT } from '../../src/lib/data/export';
import { MAX_SLICES } from '../../src/lib/data/piece-blobs';
import { anchor, isShape } from '../../src/lib/data/geometry';
import { loadAtlas } from '../../src/lib/data/load';
import { mergeAtlas } from '../../src/lib/data/merge';
import { titlesOf, writtenPiece } from '../../src/lib/data/send-pieces';
import { attachWritten, fromWire, holdParsingWhile, HYDRATE_LIMIT, hydrateInBackground, later, PARSE_LATEST_MS, sendingTexts, StoredFeature, textsSent, toWire, transferOf, WRITE_LATEST_MS } from '../../src/lib/data/stored-feature';
import type { Atlas, EventFeature } from '../../src/lib/data/schema';
import { buildIndex, indexColumns } from '../../src/lib/state/feature-index';
import { layerOf, prepareAll } from '../../src/lib/state/prepared';
import { syntheticAtlas } from '../../scripts/lib/synthetic';

const atlas = syntheticAtlas({ events: 40, layers: 3 });
/** The JSON form of features: what a StoredFeature and a plain one must agree on. */
const json = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('features whose properties travel as text', () => {
  it('read as the features the worker sent, after a structured clone', () => {
    const page = fromWire(structuredClone(toWire(atlas.features)));
    expect(page.map((f) => f.id)).toEqual(atlas.features.map((f) => f.id));
    expect(page.map((f) => f.geometry)).toEqual(atlas.features.map((f) => f.geometry));
    expect(page.map((f) => f.properties)).toEqual(atlas.features.map((f) => f.properties));
    expect(json(page)).toEqual(json(atlas.features));
  });

  it('read back any text, Persian, emoji or long, after a structured clone: each feature its own', () => {
    const texts = ['انفجار در کرمان', 'Kerman 🕯️ vigil', '—'.repeat(5000), 'plain'];
    const features = atlas.features.slice(0, texts.length).map((f, i) => ({ ...f, properties: { ...f.properties, title: texts[i] } }));
    const wire = structuredClone(toWire(features));
    // One text for the piece, not one per feature.
    expect(typeof wire.text).toBe('string');
    expect(fromWire(wire).map((f) => f.properties)).toEqual(features.map((f) => f.properties));
  });

  it('carry two-number points as numbers and every other geometry whole, in order, and give each back as it was', () => {
    const geometries: EventFeature['geometry'][] = [
      { type: 'Point', coordinates: [57.08, 30.28] },
      { type: 'LineString', coordinates: [[57, 30], [58, 31]] },
      { type: 'Point', coordinates: [44.01, 36.19, 420] },
      { type: 'Point', coordinates: [-0.5, -89.9] },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
    ];
    const features = geometries.map((geometry, i) => ({ ...atlas.features[i], geometry }));
    const wire = structuredClone(toWire(features));
    expect(wire.shapes).toEqual([geometries[1], geometries[2], geometries[4]]);
    const page = fromWire(wire);
    expect(page.map((f) => f.geometry)).toEqual(geometries);
    // A point made from its numbers is made once, and anchors and shape tests read the numbers.
    expect(page[0].geometry).toBe(page[0].geometry);
    expect(page.map((f) => anchor(f))).toEqual(geometries.map((g) => anchor({ geometry: g })));
    expect(page.map((f) => isShape(f))).toEqual([false, true, false, false, true]);
    expect(json(page)).toEqual(json(features));
  });

  it('read a point from its numbers only for a stored feature: a GeoJSON feature’s own "lon" and "lat" members are not its position', () => {
    const plain = { ...atlas.features[0], lon: 1, lat: 2, geometry: { type: 'Point' as const, coordinates: [57.08, 30.28] } };
    expect(anchor(plain)).toEqual([57.08, 30.28]);
    expect(isShape({ ...plain, geometry: { type: 'LineString', coordinates: [[57, 30], [58, 31]] } })).toBe(true);
    expect(buildIndex([plain], atlas.sources).x[0]).toBeCloseTo((57.08 + 180) / 360, 6);
  });

  it('parse their properties once, on first read', () => {
    const [f] = fromWire(toWire(atlas.features.slice(0, 1)));
    expect(f.properties).toBe(f.properties);
    expect(f.type).toBe('Feature');
  });

  it('are indexed and merged from the prepared columns alone, without reading a property', () => {
    // Properties that do not parse: reading any of them would throw.
    const broken = atlas.features.map((f) => new StoredFeature(f.id, f.geometry, '{not json'));
    const prepared = prepareAll(atlas.features, atlas.sources);
    const layerIds = atlas.layers.map((l) => l.id);
    const index = indexColumns(broken, prepared, layerIds);
    const whole = buildIndex(atlas.features, atlas.sources, layerIds);
    expect({ ...index, row: [...index.row] }).toEqual({ ...whole, row: [...whole.row] });
    const empty = { ...atlas, features: [], layers: [] };
    const { atlas: merged, added } = mergeAtlas(empty, { ...atlas, features: broken }, new Set(), (i) => layerOf(prepared, i));
    expect(added).toBe(broken.length);
    expect(merged.layers.map((l) => l.id)).toEqual(layerIds);
    expect(() => broken[0].properties).toThrow(SyntaxError);
  });
});

/** Features that count how often their properties are read. */
function counted(n: number): { features: EventFeature[]; reads: Uint8Array } {
  const reads = new Uint8Array(n);
  const [model] = atlas.features;
  const features = Array.from({ length: n }, (_, i) => ({ ...model, id: `f-${i}`, get properties() { reads[i]++; return model.properties; } }));
  return { features, reads };
}
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('parsing stored features in the background', () => {
  it('reads every feature once, in tasks that give way to the page', async () => {
    const { features, reads } = counted(20_000);
    hydrateInBackground(features, () => true);
    // Nothing is read before the page has had its turn.
    expect(reads.every((r) => r === 0)).toBe(true);
    while (reads[reads.length - 1] === 0) await settle();
    expect(reads.every((r) => r === 1)).toBe(true);
  });

  it('waits while a load’s workers send their export texts, counted after the features were handed over', async () => {
    const { features, reads } = counted(2000);
    hydrateInBackground(features, () => true);
    const sent = sendingTexts();
    await settle();
    expect(reads.every((r) => r === 0)).toBe(true);
    sent();
    while (reads[reads.length - 1] === 0) await settle();
    expect(reads.every((r) => r === 1)).toBe(true);
  });

  it('starts PARSE_LATEST_MS after the features came while the workers are still sending', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const sent = sendingTexts();
    try {
      const { features, reads } = counted(2000);
      hydrateInBackground(features, () => true);
      await vi.advanceTimersByTimeAsync(PARSE_LATEST_MS - 100);
      expect(reads.every((r) => r === 0)).toBe(true);
      await vi.advanceTimersByTimeAsync(200);
      for (let i = 0; i < 100 && reads[reads.length - 1] === 0; i++) await vi.advanceTimersByTimeAsync(10);
      expect(reads.every((r) => r === 1)).toBe(true);
    } finally {
      sent();
      vi.useRealTimers();
    }
  });

  it('leaves no timer behind when the workers finish sending first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { features, reads } = counted(2000);
      hydrateInBackground(features, () => true);
      for (let i = 0; i < 100 && reads[reads.length - 1] === 0; i++) await vi.advanceTimersByTimeAsync(10);
      expect(reads.every((r) => r === 1)).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds while a load runs, part-way through as well, and goes on once it has ended or failed', async () => {
    for (const outcome of ['ends', 'fails'] as const) {
      // Features slow to read (about 5 µs each), so that parsing them takes several slices.
      const reads = new Uint8Array(20_000);
      const [model] = atlas.features;
      const features = Array.from(reads, (_, i) => ({ ...model, id: `f-${i}`, get properties() { const until = performance.now() + 0.005; while (performance.now() < until); reads[i]++; return model.properties; } }));
      let settleLoad = () => {};
      const load = new Promise<void>((resolve, reject) => (settleLoad = outcome === 'ends' ? resolve : () => reject(new Error('unreachable'))));
      load.catch(() => {});
      hydrateInBackground(features, () => true);
      // Started, then a load begins: what is left waits for it.
      while (reads[0] === 0) await new Promise((r) => setImmediate(r));
      holdParsingWhile(load);
      await settle();
      const before = reads.reduce((n, r) => n + r, 0);
      expect(before).toBeLessThan(features.length);
      await new Promise((r) => setTimeout(r, 600));
      expect(reads.reduce((n, r) => n + r, 0)).toBe(before);
      settleLoad();
      while (reads[reads.length - 1] === 0) await settle();
      expect(reads.every((r) => r === 1)).toBe(true);
    }
  });

  it('stops when the feature list has been replaced', async () => {
    const { features, reads } = counted(2000);
    hydrateInBackground(features, () => false);
    await settle();
    expect(reads.every((r) => r === 0)).toBe(true);
  });

  it('leaves a list longer than HYDRATE_LIMIT as text', async () => {
    const { features, reads } = counted(HYDRATE_LIMIT + 1);
    hydrateInBackground(features, () => true);
    await settle();
    expect(reads.every((r) => r === 0)).toBe(true);
  });
});

describe('a GeoJSON export of features that came from a worker', () => {
  /**
   * The atlas with its features as the page holds them after a worker sent them, and then
   * their export texts, in pieces of `piece`; with `titles`, the pieces' Blobs too.
   */
  const onPage = async (a: Atlas, titles?: Map<string, string>, piece = 1000): Promise<Atlas> => {
    const features = fromWire(structuredClone(toWire(a.features)));
    for (let i = 0; i < features.length; i += piece) {
      const written = await writtenPiece(a.features.slice(i, i + piece), a.sources, titles);
      attachWritten(features.slice(i, i + piece), structuredClone(written));
    }
    return { ...a, features };
  };
  /** How many slices of Blobs `run` makes. */
  const slicesIn = async (run: () => Promise<unknown>) => {
    const slice = vi.spyOn(Blob.prototype, 'slice');
    try {
      await run();
      return slice.mock.calls.length;
    } finally {
      slice.mockRestore();
    }
  };
  const text = async (parts: BlobPart[]) => new Blob(parts).text();

  it('is the export of the same features as plain objects, byte for byte: the built-in atlas', async () => {
    const { atlas } = await loadAtlas((name) => readFile(join('geodata', name), 'utf8'));
    const stored = await onPage(atlas);
    // Written whole (indented, as a small export is) and as text, feature by feature.
    expect(exportParts(stored)).toEqual(exportParts(atlas));
    const many = { ...atlas, features: Array.from({ length: PRETTY_LIMIT + 1 }, (_, i) => atlas.features[i % atlas.features.length]) };
    expect(await text(await exportPartsInSteps(await onPage(many)))).toBe(await text(await exportPartsInSteps(many)));
    // Before their export texts have come, from their properties.
    const early = { ...many, features: fromWire(toWire(many.features)) };
    expect(await text(await exportPartsInSteps(early))).toBe(await text(await exportPartsInSteps(many)));
    // The same once their properties have been read (as the background parse does).
    const read = await onPage(many);
    for (const f of read.features) void f.properties;
    expect(await text(await exportPartsInSteps(read))).toBe(await text(await exportPartsInSteps(many)));
    // And as slices of the Blobs the workers made: one slice for the pieces' features, which follow one another in one Blob.
    const blobs = await onPage(many, titlesOf(many.layers), many.features.length);
    let sliced = '';
    expect(await slicesIn(async () => (sliced = await text(await exportPartsInSteps(blobs))))).toBe(1);
    expect(sliced).toBe(await text(await exportPartsInSteps(many)));
  });

  it('is made of the workers’ Blobs, whole where every feature of a piece goes, a few slices for a subset with gaps, and gathered from them for one scattered over them', async () => {
    const synthetic = syntheticAtlas({ events: 3000, layers: 3 });
    const stored = (await onPage(synthetic, titlesOf(synthetic.layers))).features;
    const plain = async (features: EventFeature[]) => text(await exportPartsInSteps(synthetic, features));
    // All of them: the first piece's Blob sliced to leave out its leading comma, the other two whole.
    const all = await slicesIn(async () => expect(await text(await exportPartsInSteps({ ...synthetic, features: stored }))).toBe(await plain(synthetic.features)));
    expect(all).toBe(1);
    // Every 500th left out: a slice on each side of each gap.
    const gaps = (features: EventFeature[]) => features.filter((_, i) => i % 500 !== 250);
    const gapped = await slicesIn(async () => expect(await text(await exportPartsInSteps(synthetic, gaps(stored)))).toBe(await plain(gaps(synthetic.features))));
    expect(gapped).toBe(9);
    // Every other one: more runs than MAX_SLICES, so their bytes are gathered from the three pieces, read through once from the first feature's bytes on.
    const odd = (features: EventFeature[]) => features.filter((_, i) => i % 2 === 1);
    expect(MAX_SLICES).toBeLessThan(1500);
    const scattered = await slicesIn(async () => expect(await text(await exportPartsInSteps(synthetic, odd(stored)))).toBe(await plain(odd(synthetic.features))));
    expect(scattered).toBe(1);
    // The same in reverse (no export asks for that, but nothing stops it): the same bytes.
    expect(await text(await exportPartsInSteps(synthetic, odd(stored).reverse()))).toBe(await plain(odd(synthetic.features).reverse()));
  });

  it('asked while the workers are still writing: their Blobs for the pieces they have sent, only the others written here', async () => {
    const synthetic = syntheticAtlas({ events: 6000, layers: 3 });
    const features = fromWire(structuredClone(toWire(synthetic.features)));
    // Two pieces of six sent; the other four's bytes have not come yet.
    for (let i = 0; i < 2000; i += 1000) {
      const written = await writtenPiece(synthetic.features.slice(i, i + 1000), synthetic.sources, titlesOf(synthetic.layers));
      attachWritten(features.slice(i, i + 1000), structuredClone(written));
    }
    const read = vi.spyOn(StoredFeature.prototype, 'properties', 'get');
    try {
      expect(await text(await exportPartsInSteps({ ...synthetic, features }))).toBe(await text(await exportPartsInSteps(synthetic)));
      // The features whose properties were read to write them: the four pieces with no bytes.
      const written = new Set(read.mock.contexts);
      expect(written.size).toBe(4000);
      expect(features.slice(0, 2000).some((f) => written.has(f as StoredFeature))).toBe(false);
    } finally {
      read.mockRestore();
    }
  });

  it('takes the layer titles, catalogue and zones of the atlas it writes, for any subset', async () => {
    const synthetic = syntheticAtlas({ events: 3000, layers: 3 });
    // A layer joined an atlas that had it under another title; a source the atlas lacks is left out of the catalogue.
    const retitled = { ...synthetic, layers: synthetic.layers.map((l, i) => (i === 1 ? { ...l, title: 'Renamed "layer" ‹2›' } : l)) };
    const stored = (await onPage(synthetic, titlesOf(synthetic.layers))).features;
    const subset = (features: EventFeature[]) => features.filter((_, i) => i % 7 !== 3).reverse();
    // The retitled layer's features written here, the others sliced from the workers' Blobs.
    expect(await text(await exportPartsInSteps({ ...retitled, features: stored }))).toBe(await text(await exportPartsInSteps(retitled)));
    expect(await text(await exportPartsInSteps({ ...retitled, features: stored }, subset(stored), 'Subset'))).toBe(
      await text(await exportPartsInSteps(retitled, subset(synthetic.features), 'Subset')),
    );
    const fewerSources = new Map([...synthetic.sources].slice(0, 20));
    expect(exportParts({ ...retitled, sources: fewerSources, features: stored })).toEqual(exportParts({ ...retitled, sources: fewerSources }));
  });
});

describe('what a worker hands over', () => {
  it('transfers a piece’s points buffer and copies everything else', () => {
    const wire = toWire(atlas.features.slice(0, 3));
    expect(transferOf({ type: 'features', features: wire })).toEqual([wire.points.buffer]);
    expect(transferOf({ type: 'progress' })).toEqual([]);
    expect(transferOf({ type: 'written', features: wire })).toEqual([]);
  });
});

describe('later', () => {
  /**
   * Runs `test` with fake timers and a browser scheduler whose background tasks wait until
   * `run` is called (a page too busy to give them time never calls it).
   */
  function withStarvingScheduler(test: (run: () => void) => void): void {
    const waiting: (() => void)[] = [];
    vi.useFakeTimers();
    vi.stubGlobal('scheduler', { postTask: (task: () => void) => (waiting.push(task), Promise.resolve()) });
    try {
      test(() => waiting.splice(0).forEach((task) => task()));
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  }

  it('runs a task with a latest time once, when that time comes, on a page that never gives background tasks a turn', () =>
    withStarvingScheduler((run) => {
      let runs = 0;
      later(() => runs++, WRITE_LATEST_MS);
      vi.advanceTimersByTime(WRITE_LATEST_MS - 1);
      expect(runs).toBe(0);
      vi.advanceTimersByTime(1);
      expect(runs).toBe(1);
      // The background task, given its turn at last, does not run it again.
      run();
      expect(runs).toBe(1);
    }));

  it('runs it once, in the background task, when the page is idle first', () =>
    withStarvingScheduler((run) => {
      let runs = 0;
      later(() => runs++, WRITE_LATEST_MS);
      run();
      expect(runs).toBe(1);
      vi.advanceTimersByTime(WRITE_LATEST_MS);
      expect(runs).toBe(1);
    }));
});

describe('work held back while workers send export texts', () => {
  it('waits for every load counted, each ended once however often it is told', async () => {
    const settled = async (p: Promise<void>) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20))]);
    expect(await settled(textsSent())).toBe(true);
    const first = sendingTexts();
    const second = sendingTexts();
    const waiting = textsSent();
    first();
    first();
    expect(await settled(waiting)).toBe(false);
    second();
    expect(await settled(waiting)).toBe(true);
    expect(await settled(textsSent())).toBe(true);
  });
});
