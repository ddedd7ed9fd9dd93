/**
 * RFC 7946 geometries a feature may carry: Point, LineString, Polygon and their Multi
 * forms, in WGS84 longitude/latitude with an optional height. GeometryCollection is left
 * out: nothing in the data needs it and no export format carries it well.
 */
import * as v from 'valibot';
import { withQuickAnswer } from './schema-quick';

const POSITION = 'must be [longitude, latitude] or [longitude, latitude, height], in numbers';

/**
 * `[longitude, latitude]` or `[longitude, latitude, height]`. Typed as GeoJSON's own
 * `number[]`; `npm run schema` writes the two ranges into the JSON Schema as well.
 */
export const PositionSchema = v.pipe(
  v.array(v.number('must be a number'), POSITION),
  v.minLength(2, POSITION),
  v.maxLength(3, POSITION),
  withQuickAnswer(
    v.rawCheck<number[]>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const [lon, lat] = dataset.value;
      // Infinity (JSON's 1e400) falls outside both ranges, so no separate finite check.
      const outside = (key: number, name: string, value: number, limit: number) =>
        addIssue({ message: `${name} ${value} is outside -${limit}..${limit}`, path: [{ type: 'array', origin: 'value', input: dataset.value, key, value }] });
      if (!(lon >= -180 && lon <= 180)) outside(0, 'longitude', lon, 180);
      if (!(lat >= -90 && lat <= 90)) outside(1, 'latitude', lat, 90);
      if (dataset.value.length === 3 && !Number.isFinite(dataset.value[2])) addIssue({ message: 'height must be a finite number (metres)' });
    }),
    // The same three rules, on a position its schema typed (two or three numbers).
    (value) => {
      const p = value as number[];
      return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90 && (p.length !== 3 || Number.isFinite(p[2]));
    },
  ),
);

const positions = (min: number, message: string) => v.pipe(v.array(PositionSchema, message), v.minLength(min, message));
const some = <T extends v.GenericSchema>(item: T, message: string) =>
  v.pipe(v.array(item, message), v.minLength<v.InferOutput<T>[], 1, string>(1, message));

const LINE = 'a line needs at least two positions';
const RING = 'a ring needs at least four positions, the last repeating the first';
const isClosed = (ring: number[][]) => {
  // An empty ring is named by the length check; valibot runs this one too, and it must not throw.
  if (ring.length === 0) return true;
  const a = ring[0];
  const b = ring[ring.length - 1];
  return a.length === b.length && a.every((n, i) => n === b[i]);
};
/** A closed ring: at least four positions, the last one the same as the first. */
const Ring = v.pipe(positions(4, RING), v.check(isClosed, 'a ring must end where it starts (its last position repeats the first)'));
const POLYGON = 'a polygon needs at least its outer ring';

const geometry = <T extends string, C extends v.GenericSchema>(type: T, coordinates: C) =>
  v.object({ type: v.literal(type), coordinates }, 'must be a GeoJSON geometry object');

export const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];

const GEOMETRY = `must be a GeoJSON geometry: ${GEOMETRY_TYPES.join(', ')}`;

/** The geometry of a feature. */
export const GeometrySchema = v.variant(
  'type',
  [
    geometry('Point', PositionSchema),
    geometry('MultiPoint', positions(1, 'must list at least one position')),
    geometry('LineString', positions(2, LINE)),
    geometry('MultiLineString', some(positions(2, LINE), 'must list at least one line')),
    geometry('Polygon', some(Ring, POLYGON)),
    geometry('MultiPolygon', some(some(Ring, POLYGON), 'must list at least one polygon')),
  ],
  GEOMETRY,
);
export type EventGeometry = v.InferOutput<typeof GeometrySchema>;
