import type { ReadFile } from './load';

/** URLs of the files in `geodata/`, emitted by Vite as static assets the app fetches. */
const urls = import.meta.glob('/geodata/*.{json,geojson}', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

/** Fetches a `geodata/` file by name. */
export const fetchGeodata: ReadFile = async (name) => {
  const url = urls[`/geodata/${name}`];
  if (!url) throw new Error(`no such file in geodata/`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
};

/** The absolute URL of a `geodata/` file, for MapLibre's worker to fetch itself; undefined when there is no such file. */
export function geodataUrl(name: string): string | undefined {
  const url = urls[`/geodata/${name}`];
  return url === undefined ? undefined : new URL(url, location.href).href;
}
