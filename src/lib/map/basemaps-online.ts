import { addProtocol, type LayerSpecification, type StyleSpecification } from 'maplibre-gl';
import { PMTiles, Protocol, TileType } from 'pmtiles';
import { ONLINE_PREFIX } from './basemap';
import { withOverlay } from './basemaps';

export { checkStyle } from './style-check';

let pmtilesProtocol: Protocol | undefined;

/** A style for a PMTiles archive: raster tiles as they are, vector tiles with plain generic layers. */
export async function pmtilesStyle(url: string, offline: StyleSpecification): Promise<StyleSpecification> {
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

