/**
 * The Content-Security-Policy of the built app, and the basemap origins it allows. Shared by
 * vite.config.ts (which writes the policy into the built index.html and sends it from
 * `vite preview`) and the browser tests.
 */

/** The online basemaps the app offers: OpenFreeMap (style, tiles, sprite, glyphs) and Esri imagery. */
export const BUILT_IN_BASEMAP_ORIGINS = ['https://tiles.openfreemap.org', 'https://server.arcgisonline.com'];

/**
 * Basemap origins this build may connect to: the built-in ones plus those named, separated
 * by spaces, in `BASEMAP_ORIGINS` when building (`*` allows any https site, for a copy run
 * by one investigator rather than published).
 */
export function basemapOrigins(extra = process.env.BASEMAP_ORIGINS ?? ''): string[] {
  const named = extra.split(/[\s,]+/).filter(Boolean).map((o) => (o === '*' ? o : new URL(o).origin));
  return [...new Set([...BUILT_IN_BASEMAP_ORIGINS, ...named])];
}

/**
 * Sites other than the app's own that `?atlas=` may load an atlas from: the origins named,
 * separated by spaces, in `ATLAS_ORIGINS` when building (`*` allows any https site). They
 * join `connect-src`; the app refuses any other site with a message before fetching.
 */
export function atlasOrigins(named = process.env.ATLAS_ORIGINS ?? ''): string[] {
  return [...new Set(named.split(/[\s,]+/).filter(Boolean).map((o) => (o === '*' ? o : new URL(o).origin)))];
}

/**
 * The policy: scripts, styles and fonts only from the app's own files (no inline script, no
 * eval); connections and images only to the app itself and the allowed basemaps; MapLibre's
 * workers from the app's own files or blob: URLs; no plugins, no forms, no <base>.
 * `frameAncestors` only works in an HTTP header, not in a <meta> tag.
 */
export function contentSecurityPolicy(origins: readonly string[], frameAncestors = false, atlases: readonly string[] = []): string {
  const remote = origins.map((o) => (o === '*' ? 'https:' : o)).join(' ');
  const connect = [...new Set([...origins, ...atlases])].map((o) => (o === '*' ? 'https:' : o)).join(' ');
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    `img-src 'self' data: blob: ${remote}`,
    `connect-src 'self' ${connect}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(frameAncestors ? ["frame-ancestors 'none'"] : []),
  ];
  return directives.join('; ');
}

/**
 * The policy for MapLibre's worker, whose script response carries its own policy: scripts
 * only from the app's own files, connections and images as for the page.
 */
export function workerSecurityPolicy(origins: readonly string[]): string {
  const remote = origins.map((o) => (o === '*' ? 'https:' : o)).join(' ');
  return ["default-src 'none'", "script-src 'self'", `connect-src 'self' ${remote}`, `img-src 'self' data: blob: ${remote}`].join('; ');
}
