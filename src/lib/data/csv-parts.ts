/**
 * A large ACLED or UCDP export read as two parts side by side (two workers on two cores),
 * with the same result as reading it whole: the same features in the same order, the same
 * ids, sources and problems. The first worker reads the rows up to the middle of the text
 * (Papa Parse itself says where a row ends, quoted line breaks and all), the second the
 * rest, after the same header, with the first part's delimiter and line break, and its
 * lines and rows counted on from the cut. Each converts and checks its rows and sends the
 * features to the page; the first puts the parts' catalogues and problems together.
 *
 * Conversion carries little from row to row: each row's id (a repeat gets a suffix) and the
 * sources named so far. So the parts stand only when no feature or claim id is in both and
 * a source both name is the same record; and when neither part found a problem in its
 * catalogue or its features' checks, which one reading would report in another order. Else
 * the file is read whole, as a smaller one is. Other CSV files (a spreadsheet's columns,
 * picked or recognised) are read whole: their reading looks at the first rows as a whole.
 */
import { convertAcled, isAcled } from './formats/acled';
import { parseCsv, type CsvCut, type CsvTable } from './formats/csv';
import { convertedToAtlas } from './formats/to-atlas';
import { isRefusal, type InputFile } from './formats/types';
import { convertUcdp, isUcdp } from './formats/ucdp';
import type { PartIds } from './import';
import { repeatsIds } from './import-parts';
import type { Atlas, EventFeature, LayerDef, Problem, Source } from './schema';

/** The formats read in parts, by the converter that reads them. */
const CONVERTERS = { acled: convertAcled, ucdp: convertUcdp } as const;
export type CsvPartFormat = keyof typeof CONVERTERS;

/** What the second part needs: the file's format and where its rows start. */
export interface CsvSecondTask {
  format: CsvPartFormat;
  cut: CsvCut;
}

/** The format of a table's columns, as `convertInputs` tells them apart, if it is one read in parts. */
function formatOf(columns: readonly string[]): CsvPartFormat | null {
  return isAcled([...columns]) ? 'acled' : isUcdp([...columns]) ? 'ucdp' : null;
}

/**
 * The first part of a file's text, its rows up to the first row boundary at or past the
 * middle, and the second part's task; null when the file is not read in parts (not ACLED
 * or UCDP, or no boundary to cut at).
 */
export function firstCsvPart(text: string): { table: CsvTable; task: CsvSecondTask } | null {
  // The header and one row first: a file of another format is not read to its middle for nothing.
  const format = formatOf(parseCsv(text, { stopPast: 0 }).columns);
  if (!format) return null;
  const table = parseCsv(text, { stopPast: Math.floor(text.length / 2) });
  return table.cut ? { table, task: { format, cut: table.cut } } : null;
}

/** The second part's rows, read from the cut in the file's whole text. */
export function secondCsvTable(text: string, cut: CsvCut): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { delimiter, newline, lineOffset, indexOffset } = cut;
  return parseCsv(cut.head + body.slice(cut.at), { delimiter, newline, lineOffset, indexOffset });
}

/** What one part found, as joining the parts needs it (sent by the second worker to the first). */
export interface CsvPartSummary {
  /** Null when the converter refused the part (a file all of whose positions look projected, say). */
  layer: LayerDef | null;
  format: string;
  /** The problems one reading of the file would give, by kind: the rows Papa Parse could not split, those the converter left out or read in part, and the catalogue's and features' checks. */
  parse: Problem[];
  rows: Problem[];
  checks: Problem[];
  sources: Source[];
  ids: PartIds;
  /** Rows read (a file with none at all is refused when read whole). */
  rowCount: number;
}

/** One part's rows converted and checked as one reading of the file converts and checks them: its atlas (null when refused) and its summary. */
export function convertCsvPart(input: InputFile, table: CsvTable, format: CsvPartFormat): { atlas: Atlas | null; summary: CsvPartSummary } {
  const converted = CONVERTERS[format](input, table);
  if (isRefusal(converted)) return { atlas: null, summary: { layer: null, format, parse: [], rows: [], checks: [], sources: [], ids: { features: new Map(), claims: new Map() }, rowCount: table.rows.length } };
  const { atlas, problems } = convertedToAtlas(converted);
  const layerId = converted.layer.id;
  const claims: string[] = [];
  for (const f of atlas.features) for (const c of f.properties.claims) claims.push(c.id);
  return {
    atlas,
    summary: {
      layer: converted.layer,
      format: converted.format,
      // convertedToAtlas gives the converter's problems (those of the parse first), then the catalogue's and the features' checks.
      parse: problems.slice(0, table.problems.length),
      rows: problems.slice(table.problems.length, converted.problems.length),
      checks: problems.slice(converted.problems.length),
      sources: [...atlas.sources.values()],
      ids: { features: new Map([[layerId, atlas.features.map((f) => f.id)]]), claims: new Map([[layerId, claims]]) },
      rowCount: table.rows.length,
    },
  };
}

/** Whether two source records are the same. */
const sameRecord = (a: Source, b: Source) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The two parts put together as one reading of the file: its layer, format, sources (the
 * first part's, then the second's new ones, the order one reading meets them in) and
 * problems; null when the parts do not stand (see the module's comment) and the file is read whole.
 */
export function joinCsvParts(first: CsvPartSummary, second: CsvPartSummary): { layer: LayerDef; format: string; sources: Map<string, Source>; problems: Problem[] } | null {
  const { layer } = first;
  if (!layer || !second.layer || JSON.stringify(layer) !== JSON.stringify(second.layer) || first.format !== second.format) return null;
  if (first.checks.length > 0 || second.checks.length > 0 || first.rowCount + second.rowCount === 0 || repeatsIds(first.ids, second.ids)) return null;
  const sources = new Map(first.sources.map((s) => [s.id, s]));
  for (const s of second.sources) {
    const known = sources.get(s.id);
    if (!known) sources.set(s.id, s);
    else if (!sameRecord(known, s)) return null;
  }
  return { layer, format: first.format, sources, problems: [...first.parse, ...second.parse, ...first.rows, ...second.rows] };
}

/** An atlas of one imported layer whose features come as pieces (see `pieces.ts`). */
export function partsAtlas(joined: NonNullable<ReturnType<typeof joinCsvParts>>, features: EventFeature[] = []): Atlas {
  return { layers: [joined.layer], features, relations: [], incidents: [], routes: [], story: [], sources: joined.sources, originators: new Map() };
}

/**
 * The whole exchange in one thread, for tests: reads a file's text as two parts and returns
 * what `convertInputs` returns for it read whole, and its features in order; null when it
 * is read whole instead.
 */
export function convertCsvInParts(input: InputFile): { atlas: Atlas; format: string; problems: Problem[] } | null {
  const first = firstCsvPart(input.text);
  if (!first) return null;
  const a = convertCsvPart(input, first.table, first.task.format);
  const b = convertCsvPart(input, secondCsvTable(input.text, first.task.cut), first.task.format);
  const joined = joinCsvParts(a.summary, b.summary);
  if (!joined || !a.atlas || !b.atlas) return null;
  return { atlas: partsAtlas(joined, [...a.atlas.features, ...b.atlas.features]), format: joined.format, problems: joined.problems };
}
