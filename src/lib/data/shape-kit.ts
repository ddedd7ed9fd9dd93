/**
 * Turf's measures of lines and areas for `geometry.ts` (see `ShapeKit`), in a module of
 * their own: the page loads it when features other than points arrive, so the main bundle
 * goes without them (about 4 KB gzip); workers and the modules that export or measure
 * features import it as they load.
 */
import { along, bbox, length, lineString, pointOnFeature } from '@turf/turf';
import type { LineString, Position } from 'geojson';
import { useShapeKit } from './geometry.ts';

const lengthOf = (line: Position[]) => length(lineString(line));

useShapeKit({
  lengthOf,
  middleOf(line) {
    const geometry: LineString = { type: 'LineString', coordinates: line };
    const [lon, lat] = along(geometry, lengthOf(line) / 2).geometry.coordinates;
    return [lon, lat];
  },
  pointOn(area) {
    const [lon, lat] = pointOnFeature(area).geometry.coordinates;
    return [lon, lat];
  },
  bbox(geometry) {
    const [w, s, e, n] = bbox(geometry);
    return [w, s, e, n];
  },
});
