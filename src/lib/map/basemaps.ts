import { addProtocol, type LayerSpecification, type SourceSpecification, type StyleSpecification } from 'maplibre-gl';
import { PMTiles, Protocol, TileType } from 'pmtiles';
import { BASEMAP_ORIGINS, checkStyle, urlProblem } from './style-check';

/** The basemaps a user can pick. Only `offline` ships with the app; the others need the network. */
export type BasemapId = 'offline' | 'streets' | 'satellite' | 'custom';

export const STREETS_STYLE_URL = 'https://tiles.openfreemap.org/styles/liberty';
const ESRI_IMAGERY = 'https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}';
const ESRI_ATTRIBUTION = 'Imagery © Esri, Maxar, Earthstar Geographics, and the GIS User Community';

/**
 * Online sources and layers get this prefix, so the map can tell a failing online tile from
 * anything else, and so no id in a stranger's style can collide with the app's own (those
 * never hold a colon).
 */
export const ONLINE_PREFIX = 'online:';

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

function withOverlay(base: StyleSpecification, offline: StyleSpecification): StyleSpecification {
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

let pmtilesProtocol: Protocol | undefined;

/** A style for a PMTiles archive: raster tiles as they are, vector tiles with plain generic layers. */
async function pmtilesStyle(url: string, offline: StyleSpecification): Promise<StyleSpecification> {
  if (!pmtilesProtocol) {
    pmtilesProtocol = new Protocol();
    addProtocol('pmtiles', pmtilesProtocol.tile);
  }
  const archive = new PMTiles(url);
  pmtilesProtocol.add(archive);
  const header = await archive.getHeader();
  const id = `${ONLINE_PREFIX}pmtiles`;
  const tiles = `pmtiles://${url}`;
  if (header.tileType !== TileType.Mvt) {
    return withOverlay({ version: 8, sources: { [id]: { type: 'raster', url: tiles, tileSize: 256 } }, layers: [{ id: 'pmtiles-raster', type: 'raster', source: id }] }, offline);
  }
  const meta = (await archive.getMetadata()) as { vector_layers?: { id: string }[] };
  const layers: LayerSpecification[] = [{ id: 'pmtiles-background', type: 'background', paint: { 'background-color': '#f3f1ea' } }];
  for (const { id: sourceLayer } of meta.vector_layers ?? []) {
    const base = { source: id, 'source-layer': sourceLayer };
    layers.push(
      { id: `${sourceLayer}-fill`, type: 'fill', ...base, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#e4e0d4', 'fill-outline-color': '#c9c3b3' } },
      { id: `${sourceLayer}-line`, type: 'line', ...base, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#b0a998', 'line-width': 0.8 } },
    );
  }
  return withOverlay({ version: 8, sources: { [id]: { type: 'vector', url: tiles } }, layers }, offline);
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
      return prefixSources(checkStyle(await fetchJson(STREETS_STYLE_URL, fetchImpl, timeoutMs), allowed));
    case 'custom': {
      const url = customUrl.trim();
      const problem = urlProblem(url, allowed);
      if (problem) throw new Error(problem);
      if (new URL(url).pathname.endsWith('.pmtiles')) return pmtilesStyle(url, offline);
      return prefixSources(checkStyle(await fetchJson(url, fetchImpl, timeoutMs), allowed));
    }
  }
}
