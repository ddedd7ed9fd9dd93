/**
 * Turf's measures of lines and areas for `geometry.ts` (see `ShapeKit`), in a module of
 * their own: the page loads it when features other than points arrive, so the main bundle
 * goes without them (about 4 KB gzip); workers and the modules that export or measure
 * features import it as they load.
 */
import { along, area, bbox, booleanPointInPolygon, length, lineString, pointOnFeature } from '@turf/turf';
import type { Geometry, LineString, Position } from 'geojson';
import polylabel from 'polylabel';
import { useShapeKit } from './geometry.ts';

const lengthOf = (line: Position[]) => length(lineString(line));

/**
 * A point well inside an area: the middle of its extent when that lies inside it and off its
 * edge, else the point of its largest part farthest from any edge (polylabel's pole of
 * inaccessibility, to a thousandth of the part's extent). Turf's pointOnFeature falls back
 * to the vertex nearest the middle, which put a crescent's or an L-shaped district's anchor
 * on a corner of it, where the dot reads as a place on its border.
 */
function pointIn(shape: Geometry): [number, number] {
  if (shape.type !== 'Polygon' && shape.type !== 'MultiPolygon') {
    const [lon, lat] = pointOnFeature(shape).geometry.coordinates;
    return [lon, lat];
  }
  const [w, s, e, n] = bbox(shape);
  const middle: [number, number] = [(w + e) / 2, (s + n) / 2];
  if (booleanPointInPolygon(middle, shape, { ignoreBoundary: true })) return middle;
  const parts = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
  let largest = parts[0];
  let most = -1;
  for (const rings of parts) {
    const size = area({ type: 'Polygon', coordinates: rings });
    if (size > most) [largest, most] = [rings, size];
  }
  const [pw, ps, pe, pn] = bbox({ type: 'Polygon', coordinates: largest });
  const [lon, lat] = polylabel(largest as [number, number][][], Math.max(pe - pw, pn - ps) / 1000 || 1e-9);
  return [lon, lat];
}

useShapeKit({
  lengthOf,
  middleOf(line) {
    const geometry: LineString = { type: 'LineString', coordinates: line };
    const [lon, lat] = along(geometry, lengthOf(line) / 2).geometry.coordinates;
    return [lon, lat];
  },
  pointOn: pointIn,
  bbox(geometry) {
    const [w, s, e, n] = bbox(geometry);
    return [w, s, e, n];
  },
});
