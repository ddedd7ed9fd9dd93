import { greatCircle } from '@turf/turf';
import type { FeatureCollection, LineString, MultiLineString, Position } from 'geojson';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { anchor } from '../data/geometry';
import type { EventFeature, Relation, RelationType } from '../data/schema';
import { unlessHidden } from './hidden-state';
import { relationTypeOf, type LineStyle, type RelationTypeDef } from '../data/manifest';
import { FONT_REGULAR } from './fonts';

export interface ArcProps {
  rid: string;
  type: RelationType;
  /** How the relation's type is drawn, from the atlas's relation types. */
  line: LineStyle;
  color: string;
  statement: string;
}

/** The arcs' colour when a relation type names none. */
const ARC_COLOR = '#5b4a8b';

export const RELATION_SOURCE = 'relations';
export const ARC_LAYER = 'relations--arcs';
export const ARC_CHEVRON_LAYER = `${ARC_LAYER}-chevrons`;

/**
 * Great-circle arcs from each relation's `from` feature to its `to` feature, styled by the
 * relation's type. `featureOf` finds a feature by id (the page asks its index), so only the
 * relations' ends are looked at, however many features there are.
 */
export function arcsOf(relations: readonly Relation[], featureOf: (id: string) => EventFeature | undefined, types: Readonly<Record<string, RelationTypeDef>>): FeatureCollection<LineString | MultiLineString, ArcProps> {
  return {
    type: 'FeatureCollection',
    features: relations.flatMap((r) => {
      const a = featureOf(r.from);
      const b = featureOf(r.to);
      if (!a || !b) return [];
      const [from, to] = [anchor(a), anchor(b)];
      const def = relationTypeOf(types, r.type);
      return [{ type: 'Feature', geometry: arcBetween(from, to), properties: { rid: r.id, type: r.type, line: def.line, color: def.color ?? ARC_COLOR, statement: r.statement } }];
    }),
  };
}

/**
 * The great-circle arc between two positions. Between antipodal or identical points there
 * is no single great circle and Turf throws; a straight line is drawn instead, so one odd
 * link never stops the map from following the filters.
 */
export function arcBetween(from: Position, to: Position): LineString | MultiLineString {
  try {
    const arc = greatCircle(from, to, { npoints: 64 }).geometry;
    const points = arc.type === 'LineString' ? arc.coordinates : arc.coordinates.flat();
    if (points.length > 1 && points.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return arc;
  } catch {
    // fall through to the straight line
  }
  return { type: 'LineString', coordinates: [from, to] };
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

/** Arc lines, one layer per line style (solid, dashed, dotted) as each relation type asks, and direction chevrons. */
export function relationLayers(): LayerSpecification[] {
  const colour: ExpressionSpecification = ['case', selected, '#111111', ['get', 'color']];
  return [
    {
      id: ARC_LAYER,
      type: 'line',
      source: RELATION_SOURCE,
      filter: ['==', ['get', 'line'], 'solid'],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': colour, 'line-width': ['case', selected, 4, 2.5], 'line-opacity': unlessHidden(0.85) },
    },
    {
      id: `${ARC_LAYER}-dashed`,
      type: 'line',
      source: RELATION_SOURCE,
      filter: ['==', ['get', 'line'], 'dashed'],
      paint: { 'line-color': colour, 'line-width': ['case', selected, 3.5, 2], 'line-opacity': unlessHidden(0.75), 'line-dasharray': [2, 2] },
    },
    {
      id: `${ARC_LAYER}-dotted`,
      type: 'line',
      source: RELATION_SOURCE,
      filter: ['==', ['get', 'line'], 'dotted'],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': colour, 'line-width': ['case', selected, 3, 1.6], 'line-opacity': unlessHidden(0.8), 'line-dasharray': [0.5, 2.5] },
    },
    {
      id: ARC_CHEVRON_LAYER,
      type: 'symbol',
      source: RELATION_SOURCE,
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': 90,
        'text-field': '›',
        'text-font': [FONT_REGULAR],
        'text-size': 22,
        'text-keep-upright': false,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': colour, 'text-halo-color': '#ffffff', 'text-halo-width': 1, 'text-opacity': unlessHidden(1) },
    },
  ];
}

/** The arc layers a click can select. */
export const ARC_CLICK_LAYERS = [ARC_LAYER, `${ARC_LAYER}-dashed`, `${ARC_LAYER}-dotted`];
