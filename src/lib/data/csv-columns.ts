/**
 * The columns of the app's CSV export, for spreadsheets and GIS tools alike: QGIS finds
 * `longitude`/`latitude` by name and GDAL reads the `wkt` column as the geometry without any
 * option. `time_start_utc` and `time_end_utc` bound the time window (the end is the first
 * instant after it), the same window as the JSON-FG `time` of the GeoJSON export. Its own
 * module, so that the importer knows the app's export without loading the writer.
 */
export const CSV_COLUMNS = [
  'id', 'title', 'other_titles', 'layer',
  'time_local', 'time_end', 'time_precision', 'time_approximate', 'time_zone', 'utc_offset', 'time_start_utc', 'time_end_utc',
  'longitude', 'latitude', 'precision_m', 'position_basis', 'position_note',
  'actors', 'facts', 'citations', 'wkt',
] as const;

/**
 * Columns written after `wkt` since 7 December: `incident_facts`, the claims about the whole
 * event a feature is part of (the Kerman attack's death toll, for both explosions), which the
 * panel shows under "About the attack as a whole". After the others, so that a file written
 * before them is still this map's own export.
 */
export const CSV_LATER_COLUMNS = ['incident_facts'] as const;

/** Whether a table has every column of the app's CSV export, in its order (other columns a spreadsheet added may follow). */
export const isAppCsv = (columns: readonly string[]): boolean => CSV_COLUMNS.every((c, i) => columns[i] === c);

/**
 * Whether a cell starting with this character is read as a formula by a spreadsheet: = + - @
 * tab, carriage return, line feed. Compared, not looked up in a set: it runs for every
 * field of every row.
 */
export const formulaStart = (c: number): boolean => c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 || c === 10;

/**
 * A cell of the app's CSV export as it was before the export defused it (see `csvField`):
 * the apostrophe put before a cell whose leading apostrophes are followed by a formula's
 * start is taken off again.
 */
export function undefused(cell: string): string {
  if (cell.charCodeAt(0) !== 39) return cell;
  let k = 1;
  while (cell.charCodeAt(k) === 39) k++;
  return formulaStart(cell.charCodeAt(k)) ? cell.slice(1) : cell;
}
