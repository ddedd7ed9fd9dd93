import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { anchor } from '../data/geometry.ts';
// A line or an area is placed in a country by its anchor, measured by Turf (in the import worker).
import '../data/shape-kit.ts';
import type { EventFeature, Problem } from '../data/schema';

/** Turns the `world-atlas` countries TopoJSON into GeoJSON country polygons. */
export function countriesFromTopology(topology: unknown): FeatureCollection<Polygon | MultiPolygon, { name: string }> {
  const topo = topology as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  return feature(topo, topo.objects.countries) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
}

/** Checks that every feature lies inside the Natural Earth polygon of the country it names. */
export function checkCountries(
  file: string,
  features: readonly EventFeature[],
  countries: FeatureCollection<Polygon | MultiPolygon, { name: string }>,
): Problem[] {
  const problems: Problem[] = [];
  for (const f of features) {
    const shape = countries.features.find((c) => c.properties.name === f.properties.country);
    if (!shape) {
      problems.push({ file, feature: f.id, field: 'country', severity: 'error', message: `"${f.properties.country}" is not a Natural Earth country name` });
      continue;
    }
    // A line or polygon is checked at its anchor, the point that stands for it on the map.
    const at = anchor(f);
    if (!booleanPointInPolygon(at, shape)) {
      const inside = countries.features.find((c) => booleanPointInPolygon(at, c));
      problems.push({
        file,
        feature: f.id,
        field: 'geometry.coordinates',
        severity: 'error',
        message: `${f.geometry.type === 'Point' ? 'point' : 'anchor point'} ${at.join(', ')} is not inside ${f.properties.country}${inside ? ` (it lies in ${inside.properties.name})` : ''}`,
      });
    }
  }
  return problems;
}
