/**
 * Recognises each picked file's format and converts it: the app's own export, GeoJSON and
 * JSON-FG, Linked Places, uMap, TimeMap (its files read together), KML and KMZ, ACLED and
 * UCDP GED CSV, other CSV (columns recognised by name or picked by the user).
 */
import { importExport, looksUnmarkedUtf16, parseJsonText, UNMARKED_UTF16, type OnProgress } from '../import';
import type { Atlas, Problem } from '../schema';
import { convertAcled, isAcled } from './acled';
import { convertCsv, parseCsv, recogniseColumns, rowWhere, samples, type CsvTable } from './csv';
import { convertGeoJson } from './geojson';
import { convertKml, kmlFromKmz } from './kml';
import { convertLinkedPlaces, isLinkedPlaces } from './linked-places';
import { convertTimemap, timemapKind, type TimemapFiles } from './timemap';
import { convertedToAtlas } from './to-atlas';
import { convertUcdp, isUcdp } from './ucdp';
import { convertUmap, isUmap } from './umap';
import { recordsTable } from './records';
import { APP_EXPORT_FORMAT, isRefusal, type ColumnMapping, type ConvertResult, type InputFile } from './types';
import { isObject, type Json } from './json';

/** What became of one picked file (a TimeMap set counts as one, named by its events file). */
export type FileOutcome =
  | { kind: 'added'; file: string; format: string; atlas: Atlas; problems: Problem[]; ownExport?: boolean }
  | { kind: 'refused'; file: string; reason: string }
  | { kind: 'needs-mapping'; file: string; columns: string[]; samples: Record<string, string[]> };

export { APP_EXPORT_FORMAT };

/** True for a file written by Export GeoJSON: a schema version, or features carrying the app's claims or location. */
export function isAppExport(json: unknown): boolean {
  if (!isObject(json)) return false;
  if (json.schemaVersion !== undefined) return true;
  return Array.isArray(json.features) && json.features.some((f) => isObject(f) && isObject(f.properties) && (Array.isArray(f.properties.claims) || isObject(f.properties.location)));
}

/** Extensions that always mean JSON, whatever the text looks like (so a broken one is named as broken JSON). */
const JSON_EXTENSIONS = new Set(['json', 'geojson', 'jsonld', 'umap']);

const ext = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

function fromConverted(r: ConvertResult, onProgress?: PhasedProgress): FileOutcome {
  if (isRefusal(r)) return { kind: 'refused', file: r.file, reason: r.refused };
  const { atlas, problems } = convertedToAtlas(r, inPhase(onProgress, 'checking'));
  return { kind: 'added', file: r.file, format: r.format, atlas, problems, ...(r.ownExport ? { ownExport: true } : {}) };
}

/**
 * Why a CSV gave no rows: it is empty, a quoted value never closed took in the rest of it,
 * its rows do not fit its header, or it has a header alone.
 */
function noRows(text: string, table: CsvTable): string {
  if (text.trim() === '') return 'the file is empty';
  const open = table.problems.find((p) => p.unclosed);
  if (open) return `a quotation mark opened on ${rowWhere(table, open.line)} is never closed, so the rest of the file reads as one cell; fix the file, or put that cell in quotes and double each quotation mark inside it`;
  const first = table.problems[0];
  if (first) return `none of its rows could be read (${rowWhere(table, first.line)}: ${first.message.replace(/^left out: /, '')})`;
  return 'it has a header row but no data rows';
}

function fromCsv(input: InputFile, mapping: ColumnMapping | undefined, onProgress?: PhasedProgress): FileOutcome {
  const table = parseCsv(input.text);
  if (table.columns.length === 0 || table.rows.length === 0) return { kind: 'refused', file: input.name, reason: noRows(input.text, table) };
  const onRow = inPhase(onProgress, 'converting');
  if (isAcled(table.columns)) return fromConverted(convertAcled(input, table, onRow), onProgress);
  if (isUcdp(table.columns)) return fromConverted(convertUcdp(input, table, onRow), onProgress);
  const cols = mapping ?? recogniseColumns(table.columns);
  if (!cols) return { kind: 'needs-mapping', file: input.name, columns: table.columns, samples: samples(table) };
  return fromConverted(convertCsv(input, table, cols, onRow), onProgress);
}

/** An ACLED or UCDP GED JSON (records from their APIs, see `records.ts`), converted as its CSV is; null for any other JSON. */
function fromRecords(input: InputFile, json: unknown, onProgress?: PhasedProgress): FileOutcome | null {
  const records = recordsTable(json);
  if (!records) return null;
  const onRow = inPhase(onProgress, 'converting');
  const { dataset, table } = records;
  const converted = dataset === 'ACLED' ? convertAcled(input, table, onRow, 'ACLED JSON') : convertUcdp(input, table, onRow, 'UCDP GED JSON');
  return fromConverted(converted, onProgress);
}

/** What the report says of a file's encoding, where it was not plain UTF-8 or UTF-16 (see `decodeBytes`). */
const ENCODING_WARNINGS: Partial<Record<NonNullable<InputFile['encoding']>, string>> = {
  'windows-1252': 'is not UTF-8, so it was read as Windows-1252 (Western European); check its text',
  'damaged-utf-8': 'is UTF-8 but for some bytes that are not, shown as \uFFFD; check its text, or get the file again',
};

/**
 * Warns, first among the problems of a file that added features, of each of its inputs whose
 * bytes were not UTF-8: read as Windows-1252 (a guess, right for most files Excel saved), or
 * as UTF-8 with its damaged bytes replaced.
 */
function noteEncodings(outcome: FileOutcome, inputs: readonly InputFile[]): void {
  if (outcome.kind !== 'added') return;
  const warned = inputs.flatMap((input): Problem[] => {
    const message = input.encoding && ENCODING_WARNINGS[input.encoding];
    return message ? [{ file: input.name, severity: 'warning', message }] : [];
  });
  outcome.problems.unshift(...warned);
}

/** How far `convertInputs` got with a file: rows converted (a CSV's), then features checked. */
export type PhasedProgress = (phase: 'converting' | 'checking', done: number, total: number) => void;

/** `onProgress` as a step that counts only its own phase hears it. */
const inPhase = (onProgress: PhasedProgress | undefined, phase: 'converting' | 'checking'): OnProgress | undefined => onProgress && ((done, total) => onProgress(phase, done, total));

/**
 * Converts every picked file. `mappings` holds the columns the user picked for CSV files whose
 * columns were not recognised. Never throws: a file that cannot be used is refused with the reason.
 */
export function convertInputs(inputs: InputFile[], mappings: Record<string, ColumnMapping> = {}, onProgress?: PhasedProgress): FileOutcome[] {
  const out: FileOutcome[] = [];
  const timemap: Partial<Record<'events' | 'sources' | 'associations', { input: InputFile; json: unknown }>> = {};
  for (const input of inputs) {
    const at = out.length;
    try {
      const e = ext(input.name);
      const body = input.text.replace(/^\ufeff/, '');
      const head = body.trimStart().slice(0, 1);
      if (e === 'kmz' || (input.bytes && input.bytes[0] === 0x50 && input.bytes[1] === 0x4b)) {
        const kml = kmlFromKmz(input.bytes ?? new Uint8Array());
        out.push(typeof kml === 'string' ? fromConverted(convertKml({ ...input, text: kml }, 'KMZ'), onProgress) : { kind: 'refused', file: input.name, reason: kml.refused });
      } else if (looksUnmarkedUtf16(body)) out.push({ kind: 'refused', file: input.name, reason: UNMARKED_UTF16 });
      else if (e === 'kml' || (head === '<' && e !== 'csv' && e !== 'tsv')) out.push(fromConverted(convertKml(input), onProgress));
      // A file named .csv or .tsv is read as one even when its first cell opens with "<": its columns are then named as they are.
      else if (e === 'csv' || e === 'tsv' || e === 'txt' || (!JSON_EXTENSIONS.has(e) && head !== '{' && head !== '[' && head !== '')) out.push(fromCsv(input, mappings[input.name], onProgress));
      else {
        const parsed = parseJsonText(input.text);
        if ('reason' in parsed) {
          out.push({ kind: 'refused', file: input.name, reason: `it is not valid JSON (${parsed.reason})` });
          continue;
        }
        const json = parsed.json;
        const tm = timemapKind(json);
        if (tm) timemap[tm] = { input, json };
        else if (isUmap(json)) out.push(fromConverted(convertUmap(input, json), onProgress));
        else if (isAppExport(json)) {
          const { atlas, problems } = importExport(input.name, json, inPhase(onProgress, 'checking'));
          out.push({ kind: 'added', file: input.name, format: APP_EXPORT_FORMAT, atlas, problems });
        } else if (isLinkedPlaces(json)) out.push(fromConverted(convertLinkedPlaces(input, json as Json), onProgress));
        else out.push(fromRecords(input, json, onProgress) ?? fromConverted(convertGeoJson(input, json), onProgress));
      }
    } catch (err) {
      out.push({ kind: 'refused', file: input.name, reason: `it could not be read (${(err as Error).message.slice(0, 200)})` });
    }
    if (out.length > at) noteEncodings(out[at], [input]);
  }
  if (timemap.events) {
    out.push(fromConverted(convertTimemap(timemap as TimemapFiles), onProgress));
    noteEncodings(out[out.length - 1], Object.values(timemap).map((part) => part.input));
  }
  else for (const part of [timemap.sources, timemap.associations]) {
    if (part) out.push({ kind: 'refused', file: part.input.name, reason: 'it is a TimeMap sources or associations file; pick it together with the TimeMap events file' });
  }
  return out;
}
