import { circle } from '@turf/turf';
import type { FeatureCollection, Point, Polygon } from 'geojson';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { EventFeature, LayerDef, LocationBasis } from '../data/schema';
import { FONT_REGULAR } from './fonts';

/** The flat properties MapLibre draws with; the full record stays in the app's state. */
export interface RenderProps {
  fid: string;
  title: string;
  layer: string;
  radiusM: number;
  basis: LocationBasis;
}

export function pointsOf(features: readonly EventFeature[]): FeatureCollection<Point, RenderProps> {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: renderProps(f) })),
  };
}

/** Widest precision circle drawn: a quarter of the Earth's circumference (larger radii wrap round the globe). */
const MAX_CIRCLE_KM = 10_000;

/** Circles of each feature's precision radius, so the map shows how sure the position is. */
export function precisionCirclesOf(features: readonly EventFeature[]): FeatureCollection<Polygon, RenderProps> {
  return {
    type: 'FeatureCollection',
    features: features.flatMap((f) => {
      const km = Math.min(f.properties.location.radiusM / 1000, MAX_CIRCLE_KM);
      const c = circle(f.geometry.coordinates, km, { steps: 64, units: 'kilometers' });
      // A circle at a pole comes back with coordinates MapLibre cannot draw; the point still shows.
      if (!c.geometry.coordinates[0].every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return [];
      return [{ type: 'Feature', geometry: c.geometry, properties: renderProps(f) }];
    }),
  };
}

function renderProps(f: EventFeature): RenderProps {
  return { fid: f.id, title: f.properties.title, layer: f.properties.layer, radiusM: f.properties.location.radiusM, basis: f.properties.location.basis };
}

/**
 * Source ids of one data layer. Layer ids are lowercase letters, digits and hyphens, so the
 * colon keeps one layer's precision source from ever matching another layer's points
 * (`ev-a-precision` would be the points of a layer called `a-precision`).
 */
export const sourceIds = (layer: LayerDef) => ({ points: `ev-${layer.id}`, precision: `ev-${layer.id}:precision` });

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

/**
 * The MapLibre layers of one data layer, bottom to top: precision fill and outline, the
 * point, its label. Ids start with the layer id so visibility toggles find them.
 */
export function styleLayers(layer: LayerDef): LayerSpecification[] {
  const src = sourceIds(layer);
  const estimate: ExpressionSpecification = ['==', ['get', 'basis'], 'estimate'];
  return [
    {
      id: `${layer.id}--precision-fill`,
      type: 'fill',
      source: src.precision,
      paint: { 'fill-color': layer.color, 'fill-opacity': ['case', selected, 0.22, estimate, 0.06, 0.1] },
    },
    // An estimate gets a dashed outline and a paler fill; a reported or derived position a solid one.
    {
      id: `${layer.id}--precision-line`,
      type: 'line',
      source: src.precision,
      filter: ['!', estimate],
      paint: { 'line-color': layer.color, 'line-width': ['case', selected, 2.5, 1.2], 'line-opacity': 0.9 },
    },
    {
      id: `${layer.id}--precision-line-estimate`,
      type: 'line',
      source: src.precision,
      filter: estimate,
      paint: { 'line-color': layer.color, 'line-width': ['case', selected, 2.5, 1.2], 'line-opacity': 0.9, 'line-dasharray': [3, 3] },
    },
    {
      id: `${layer.id}--points`,
      type: 'circle',
      source: src.points,
      paint: {
        'circle-color': layer.color,
        'circle-radius': ['case', selected, 10, 7],
        'circle-stroke-color': ['case', selected, '#111111', '#ffffff'],
        'circle-stroke-width': ['case', selected, 3, 2],
      },
    },
    {
      id: `${layer.id}--labels`,
      type: 'symbol',
      source: src.points,
      minzoom: 9,
      layout: { 'text-field': ['get', 'title'], 'text-font': [FONT_REGULAR], 'text-size': 12, 'text-offset': [0, 1.2], 'text-anchor': 'top', 'text-max-width': 12, 'text-optional': true },
      paint: { 'text-color': '#1b1b1b', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ];
}

export const pointLayerId = (layer: LayerDef) => `${layer.id}--points`;
