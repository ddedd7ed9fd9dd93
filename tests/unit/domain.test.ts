import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtlasLoader } from '../../src/lib/data/atlas-client';
import { readerOf } from '../../src/lib/data/atlas-source';
import { loadAtlas } from '../../src/lib/data/load';
import { AtlasDomain } from '../../src/lib/state/domain.svelte';
import { ViewState } from '../../src/lib/state/view.svelte';

const FIXTURE = 'tests/fixtures/atlas';
const original = globalThis.fetch;

/** Serves the fixture atlas at https://data.example.org/fixture/, a broken manifest beside it, and nothing else. */
beforeEach(() => {
  globalThis.fetch = (async (input: URL | string) => {
    const url = new URL(String(input));
    const name = url.pathname.split('/').pop()!;
    if (name === 'broken.json') return new Response('{"schemaVersion":', { status: 200 });
    try {
      return new Response(readFileSync(`${FIXTURE}/${name}`, 'utf8'), { status: 200 });
    } catch {
      return new Response('not here', { status: 404 });
    }
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = original;
});

/** The app loads atlases in a worker; here the same loading runs in place. */
const inPlace: AtlasLoader = (source) => loadAtlas(readerOf(source));

const at = (path: string) => ({ kind: 'url' as const, url: new URL(`https://data.example.org/fixture/${path}`) });

describe('the domain: the loaded atlas, apart from the view state', () => {
  it('opens an atlas from its manifest URL, with its title, id and relation types', async () => {
    const domain = new AtlasDomain(inPlace);
    expect(domain.status).toBe('loading');
    expect(await domain.open(at('atlas.json'))).toEqual({ ok: true });
    expect(domain.status).toBe('ready');
    expect(domain.key).toBe('https://data.example.org/fixture/atlas.json');
    expect(domain.atlas.features).toHaveLength(10);
    expect(domain.title).toBe('Kerman fixture atlas');
    expect(domain.slug).toBe('kerman-fixture');
    expect(Object.keys(domain.relationTypes)).toContain('launch');
    expect(domain.places).toMatchObject({ type: 'FeatureCollection' });
  });

  it('says how far an atlas being opened has got, and nothing once it is open', async () => {
    const shown: unknown[] = [];
    // The loader reports each phase, and notes what the domain says at that moment.
    const domain: AtlasDomain = new AtlasDomain((source, onProgress) =>
      loadAtlas(readerOf(source), (phase, done, total) => {
        onProgress?.(phase, done, total);
        shown.push(domain.progress);
      }),
    );
    expect(await domain.open(at('atlas.json'))).toEqual({ ok: true });
    const total = domain.manifest!.layers.length;
    expect(shown[0]).toEqual({ phase: 'reading', done: 0, total });
    expect(shown).toContainEqual({ phase: 'reading', done: total, total });
    expect(shown).toContainEqual({ phase: 'checking', done: total - 1, total });
    expect(domain.progress).toBeNull();
  });

  it('stops loading an atlas nobody waits for once a newer one is asked for', async () => {
    const signals: AbortSignal[] = [];
    const domain = new AtlasDomain((source, onProgress, signal) => {
      signals.push(signal!);
      return loadAtlas(readerOf(source), onProgress);
    });
    const first = domain.open(at('broken.json'));
    const second = domain.open(at('atlas.json'));
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    expect(await first).toEqual({ ok: 'stale' });
    expect(await second).toEqual({ ok: true });
    expect(domain.key).toBe('https://data.example.org/fixture/atlas.json');
  });

  it('keeps the atlas it has when another cannot be opened, and says why', async () => {
    const domain = new AtlasDomain(inPlace);
    await domain.open(at('atlas.json'));
    const outcome = await domain.open(at('broken.json'));
    // Named as the link names the file, not as the worker reads it ("atlas.json").
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/^broken\.json: is not valid JSON/) });
    expect(domain.atlas.features).toHaveLength(10);
    expect(domain.key).toBe('https://data.example.org/fixture/atlas.json');
  });

  it('is empty, failed and says why when the first atlas cannot be opened', async () => {
    const domain = new AtlasDomain(inPlace);
    const outcome = await domain.open(at('missing.json'));
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/^missing\.json: could not be read: .*HTTP 404/) });
    expect(domain.status).toBe('failed');
    expect(domain.atlas.features).toEqual([]);
    expect(domain.problems).toContainEqual(expect.objectContaining({ file: 'atlas.json', severity: 'error' }));
  });

  it('drops an answer that arrives after a newer request', async () => {
    const domain = new AtlasDomain(inPlace);
    const first = domain.open(at('broken.json'));
    const second = domain.open(at('atlas.json'));
    expect(await first).toEqual({ ok: 'stale' });
    expect(await second).toEqual({ ok: true });
  });

  it('holds no view state, and the view state no data', () => {
    const view = new ViewState();
    const domain = new AtlasDomain(inPlace);
    for (const key of ['selection', 'filters', 'storyIndex', 'view', 'notice']) expect(key in domain, key).toBe(false);
    expect('atlas' in domain).toBe(true);
    expect(view.selection).toBeNull();
    expect(view.filters.window).toBeNull();
    expect('atlas' in view).toBe(false);
  });
});
