import type { FeatureCollection, Point } from 'geojson';
import type { AddLayerObject, LayerSpecification } from 'maplibre-gl';
import { anchor } from '../data/geometry';
import type { EventFeature } from '../data/schema';
import { FONT_REGULAR } from './fonts';
import type { EventLayers } from './event-gl';
import { ARC_CHEVRON_LAYER, relationLayers } from './relation-layers';
import { routeLayers } from './route-layers';
import { shapeLayers } from './shape-layers';

/** The source of the event labels: only the shown features in view, and only when zoomed in enough to read them. */
export const LABEL_SOURCE = 'event-labels';
export const LABEL_LAYER = 'events--labels';
/** Labels appear from this zoom; below it the label source stays empty. */
export const LABEL_MIN_ZOOM = 9;
/** At most this many labels are sent to the map at once (more could not be read anyway). */
export const LABEL_LIMIT = 2000;

export function labelsOf(features: readonly EventFeature[], rank: (k: number) => number = (k) => k): FeatureCollection<Point, { fid: string; title: string; rank: number }> {
  return {
    type: 'FeatureCollection',
    features: features.map((f, k) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: anchor(f) }, properties: { fid: f.id, title: labelText(f.properties.title), rank: rank(k) } })),
  };
}

/** Characters of a title the map writes beside its point; the list and the panel give it whole. */
const LABEL_MAX = 80;

/**
 * A title as the map labels it: cut after `LABEL_MAX` characters (not inside a surrogate
 * pair), marked "…". An imported title of 800 characters ran down the map as a column of text.
 */
export function labelText(title: string): string {
  if (title.length <= LABEL_MAX) return title;
  const end = /[\uD800-\uDBFF]/.test(title[LABEL_MAX - 1]) ? LABEL_MAX - 1 : LABEL_MAX;
  return `${title.slice(0, end).trimEnd()}…`;
}

function labelLayer(): LayerSpecification {
  return {
    id: LABEL_LAYER,
    type: 'symbol',
    source: LABEL_SOURCE,
    minzoom: LABEL_MIN_ZOOM,
    // Where labels collide, the one of the point drawn on top wins (a lower key is placed first): a label naming
    // one event under another's dot was read as the dot's.
    layout: { 'text-field': ['get', 'title'], 'text-font': [FONT_REGULAR], 'text-size': 12, 'text-offset': [0, 1.2], 'text-anchor': 'top', 'text-max-width': 12, 'text-optional': true, 'symbol-sort-key': ['-', ['get', 'rank']] },
    paint: { 'text-color': '#1b1b1b', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  };
}

/**
 * Every data layer the map draws over the basemap, bottom to top: this one list decides
 * the z-order. The schematic routes lie under everything (quieter than the data), then
 * the fills of areas, the precision circles, the links between events, the lines and
 * outlines of shapes, the links' direction chevrons, the points (a shape's anchor dot
 * among them) and the labels on top. Nothing but labels lies above the points, and labels
 * appear only from `LABEL_MIN_ZOOM`: below it, dense points may be drawn over the whole
 * map (`point-overlay.ts`) without breaking this order.
 */
export function dataLayers(events: EventLayers): AddLayerObject[] {
  const arcs = relationLayers();
  const shapes = shapeLayers();
  return [
    ...routeLayers(),
    ...shapes.fills,
    events.precisionLayer,
    ...arcs.filter((l) => l.id !== ARC_CHEVRON_LAYER),
    ...shapes.lines,
    ...arcs.filter((l) => l.id === ARC_CHEVRON_LAYER),
    events.pointLayer,
    labelLayer(),
  ];
}
