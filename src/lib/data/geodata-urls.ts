import type { ReadFile } from './load';

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

/** Fetches a file of the bundled atlas by name. */
export const fetchGeodata: ReadFile = async (name) => {
  const url = urls.get(name);
  if (!url) throw new Error(`no such file in the atlas this map was built with`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
};

