import { centerOfMass, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { countriesFromTopology } from '../geo/countries';
import { FONT_BOLD, FONT_REGULAR, fontFaces } from './fonts';

type Countries = Topology<{ countries: GeometryCollection<{ name: string }>; land: GeometryCollection }>;

/** GeoJSON layers of the offline basemap, decoded from Natural Earth TopoJSON. */
export interface BasemapData {
  land: FeatureCollection<Polygon | MultiPolygon>;
  borders: Feature<MultiLineString>;
  countryLabels: FeatureCollection<Point, { name: string }>;
  /** City labels: the English name, and optionally the name in the local language and script (`localName`). */
  places: FeatureCollection<Point, { name: string; localName?: string; capital?: boolean }>;
}

/** The polygon of a (multi)polygon with the most vertices, a cheap stand-in for the largest. */
function mainPart(f: Feature<Polygon | MultiPolygon>): Feature<Polygon> {
  const g = f.geometry;
  if (g.type === 'Polygon') return f as Feature<Polygon>;
  const rings = [...g.coordinates].sort((a, b) => b[0].length - a[0].length)[0];
  return { type: 'Feature', properties: f.properties, geometry: { type: 'Polygon', coordinates: rings } };
}

/** A label point inside each country's main polygon. */
export function countryLabelPoints(countries: FeatureCollection<Polygon | MultiPolygon, { name: string }>): FeatureCollection<Point, { name: string }> {
  return {
    type: 'FeatureCollection',
    features: countries.features.map((c) => {
      const part = mainPart(c);
      const centre = centerOfMass(part);
      const at = booleanPointInPolygon(centre, part) ? centre : pointOnFeature(part);
      return { type: 'Feature', properties: { name: c.properties.name }, geometry: at.geometry };
    }),
  };
}

/** Decodes the `world-atlas` countries TopoJSON into the basemap's GeoJSON layers. */
export function decodeBasemap(topology: unknown, places: BasemapData['places']): BasemapData {
  const topo = topology as Countries;
  const countries = countriesFromTopology(topo);
  return {
    land: feature(topo, topo.objects.land) as unknown as FeatureCollection<Polygon | MultiPolygon>,
    borders: { type: 'Feature', properties: {}, geometry: mesh(topo, topo.objects.countries, (a, b) => a !== b) },
    countryLabels: countryLabelPoints(countries),
    places,
  };
}

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
      land: { type: 'geojson', data: data.land, attribution: 'Borders and coastlines: <a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener noreferrer">Natural Earth</a> (public domain)' },
      borders: { type: 'geojson', data: data.borders },
      'country-labels': { type: 'geojson', data: data.countryLabels },
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
