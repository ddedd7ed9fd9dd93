/**
 * ACLED and UCDP GED as their APIs give them: JSON lists of records with the same names as
 * their CSV columns. ACLED's API answers `{"status": 200, "success": true, "count": …,
 * "data": [records]}`, its values as text; UCDP's GED API `{"TotalCount": …, "Result":
 * [records], "NextPageUrl": …}`, its numbers as numbers; a script may also save the list
 * alone. The records become the table a CSV of the same data would give, so one converter
 * reads both.
 */
import { isAcled } from './acled';
import { CsvRow, type CsvTable } from './csv';
import { isUcdp } from './ucdp';
import { isObject } from './json';

/** The list of records a JSON text holds, where ACLED's or UCDP's API puts it, or null. */
function recordList(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) return null;
  for (const key of ['data', 'Result']) if (Array.isArray(json[key])) return json[key] as unknown[];
  return null;
}

/** A value as a CSV cell would hold it: text as it is, numbers and true/false written out, nothing for null. */
function cell(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/**
 * The records of an ACLED or UCDP GED JSON as a table, numbered "record 1", "record 2"…,
 * with the dataset they are from; null when the JSON holds no list whose records have the
 * columns of either. Columns are every name any record has, in the order first met; a
 * record that is not an object is named as a problem.
 */
export function recordsTable(json: unknown): { dataset: 'ACLED' | 'UCDP GED'; table: CsvTable } | null {
  const list = recordList(json);
  if (!list || list.length === 0 || !isObject(list[0])) return null;
  const first = Object.keys(list[0]);
  const dataset = isAcled(first) ? 'ACLED' : isUcdp(first) ? 'UCDP GED' : null;
  if (!dataset) return null;
  const columns = new Set<string>();
  for (const record of list) if (isObject(record)) for (const key of Object.keys(record)) columns.add(key);
  const names = [...columns];
  const rows: CsvRow[] = [];
  const problems: CsvTable['problems'] = [];
  list.forEach((record, i) => {
    if (!isObject(record)) return problems.push({ line: i + 1, message: 'left out: it is not an object of named values' });
    // Only the record's own names: one without a "constructor" another has must not read Object's.
    rows.push(new CsvRow(i + 1, names.map((name) => (Object.hasOwn(record, name) ? cell(record[name]) : '')), names));
  });
  return { dataset, table: { columns: names, rows, problems, rowName: 'record' } };
}
