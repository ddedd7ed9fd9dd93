import { booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { countriesFromTopology } from '../geo/countries.ts';

type Countries = Topology<{ countries: GeometryCollection<{ name: string }>; land: GeometryCollection }>;

/** The offline basemap's layers decoded from Natural Earth TopoJSON (done at build time by the offline-basemap plugin). */
export interface BasemapLayers {
  land: FeatureCollection<Polygon | MultiPolygon>;
  borders: Feature<MultiLineString>;
  countryLabels: FeatureCollection<Point, { name: string }>;
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
      const centre = centroid(part);
      const at = booleanPointInPolygon(centre, part) ? centre : pointOnFeature(part);
      return { type: 'Feature', properties: { name: c.properties.name }, geometry: at.geometry };
    }),
  };
}

/** Decodes the `world-atlas` countries TopoJSON into the basemap's GeoJSON layers. */
export function decodeBasemap(topology: unknown): BasemapLayers {
  const topo = topology as Countries;
  const countries = countriesFromTopology(topo);
  return {
    land: feature(topo, topo.objects.land) as unknown as FeatureCollection<Polygon | MultiPolygon>,
    borders: { type: 'Feature', properties: {}, geometry: mesh(topo, topo.objects.countries, (a, b) => a !== b) },
    countryLabels: countryLabelPoints(countries),
  };
}

