import type { FeatureCollection, Geometry } from 'geojson';
import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { isShape } from '../data/geometry';
import type { EventFeature } from '../data/schema';
import { unlessHidden } from './hidden-state';

/**
 * Lines, areas and multi-point features, drawn by MapLibre from one geojson source, sent once
 * per atlas. The filters reach them as a feature-state (`hidden-state.ts`), set only for the
 * ones that changed; nothing is re-sent. Each also has an anchor dot in
 * the GPU layer, so it stays in the list, the timeline and the filters like any point.
 */
export const SHAPE_SOURCE = 'event-shapes';
export const SHAPE_FILL_LAYER = 'events--shape-fill';
export const SHAPE_LINE_LAYER = 'events--shape-line';
export const SHAPE_POINT_LAYER = 'events--shape-dots';
/** The shape layers a click or hover looks at. */
export const SHAPE_CLICK_LAYERS = [SHAPE_FILL_LAYER, SHAPE_LINE_LAYER, SHAPE_POINT_LAYER];

export interface ShapeProps {
  fid: string;
  color: string;
}

/** The shapes among the features, in the layer colours, keyed by feature id (`promoteId`) for the selection highlight. */
export function shapesOf(features: readonly EventFeature[], colors: ReadonlyMap<string, string>): FeatureCollection<Geometry, ShapeProps> {
  return {
    type: 'FeatureCollection',
    features: features
      .filter((f) => f.geometry.type !== 'Point')
      .map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { fid: f.id, color: colors.get(f.properties.layer) ?? '#666666' } })),
  };
}

/** Rows of the features drawn as shapes (lines, areas, multi-points): one pass, nothing made for the points. */
export function shapeRowsOf(features: readonly EventFeature[]): number[] {
  const rows: number[] = [];
  for (let i = 0; i < features.length; i++) if (isShape(features[i])) rows.push(i);
  return rows;
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const isType = (...types: string[]): FilterSpecification => ['in', ['geometry-type'], ['literal', types]];

/** Fills of areas (translucent, so the basemap stays readable), outlines and lines, and the points of a MultiPoint. */
export function shapeLayers(): { fills: LayerSpecification[]; lines: LayerSpecification[] } {
  const colour: ExpressionSpecification = ['case', selected, '#111111', ['get', 'color']];
  return {
    fills: [
      {
        id: SHAPE_FILL_LAYER,
        type: 'fill',
        source: SHAPE_SOURCE,
        filter: isType('Polygon', 'MultiPolygon'),
        paint: { 'fill-color': ['get', 'color'], 'fill-opacity': unlessHidden(['case', selected, 0.45, 0.22]) },
      },
    ],
    lines: [
      {
        id: SHAPE_LINE_LAYER,
        type: 'line',
        source: SHAPE_SOURCE,
        filter: isType('LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': colour, 'line-width': ['case', selected, 4, 2.5], 'line-opacity': unlessHidden(0.9) },
      },
      {
        id: SHAPE_POINT_LAYER,
        type: 'circle',
        source: SHAPE_SOURCE,
        filter: isType('Point', 'MultiPoint'),
        paint: { 'circle-color': ['get', 'color'], 'circle-radius': ['case', selected, 5, 3.5], 'circle-stroke-color': colour, 'circle-stroke-width': 1, 'circle-opacity': unlessHidden(1), 'circle-stroke-opacity': unlessHidden(1) },
      },
    ],
  };
}
