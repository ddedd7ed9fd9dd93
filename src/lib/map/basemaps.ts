import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { BASEMAP_ORIGINS, urlProblem } from './basemap-urls';
import { ONLINE_PREFIX } from './basemap';

/** The basemaps a user can pick. Only `offline` ships with the app; the others need the network. */
export type BasemapId = 'offline' | 'streets' | 'satellite' | 'custom';

export const STREETS_STYLE_URL = 'https://tiles.openfreemap.org/styles/liberty';
const ESRI_IMAGERY = 'https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}';
const ESRI_ATTRIBUTION = 'Imagery © Esri, Maxar, Earthstar Geographics, and the GIS User Community';

type Fetch = typeof fetch;

/** Fetches JSON, giving up after `timeoutMs` so a dead network falls back quickly. */
async function fetchJson(url: string, fetchImpl: Fetch, timeoutMs: number): Promise<unknown> {
  // Never send cookies or the page address to a basemap server.
  const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  try {
    return await res.json();
  } catch {
    throw new Error('not JSON, so not a MapLibre style');
  }
}

/** Renames every source and layer of a fetched style with the online prefix (and the layers' and terrain's references). */
export function prefixSources(style: StyleSpecification): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {};
  for (const [id, src] of Object.entries(style.sources)) sources[ONLINE_PREFIX + id] = src;
  const layers = style.layers.map((l) => ({
    ...l,
    id: ONLINE_PREFIX + l.id,
    ...('source' in l && typeof l.source === 'string' ? { source: ONLINE_PREFIX + l.source } : {}),
  })) as LayerSpecification[];
  const terrain = style.terrain && { ...style.terrain, source: ONLINE_PREFIX + style.terrain.source };
  return { ...style, sources, layers, ...(terrain ? { terrain } : {}) };
}

/** The offline style's borders and labels, to draw over imagery or someone's own tiles. */
function overlayOf(offline: StyleSpecification): Pick<StyleSpecification, 'sources' | 'layers'> {
  const keep = new Set(['borders', 'country-labels', 'place-dots', 'place-labels']);
  const layers = offline.layers.filter((l) => keep.has(l.id));
  const sources = Object.fromEntries(Object.entries(offline.sources).filter(([id]) => id !== 'land'));
  return { sources, layers };
}

export function withOverlay(base: StyleSpecification, offline: StyleSpecification): StyleSpecification {
  const overlay = overlayOf(offline);
  return { ...base, 'font-faces': offline['font-faces'], sources: { ...base.sources, ...overlay.sources }, layers: [...base.layers, ...overlay.layers] };
}

/** Esri World Imagery as raster tiles, with the offline borders and labels on top. */
export function satelliteStyle(offline: StyleSpecification): StyleSpecification {
  const base: StyleSpecification = {
    version: 8,
    sources: { [`${ONLINE_PREFIX}imagery`]: { type: 'raster', tiles: [ESRI_IMAGERY], tileSize: 256, maxzoom: 19, attribution: ESRI_ATTRIBUTION } },
    layers: [{ id: 'imagery', type: 'raster', source: `${ONLINE_PREFIX}imagery` }],
  };
  return withOverlay(base, offline);
}

/**
 * Builds the style for a basemap choice. Online choices may throw (no network, a URL or
 * style that is refused); the caller keeps the previous basemap and says why.
 */
export async function resolveBasemap(
  id: BasemapId,
  offline: StyleSpecification,
  customUrl = '',
  fetchImpl: Fetch = fetch,
  timeoutMs = 8000,
  allowed: readonly string[] = BASEMAP_ORIGINS,
): Promise<StyleSpecification> {
  switch (id) {
    case 'offline':
      return offline;
    case 'satellite':
      return satelliteStyle(offline);
    case 'streets':
      // The style validator and the PMTiles reader load only when an online basemap is chosen.
      return prefixSources((await import('./basemaps-online')).checkStyle(await fetchJson(STREETS_STYLE_URL, fetchImpl, timeoutMs), allowed));
    case 'custom': {
      const url = customUrl.trim();
      const problem = urlProblem(url, allowed);
      if (problem) throw new Error(problem);
      const online = await import('./basemaps-online');
      if (new URL(url).pathname.endsWith('.pmtiles')) return online.pmtilesStyle(url, offline);
      return prefixSources(online.checkStyle(await fetchJson(url, fetchImpl, timeoutMs), allowed));
    }
  }
}
