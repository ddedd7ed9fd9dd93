/**
 * Origins the app may load basemaps from: the built-in online basemaps plus whatever the
 * build added with `BASEMAP_ORIGINS` (see vite.config.ts). The built app's
 * Content-Security-Policy lists exactly these, so the check here only turns what the
 * browser would block anyway into a message a user can act on. `*` allows any https origin.
 */
export const BASEMAP_ORIGINS: readonly string[] = __BASEMAP_ORIGINS__;

/** Cuts a URL for a message. */
export const short = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** Why a basemap URL may not be loaded, or undefined when it may: http(s) only, from an allowed origin. */
export function urlProblem(url: string, allowed: readonly string[] = BASEMAP_ORIGINS): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `“${short(url)}” is not a full URL`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `“${short(url)}” is not an http(s) URL`;
  if (allowed.includes(u.origin) || (allowed.includes('*') && u.protocol === 'https:')) return undefined;
  return `${u.origin} is not one of the basemap sites this map may connect to (${allowed.filter((o) => o !== '*').join(', ')})`;
}

