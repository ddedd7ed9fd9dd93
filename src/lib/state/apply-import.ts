/**
 * What becomes of an import's outcomes once the worker is done: each file merged into the
 * loaded atlas, its line in the summary and its sentence in the status line; then, in the
 * page's spare moments, which of the features already on the map the file gives otherwise.
 * Loaded with the import's code, not with the page.
 */
import type { ImportedFile } from '../data/import-client';
import type { Atlas, EventFeature, EventProperties, Problem } from '../data/schema';
import { APP_EXPORT_FORMAT } from '../data/formats/types';
import { precisionUnstated } from '../data/unstated-precision';
import type { PreparedColumns } from './prepared';
import type { ImportReport, PendingMapping } from './app.svelte';
import { mergeFile, problemsOfAdded } from '../data/merge';
import { formatProblem } from '../data/problems';
import { short } from '../data/schema-constants';
import { handBack } from '../data/steps';
import { StoredFeature } from '../data/stored-feature';
import { t } from '../ui/strings-panels';

/** What the merge needs of the app: the loaded atlas and its index, the domain it adds to, and where a CSV waits for its columns. */
export interface ImportTarget {
  readonly atlas: Atlas;
  readonly index: { row: ReadonlyMap<string, number> };
  readonly domain: { withFile(prepared: PreparedColumns): PreparedColumns; add(merged: Atlas, prepared: PreparedColumns, problems: readonly Problem[]): void };
  importSummary: ImportReport[] | null;
  waitForMapping(pending: PendingMapping): void;
}

/**
 * Merges what each file added, in order, and writes the summary; returns the status line.
 * The page is handed back between a file's merge (with its prepared columns joined to the
 * loaded ones) and its addition (which extends the index): with a million events each
 * takes a few hundred milliseconds, and together they stopped the page for most of a second.
 */
export async function applyOutcomes(app: ImportTarget, outcomes: ImportedFile[], inputs: File[]): Promise<string> {
  const reports: ImportReport[] = [];
  const sentences: string[] = [];
  /** Per report, the features already on the map the file also gives, to compare once all are added. */
  const repeats = new Map<number, Repeats>();
  for (const o of outcomes) {
    const file = short(o.file);
    if (o.kind === 'refused') {
      reports.push({ file, refused: o.reason, problems: [] });
      sentences.push(t.importRefused(file, o.reason));
    } else if (o.kind === 'needs-mapping') {
      const picked = inputs.find((f) => f.name === o.file);
      if (picked) app.waitForMapping({ file: picked, columns: o.columns, samples: o.samples });
      sentences.push(t.importNeedsMapping(file));
    } else {
      const base = app.atlas;
      const merge = () => {
        const result = mergeFile(app.atlas, o, app.index.row);
        return { ...result, columns: app.domain.withFile(result.prepared) };
      };
      let result = merge();
      await handBack();
      // Another atlas opened meanwhile: merged into that one instead.
      if (app.atlas !== base) result = merge();
      const { atlas: merged, added, skipped, columns } = result;
      // Errors are about rows left out, never about a feature the merge found on the map; only warnings go with such features.
      // What the merge itself left out (a source recorded otherwise than the loaded one) is reported with them.
      const fileProblems = problemsOfAdded(o.problems, skipped);
      const problems = result.problems.length ? [...fileProblems, ...result.problems] : fileProblems;
      const errors = problems.filter((p) => p.severity === 'error');
      const compared: Compared = o.format === APP_EXPORT_FORMAT ? 'whole' : o.ownExport ? 'own-export' : 'converted';
      if (skipped.length > 0) repeats.set(reports.length, { compared, pairs: pairsOf(merged, app.index.row, o.atlas.features, skipped) });
      app.domain.add(merged, columns, errors.slice(0, 1000));
      reports.push({ file, format: o.format, added, skipped: skipped.length, problems: problems.slice(0, 1000).map(formatProblem), problemCount: problems.length, warningCount: problems.length - errors.length });
      sentences.push(t.importDone(file, added, skipped.length, errors.slice(0, 3).map(formatProblem), errors.length, problems.length - errors.length));
    }
  }
  if (reports.length > 0) app.importSummary = reports;
  if (repeats.size > 0) void noteRevised(app, reports, repeats);
  return sentences.join(' ');
}

/** Each feature of a file found on the map, beside the one on the map (from the loaded atlas, whose rows the index gives). */
function pairsOf(loaded: Atlas, row: ReadonlyMap<string, number>, incoming: readonly EventFeature[], skipped: readonly string[]): [EventFeature, EventFeature][] {
  const wanted = new Set(skipped);
  const out: [EventFeature, EventFeature][] = [];
  for (const f of incoming) {
    const at = wanted.has(f.id) ? row.get(f.id) : undefined;
    if (at !== undefined) out.push([loaded.features[at], f]);
  }
  return out;
}

/** Pairs compared between two hand-backs to the page: a few milliseconds' work. */
const COMPARED_AT_ONCE = 500;

/**
 * Finds, in the page's spare moments, which features the files give otherwise than the map
 * already shows them (a revised row of a dataset downloaded again), and adds that to their
 * lines of the summary, if it is still the one shown.
 */
async function noteRevised(app: ImportTarget, reports: ImportReport[], repeats: Map<number, Repeats>): Promise<void> {
  const revised = new Map<number, string[]>();
  for (const [k, { compared, pairs }] of repeats) {
    const ids: string[] = [];
    for (let i = 0; i < pairs.length; i++) {
      if (i > 0 && i % COMPARED_AT_ONCE === 0) {
        await handBack();
        if (app.importSummary !== reports) return;
      }
      if (!sameFeature(pairs[i][0], pairs[i][1], compared)) ids.push(pairs[i][0].id);
    }
    if (ids.length > 0) revised.set(k, ids);
  }
  if (revised.size === 0 || app.importSummary !== reports) return;
  app.importSummary = reports.map((r, k) => (revised.has(k) ? { ...r, revised: revised.get(k) } : r));
}

/** A feature's properties as JSON text, without parsing them when they are still the text they came as. */
const propertiesText = (f: EventFeature): string => (f instanceof StoredFeature ? f.propertiesText() : JSON.stringify(f.properties));

/** Whether two features have the same geometry, read from a point's numbers where both came so (no geometry object made for each). */
function sameGeometry(a: EventFeature, b: EventFeature): boolean {
  if (a instanceof StoredFeature && b instanceof StoredFeature && !Number.isNaN(a.lon) && !Number.isNaN(b.lon)) return a.lon === b.lon && a.lat === b.lat;
  return sameValue(a.geometry, b.geometry);
}

/**
 * How a file's copy of a feature is compared with the map's: `whole` for this map's GeoJSON
 * export, which holds all of it; `own-export` for its CSV and KML exports, which hold less
 * (see `convertedView`); `converted` for any other file, converted from its format.
 */
type Compared = 'whole' | 'own-export' | 'converted';

/** The features of a file found on the map, beside those on the map, and how to compare them. */
interface Repeats {
  compared: Compared;
  pairs: [EventFeature, EventFeature][];
}

/**
 * What a file converted from another format says of a feature, leaving out what the file
 * itself brings rather than says (its own source's id, the day it was saved, the claims'
 * ids): a newer download of the same spreadsheet differs in those on every row. With
 * `claims`, the claims' words and figures too; without, what this map's CSV and KML exports
 * carry of a feature besides its facts as one text: title, time, position and its precision.
 */
function convertedView(p: EventProperties, claims: boolean): unknown {
  const t = p.time;
  return [
    p.title,
    t ? [t.local, t.end ?? null, t.precision] : null,
    precisionUnstated(p.location) ? null : [p.location.radiusM, p.location.basis],
    claims ? p.claims.map((c) => [c.topic, c.statement, c.value ?? null, c.qualifier ?? null, c.unit ?? null]) : null,
  ];
}

const hasRecord = (p: EventProperties) => p.claims.some((c) => c.topic === 'record');

/**
 * Whether two features with one id say the same: the same geometry and the same properties,
 * in whatever order their members come; for the copy `b` of a file converted from another
 * format, the same in what such a file can say (see `Compared` and `convertedView`): the
 * claims too where both came from such files, each with its record of the row.
 */
export function sameFeature(a: EventFeature, b: EventFeature, compared: Compared = 'whole'): boolean {
  if (!sameGeometry(a, b)) return false;
  const [x, y] = [propertiesText(a), propertiesText(b)];
  if (x === y) return true;
  const [p, q] = [JSON.parse(x) as EventProperties, JSON.parse(y) as EventProperties];
  if (compared === 'whole') return sameValue(p, q);
  const claims = compared === 'converted' && hasRecord(p) && hasRecord(q);
  return sameValue(convertedView(p, claims), convertedView(q, claims));
}

/** Deep equality of JSON values, members in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
