import type { GeoJSON } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import type { BasemapLayers } from './basemap-decode';
import { FONT_BOLD, FONT_REGULAR, fontFaces } from './fonts';

/**
 * The offline basemap's GeoJSON sources: each the data itself or the URL of a file of it.
 * The app passes URLs (files decoded at build time), so MapLibre's worker fetches and parses
 * them and the page's own thread never holds them.
 */
export type BasemapData = { [K in keyof BasemapLayers | 'places']: string | GeoJSON };

/**
 * Online sources and layers get this prefix, so the map can tell a failing online tile from
 * anything else, and so no id in a stranger's style can collide with the app's own (those
 * never hold a colon). It lives here, with the offline style the map needs at once, because
 * the online basemaps' module loads only when one is chosen (see App.svelte).
 */
export const ONLINE_PREFIX = 'online:';

/** The offline style's sources: a failure to load one of these is the basemap's, not a data layer's. */
export const OFFLINE_SOURCES: ReadonlySet<string> = new Set(['land', 'borders', 'country-labels', 'places']);

/** The deepest zoom the offline basemap's tiles are cut at; MapLibre overzooms beyond. */
const BASEMAP_MAXZOOM = 8;

/** Basemap colours for the light and dark themes; labels keep at least 4.5:1 contrast with their halo. */
export const BASEMAP_COLORS = {
  light: { sea: '#cfe0ea', land: '#f3f1ea', border: '#8a8478', countryLabel: '#4a4540', placeLabel: '#2b2825', halo: '#ffffff' },
  dark: { sea: '#16222c', land: '#2a2b2e', border: '#8d8a84', countryLabel: '#d5d1c8', placeLabel: '#f0ede6', halo: '#111111' },
};

export type Theme = keyof typeof BASEMAP_COLORS;

/** The offline basemap style: sea, land, borders, country and city labels, bundled fonts. */
export function offlineStyle(data: BasemapData, theme: Theme = 'light'): StyleSpecification {
  const c = BASEMAP_COLORS[theme];
  return {
    version: 8,
    'font-faces': fontFaces,
    sources: {
      // Natural Earth 1:50m holds no detail past zoom 8: deeper tiles are drawn from zoom 8's,
      // so zooming into a street never makes MapLibre's worker cut the world's coastlines again.
      land: { type: 'geojson', data: data.land, maxzoom: BASEMAP_MAXZOOM, attribution: 'Borders and coastlines: <a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener noreferrer">Natural Earth</a> (public domain)' },
      borders: { type: 'geojson', data: data.borders, maxzoom: BASEMAP_MAXZOOM },
      'country-labels': { type: 'geojson', data: data.countryLabels, maxzoom: BASEMAP_MAXZOOM },
      places: { type: 'geojson', data: data.places },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': c.sea } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': c.land } },
      { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': c.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 8, 1.4], 'line-dasharray': [3, 2] } },
      {
        id: 'country-labels',
        type: 'symbol',
        source: 'country-labels',
        maxzoom: 9,
        layout: { 'text-field': ['get', 'name'], 'text-font': [FONT_BOLD], 'text-size': ['interpolate', ['linear'], ['zoom'], 3, 11, 7, 15], 'text-transform': 'uppercase', 'text-letter-spacing': 0.08, 'text-max-width': 8 },
        paint: { 'text-color': c.countryLabel, 'text-halo-color': c.halo, 'text-halo-width': 1.2 },
      },
      {
        id: 'place-dots',
        type: 'circle',
        source: 'places',
        paint: { 'circle-radius': ['case', ['get', 'capital'], 3.5, 2.5], 'circle-color': c.placeLabel, 'circle-stroke-color': c.halo, 'circle-stroke-width': 1 },
      },
      {
        id: 'place-labels',
        type: 'symbol',
        source: 'places',
        layout: {
          // English name, with the local name under it where there is one (MapLibre shapes Arabic script and orders it right to left itself).
          'text-field': ['format', ['get', 'name'], {}, ['case', ['has', 'localName'], ['concat', '\n', ['get', 'localName']], ''], { 'font-scale': 0.95 }],
          'text-font': [FONT_REGULAR],
          'text-size': ['case', ['get', 'capital'], 13, 12],
          'text-offset': [0, 0.9],
          'text-anchor': 'top',
          'text-optional': true,
        },
        paint: { 'text-color': c.placeLabel, 'text-halo-color': c.halo, 'text-halo-width': 1.4 },
      },
    ],
  };
}
