import { formatFigure } from './claims';
import { flatFields } from './interchange';
import { anchor, toWkt } from './geometry';
// A line's or an area's longitude and latitude are its anchor, measured by Turf, wherever a CSV is written.
import './shape-kit';
import type { Atlas, Claim, EventFeature, Incident, Originator, Source } from './schema';
import { blobInSteps } from './blob-writer';
import { CSV_COLUMNS, CSV_LATER_COLUMNS, formulaStart } from './csv-columns';
import { precisionUnstated } from './unstated-precision';

const COLUMNS = [...CSV_COLUMNS, ...CSV_LATER_COLUMNS];

/** A plain decimal number, which a spreadsheet reads as a number and never as a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Quotes a CSV field (RFC 4180), and defuses text a spreadsheet would run as a formula
 * (OWASP's list: a cell starting with =, +, -, @, tab or carriage return gets a leading
 * apostrophe). Numbers, and text that is only a plain number such as "-57.07", stay
 * numbers a spreadsheet can compute with.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  // A number's or a boolean's text never holds a quote, a comma or a line break, nor is it taken for a formula.
  if (typeof value !== 'string') return String(value);
  let s = value;
  if (defusable(s)) s = `'${s}`;
  if (!NEEDS_QUOTES.test(s)) return s;
  return s.includes('"') ? `"${s.replace(/"/g, '""')}"` : `"${s}"`;
}
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * Whether a cell gets an apostrophe before it: one starting like a formula (but a plain
 * negative number), and one whose leading apostrophes are followed by such a start, so that
 * taking one apostrophe off on import (`undefused`) gives back every text: a title written
 * "'=x" lost its apostrophe when the app read its own export back.
 */
function defusable(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c !== 39) return formulaStart(c) && !PLAIN_NUMBER.test(s);
  let k = 1;
  while (s.charCodeAt(k) === 39) k++;
  return formulaStart(s.charCodeAt(k));
}

/**
 * A source as a row's `citations` column cites it: its id, then publisher, title, date, link
 * and whose story it carries (as the panel says it, so that a reader of the file can count
 * originators as the panel does); the id alone when the catalogue lacks it.
 */
function citationText(sources: ReadonlyMap<string, Source>, originators: ReadonlyMap<string, Originator>, id: string): string {
  const s = sources.get(id);
  if (!s) return `[${id}] ${id}`;
  const origin = s.originator ? `, originator: ${originators.get(s.originator)?.name ?? s.originator}` : s.syndicated ? ', a republished agency story, originator not known' : '';
  return `[${id}] ${s.publisher}, "${s.title}"${s.published ? `, ${s.published}` : ''}, ${s.url}${s.archiveUrl ? ` (archived: ${s.archiveUrl})` : ''}${origin}`;
}

/**
 * A source's citation as the `citations` column holds it, written once per export: a few
 * sources are cited by thousands of rows. Kept already escaped for a quoted field, so a
 * row only joins them: the column always starts with "[", which no spreadsheet takes for a
 * formula, and escaping each part is escaping the whole, since " | " holds no quote.
 */
interface CitationText {
  escaped: string;
  /** Whether the field must be quoted (a quote, comma or line break in it). */
  quoted: boolean;
}

type Cite = (id: string) => CitationText;

function citer(sources: ReadonlyMap<string, Source>, originators: ReadonlyMap<string, Originator>): Cite {
  const made = new Map<string, CitationText>();
  return (id) => {
    let text = made.get(id);
    if (text === undefined) {
      const plain = citationText(sources, originators, id);
      made.set(id, (text = { escaped: plain.replace(/"/g, '""'), quoted: NEEDS_QUOTES.test(plain) }));
    }
    return text;
  };
}

/** The `citations` field, quoted where needed: every source the feature's time, position and claims cite, then its incidents' claims, each once, in that order. */
function citationsField(p: EventFeature['properties'], incidents: readonly Incident[], cite: Cite): string {
  const ids: string[] = [];
  const add = (list: readonly string[]) => {
    for (const id of list) if (!ids.includes(id)) ids.push(id);
  };
  add(p.time?.sources ?? []);
  add(p.location.sources);
  for (const c of p.claims) add(c.sources);
  for (const i of incidents) for (const c of i.claims) add(c.sources);
  let quoted = false;
  let text = '';
  for (let k = 0; k < ids.length; k++) {
    const c = cite(ids[k]);
    quoted ||= c.quoted;
    text += k === 0 ? c.escaped : ` | ${c.escaped}`;
  }
  return quoted ? `"${text}"` : text;
}

/** A claim as the `facts` and `incident_facts` columns write it: "topic: figure. statement (who, date, status) [source ids]". */
function factText(c: Claim): string {
  const figure = formatFigure(c);
  const refs = c.sources.length > 0 ? `[${c.sources.join('][')}]` : '';
  return `${c.topic}: ${figure ? `${figure}. ` : ''}${c.statement} (${c.by}, ${c.date}, ${c.status}) ${refs}`;
}

/** The `incident_facts` field: each claim of the events the feature is part of, after the event's title. */
function incidentFacts(incidents: readonly Incident[]): string {
  return incidents.flatMap((i) => i.claims.map((c) => `${i.title} › ${factText(c)}`)).join(' | ');
}

/** One row per feature, with facts and citations flattened into text columns. */
export function toCsv(atlas: Atlas, features: readonly EventFeature[]): string {
  return csvLines(atlas, features).join('');
}

/** The lines of `toCsv`, each with its line break, to hand to a Blob: a large export is never one string. */
export function csvLines(atlas: Atlas, features: readonly EventFeature[]): string[] {
  const write = lineWriter(atlas);
  return [CSV_HEADER, ...features.map(write)];
}

/** As `csvLines`, handing the page back every `STEP` rows, so a large export never freezes it; the rows come as one Blob. */
export async function csvLinesInSteps(atlas: Atlas, features: readonly EventFeature[]): Promise<BlobPart[]> {
  return [CSV_HEADER, await blobInSteps(features, lineWriter(atlas))];
}

/** The header line, with its line break. */
export const CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

/**
 * Writes a feature's line, with its line break; each source's citation is written once per
 * writer. One template, not a list of fields each passed through `csvField`: a line is
 * written for every feature of a large atlas (ahead, in the page's idle moments), and the
 * fields whose form the schema fixes (times checked against their pattern, the enumerated
 * precision and basis, numbers, and the UTC texts and offset this app writes) can hold no
 * comma, quote or line break and never start like a formula, so only text from the data is
 * quoted and defused: 100,000 lines written and encoded in Node took about 10% less than with one `csvField` per field.
 */
export function lineWriter(atlas: Pick<Atlas, 'sources' | 'originators' | 'incidents'>): (f: EventFeature) => string {
  const cite = citer(atlas.sources, atlas.originators);
  const incidentsOf = new Map<string, Incident[]>();
  for (const i of atlas.incidents) for (const id of i.features) incidentsOf.set(id, [...(incidentsOf.get(id) ?? []), i]);
  return (f) => {
    const incidents = incidentsOf.get(f.id) ?? NO_INCIDENTS;
    const p = f.properties;
    const t = p.time;
    const flat = flatFields(t, p.actors);
    // A line's or polygon's longitude and latitude are its anchor; `wkt` carries the whole shape.
    const [lon, lat] = anchor(f);
    const titles = p.titles ? csvField(Object.entries(p.titles).map(([lang, title]) => `${lang}: ${title}`).join('; ')) : '';
    // "UTC+03:30", not "+03:30", which a spreadsheet would take for a formula.
    const offset = flat.utcOffset ? `UTC${flat.utcOffset}` : '';
    const when = t ? `${t.local},${t.end ?? ''},${t.precision},${t.approximate},${csvField(flat.timeZone)}` : ',,,,';
    // Left empty where the radius is a placeholder: the note beside it says the file gave no precision.
    const precision = precisionUnstated(p.location) ? '' : p.location.radiusM;
    return (
      `${csvField(f.id)},${csvField(p.title)},${titles},${csvField(p.layer)},${when},${offset},${flat.timeStart ?? ''},${flat.timeEnd ?? ''},` +
      `${lon},${lat},${precision},${p.location.basis},${csvField(p.location.note)},${csvField(flat.actorsText)},${csvField(p.claims.map(factText).join(' | '))},` +
      `${citationsField(p, incidents, cite)},${csvField(toWkt(f.geometry))},${incidents.length > 0 ? csvField(incidentFacts(incidents)) : ''}\r\n`
    );
  };
}

const NO_INCIDENTS: readonly Incident[] = [];
