/**
 * The `wkt` column of this map's own CSV export, read back as the row's geometry: a line or
 * an area exported to CSV came back as a point at its anchor, where GDAL (and so QGIS) reads
 * the whole shape from that column. Parsed by betterknown (small, no dependencies), which
 * only the import worker loads.
 */
import type { Geometry } from 'geojson';
import { wktToGeoJSON } from 'betterknown';
import * as v from 'valibot';
import { GeometrySchema } from '../schema-geometry';
import { short } from '../validate';
import { geometryProblem } from './common';

/** A row's shape from its WKT, or why the row keeps its point (a sentence for the report); nothing for an empty cell. */
export interface WktShape {
  geometry?: Geometry;
  warning?: string;
}

/** Why a WKT text gives no geometry the map can hold, or the geometry. */
function read(wkt: string): Geometry | string {
  // betterknown stops at the end of the first geometry: "POINT (1 2) and more" read as a point. A WKT ends with its
  // last parenthesis, or with EMPTY.
  if (!/(\)|\bEMPTY)$/i.test(wkt)) return 'cannot be read as WKT (it does not end where a geometry ends, with ")" or EMPTY)';
  let g: Geometry | null;
  try {
    g = wktToGeoJSON(wkt);
  } catch (err) {
    return `cannot be read as WKT (${short((err as Error).message)})`;
  }
  if (g === null) return 'is an empty geometry';
  // Checked as any file's geometry is, then as the schema holds it (a line of one position, a ring left open, a collection).
  const why = geometryProblem(g);
  if (why) return why;
  const issue = v.safeParse(GeometrySchema, g).issues?.[0];
  return issue ? `is not a shape the map holds (${issue.message})` : g;
}

/** The geometry a `wkt` cell gives, or the warning for one that gives none; the caller then keeps the row's longitude and latitude. */
export function wktShape(cell: string | undefined): WktShape {
  const wkt = cell?.trim();
  if (!wkt) return {};
  const got = read(wkt);
  if (typeof got !== 'string') return { geometry: got };
  return { warning: `its wkt ${short(JSON.stringify(wkt))} ${got}; the row was placed at its longitude and latitude instead` };
}
