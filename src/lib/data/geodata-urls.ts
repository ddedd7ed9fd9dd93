/**
 * URLs of the files of the atlas this build bundles (`geodata/`, or the folder named by
 * `ATLAS_DIR` when building; `@atlas-dir` is its alias in vite.config.ts), emitted by Vite
 * as static assets the app fetches, by file name.
 */
const urls = new Map(
  Object.entries(import.meta.glob('@atlas-dir/*.{json,geojson}', { query: '?url', import: 'default', eager: true }) as Record<string, string>).map(([path, url]) => [
    path.slice(path.lastIndexOf('/') + 1),
    url,
  ]),
);

/** The bundled atlas's files as absolute URLs by name, for the worker that loads it (a relative URL would resolve against the worker's own). */
export function geodataFiles(): Record<string, string> {
  return Object.fromEntries([...urls].map(([name, url]) => [name, new URL(url, location.href).href]));
}
