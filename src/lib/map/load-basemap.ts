import { borders, countryLabels, land } from 'virtual:offline-basemap';
import type { FeatureCollection, Point } from 'geojson';
import type { BasemapData } from './basemap';

/** City labels: the English name, and optionally the name in the local language and script (`localName`). */
export type Places = FeatureCollection<Point, { name: string; localName?: string; capital?: boolean }>;

/** No place labels: for an atlas that ships none, or whose file is not a FeatureCollection. */
export const NO_PLACES: Places = { type: 'FeatureCollection', features: [] };

/**
 * The offline basemap's sources: Natural Earth decoded at build time, as URLs that MapLibre's
 * worker fetches itself. Known at once, so the map is created on the first frame; the atlas's
 * place labels come later (see `placesOf`) and are set on the map's `places` source.
 */
export function offlineBasemap(): BasemapData {
  return { land, borders, countryLabels, places: NO_PLACES };
}

/** The atlas's place labels (parsed JSON, checked here), or none. */
export function placesOf(json: unknown): Places {
  const fc = json as Places | undefined;
  return fc?.type === 'FeatureCollection' && Array.isArray(fc.features) ? fc : NO_PLACES;
}
