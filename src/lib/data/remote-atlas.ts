import type { ReadFile } from './load';
import { MANIFEST_FILE } from './manifest';

/** Longest `atlas=` value read from a link. */
export const MAX_ATLAS_URL = 2000;

/** Where the atlas comes from: the one built into the app, or a manifest at a URL. */
export type AtlasChoice = { kind: 'built-in' } | { kind: 'url'; url: URL } | { kind: 'refused'; value: string; reason: string };

/**
 * Reads the `atlas=` parameter of a query string. A manifest URL may be relative (to the
 * page) or absolute; it must be http(s) and on the page's own origin or on one the build
 * allows (`ATLAS_ORIGINS`, which also opens the Content-Security-Policy to it), so the
 * browser never blocks a request the app chose to make. Anything else is refused with the reason.
 */
export function atlasChoice(search: string, page: string, allowedOrigins: readonly string[]): AtlasChoice {
  const all = new URLSearchParams(search).getAll('atlas').filter((v) => v.trim() !== '');
  if (all.length === 0) return { kind: 'built-in' };
  const value = all[0].trim();
  const refuse = (reason: string): AtlasChoice => ({ kind: 'refused', value: value.slice(0, 80), reason });
  if (value.length > MAX_ATLAS_URL) return refuse(`the address is longer than ${MAX_ATLAS_URL} characters`);
  let url: URL;
  try {
    url = new URL(value, page);
  } catch {
    return refuse('it is not a web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('only http and https addresses can be opened');
  if (url.username || url.password) return refuse('addresses with a user name or password are not opened');
  const own = new URL(page).origin;
  const allowed = url.origin === own || allowedOrigins.includes(url.origin) || (allowedOrigins.includes('*') && url.protocol === 'https:');
  if (!allowed) return refuse(`this map may only load atlases from its own site${allowedOrigins.length > 0 ? ` and ${allowedOrigins.join(', ')}` : ''}`);
  return { kind: 'url', url };
}

/** A query string with every `atlas=` left out: the same link on the built-in atlas (its feature, filters, search and camera kept). */
export function withoutAtlas(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('atlas');
  return `?${params}`;
}

/** A key that is equal for two choices of the same atlas, so a link that keeps it does not load it again. */
export function choiceKey(choice: AtlasChoice): string | null {
  return choice.kind === 'url' ? choice.url.href : null;
}

/**
 * Reads the files of a hosted atlas: the manifest from its URL, every other file by name
 * next to it. No cookies and no referrer go with the requests.
 */
export function urlReader(manifest: URL): ReadFile {
  return async (name) => {
    const url = name === MANIFEST_FILE ? manifest : new URL(name, manifest);
    let res: Response;
    try {
      res = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'error' });
    } catch {
      throw new Error(`${url.href} could not be reached (the site is down, refuses other sites, or this map may not connect to it)`);
    }
    if (!res.ok) throw new Error(`${url.href} answered HTTP ${res.status}`);
    // A site that answers every unknown address with its home page (as many single-page sites do) says 200 for a missing file.
    if (/\bhtml\b/i.test(res.headers.get('content-type') ?? '')) throw new Error(`${url.href} answered with a web page, not a data file: the address may be mistyped, or the file missing there`);
    return res.text();
  };
}
