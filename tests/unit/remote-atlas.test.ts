import { describe, expect, it } from 'vitest';
import { atlasOrigins, contentSecurityPolicy } from '../../csp.config';
import { atlasChoice, choiceKey, urlReader, withoutAtlas } from '../../src/lib/data/remote-atlas';
import { readUrl, writeUrl } from '../../src/lib/state/url';

const PAGE = 'https://map.example.org/app/?feature=x';

describe('the atlas= parameter', () => {
  it('means the built-in atlas when absent or empty', () => {
    expect(atlasChoice('', PAGE, [])).toEqual({ kind: 'built-in' });
    expect(atlasChoice('?atlas=&feature=a', PAGE, [])).toEqual({ kind: 'built-in' });
    expect(choiceKey({ kind: 'built-in' })).toBeNull();
  });

  it('resolves a relative manifest URL against the page, and takes the first of two', () => {
    const choice = atlasChoice('?atlas=atlases/flood/atlas.json&atlas=other.json', PAGE, []);
    expect(choice).toEqual({ kind: 'url', url: new URL('https://map.example.org/app/atlases/flood/atlas.json') });
    expect(choiceKey(choice)).toBe('https://map.example.org/app/atlases/flood/atlas.json');
    expect(atlasChoice(`?atlas=${encodeURIComponent('/data/atlas.json')}`, PAGE, [])).toMatchObject({ kind: 'url', url: new URL('https://map.example.org/data/atlas.json') });
  });

  it('opens another site only when the build allows it', () => {
    const other = `?atlas=${encodeURIComponent('https://news.example.com/atlas/atlas.json')}`;
    expect(atlasChoice(other, PAGE, [])).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/only load atlases from its own site/) });
    expect(atlasChoice(other, PAGE, ['https://news.example.com'])).toMatchObject({ kind: 'url' });
    expect(atlasChoice(other, PAGE, ['*'])).toMatchObject({ kind: 'url' });
    expect(atlasChoice(`?atlas=${encodeURIComponent('http://news.example.com/a.json')}`, PAGE, ['*'])).toMatchObject({ kind: 'refused' });
  });

  it('refuses what is not an http(s) address, with a reason', () => {
    for (const value of ['javascript:alert(1)', 'data:application/json,{}', 'file:///etc/passwd', 'blob:https://map.example.org/x', 'https://user:pw@map.example.org/atlas.json', 'http://[::1', 'x'.repeat(3000)]) {
      const choice = atlasChoice(`?atlas=${encodeURIComponent(value)}`, PAGE, ['*']);
      expect(choice.kind, value.slice(0, 40)).toBe('refused');
      if (choice.kind === 'refused') expect(choice.value.length).toBeLessThanOrEqual(80);
    }
  });

  it('is left out, and only it, of the link to the built-in atlas', () => {
    expect(withoutAtlas('?atlas=%2Fnope%2Fatlas.json&feature=kerman-explosion-1&q=blast&atlas=x.json')).toBe('?feature=kerman-explosion-1&q=blast');
    expect(withoutAtlas('?atlas=a.json')).toBe('?');
    expect(withoutAtlas('')).toBe('?');
  });

  it('stays in the shareable URL when the app writes its own parameters', () => {
    const search = '?atlas=atlases%2Fflood%2Fatlas.json&feature=a';
    const written = writeUrl(search, { ...readUrl(search), feature: 'b', query: 'rain' });
    expect(new URLSearchParams(written).get('atlas')).toBe('atlases/flood/atlas.json');
    expect(new URLSearchParams(written).get('feature')).toBe('b');
  });
});

describe('reading a hosted atlas', () => {
  it('fetches the manifest from its URL and every other file next to it, without cookies', async () => {
    const asked: { url: string; init?: RequestInit }[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: URL, init?: RequestInit) => {
      asked.push({ url: String(url), init });
      return new Response(url.href.endsWith('missing.json') ? 'no' : '{}', { status: url.href.endsWith('missing.json') ? 404 : 200 });
    }) as typeof fetch;
    try {
      const read = urlReader(new URL('https://map.example.org/atlases/flood/my-manifest.json'));
      await read('atlas.json');
      await read('rain.geojson');
      await expect(read('missing.json')).rejects.toThrow(/HTTP 404/);
    } finally {
      globalThis.fetch = original;
    }
    expect(asked.map((a) => a.url)).toEqual(['https://map.example.org/atlases/flood/my-manifest.json', 'https://map.example.org/atlases/flood/rain.geojson', 'https://map.example.org/atlases/flood/missing.json']);
    expect(asked[0].init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer' });
  });
});

describe('a hosted atlas that is not there', () => {
  it('says so when the site answers with a web page (its home page for any unknown address), not that the page is bad JSON', async () => {
    const original = globalThis.fetch;
    globalThis.fetch = (async () => new Response('<!doctype html><html></html>', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } })) as typeof fetch;
    try {
      await expect(urlReader(new URL('https://map.example.org/nope/atlas.json'))('atlas.json')).rejects.toThrow('https://map.example.org/nope/atlas.json answered with a web page, not a data file');
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('atlas origins in the Content-Security-Policy', () => {
  it('adds the origins named at build time to connect-src only', () => {
    const atlases = atlasOrigins('https://news.example.com/some/path https://data.example.net');
    expect(atlases).toEqual(['https://news.example.com', 'https://data.example.net']);
    const policy = contentSecurityPolicy(['https://tiles.example.org'], false, atlases);
    expect(policy).toMatch(/connect-src 'self' https:\/\/tiles\.example\.org https:\/\/news\.example\.com https:\/\/data\.example\.net;/);
    expect(policy).toMatch(/img-src 'self' data: blob: https:\/\/tiles\.example\.org;/);
    expect(atlasOrigins('')).toEqual([]);
  });
});
