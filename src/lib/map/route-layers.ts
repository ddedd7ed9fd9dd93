import type { FeatureCollection, LineString } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import { anchor } from '../data/geometry';
import type { EventFeature, Route } from '../data/schema';
import { FONT_REGULAR } from './fonts';
import { unlessHidden } from './hidden-state';

export const ROUTE_SOURCE = 'routes';
export const ROUTE_LAYER = 'routes--line';

/** Each route as one line through its features' points, in order; a route through a feature not given is left out. */
export function routeLinesOf(routes: readonly Route[], features: readonly EventFeature[]): FeatureCollection<LineString, { route: string; title: string }> {
  const at = new Map(features.map((f) => [f.id, anchor(f)]));
  return {
    type: 'FeatureCollection',
    features: routes.flatMap((r) => {
      const coords = r.via.map((id) => at.get(id));
      if (coords.some((c) => !c)) return [];
      return [{ type: 'Feature', geometry: { type: 'LineString', coordinates: coords as number[][] }, properties: { route: r.id, title: r.title } }];
    }),
  };
}

/** A grey dashed road with its name along it: schematic, so drawn quieter than the data. */
export function routeLayers(): LayerSpecification[] {
  return [
    {
      id: ROUTE_LAYER,
      type: 'line',
      source: ROUTE_SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#6f6f6f', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 16, 5], 'line-opacity': unlessHidden(0.75), 'line-dasharray': [2, 1.5] },
    },
    {
      id: `${ROUTE_LAYER}-label`,
      type: 'symbol',
      source: ROUTE_SOURCE,
      minzoom: 12,
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'title'], 'text-font': [FONT_REGULAR], 'text-size': 11, 'text-offset': [0, -0.8] },
      paint: { 'text-color': '#4a4a4a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5, 'text-opacity': unlessHidden(1) },
    },
  ];
}
