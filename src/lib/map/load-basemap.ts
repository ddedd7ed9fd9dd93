import { borders, countryLabels, land } from 'virtual:offline-basemap';
import { geodataUrl } from '../data/geodata-urls';
import type { BasemapData } from './basemap';

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

/**
 * The offline basemap's sources as URLs: Natural Earth decoded at build time, and the place
 * labels. Known at once, so the map is created on the first frame and its worker fetches them.
 */
export function offlineBasemap(): BasemapData {
  return { land, borders, countryLabels, places: geodataUrl('basemap-places.geojson') ?? { ...EMPTY, features: [] } };
}
