import * as v from 'valibot';
import { LINE_STYLES, MANIFEST_FILE, MANIFEST_VERSION, type Manifest } from './manifest';
import { LayerDefSchema, type Problem } from './schema';
import { validateLayerList } from './validate';

const ID = /^[a-z0-9][a-z0-9-]*$/;
/** A file of the atlas folder: a plain name, so a manifest can never point outside its folder. */
const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(geo)?json$/;

/** True when Intl knows the IANA zone name (a link to a zone, such as `Asia/Calcutta`, counts). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function isLanguage(tag: string): boolean {
  try {
    return new Intl.Locale(tag).language.length > 0;
  } catch {
    return false;
  }
}

export function isCalendar(id: string): boolean {
  try {
    return new Intl.DateTimeFormat(`en-u-ca-${id}`).resolvedOptions().calendar === id;
  } catch {
    return false;
  }
}

const text = v.pipe(v.string('must be a string'), v.trim(), v.nonEmpty('must not be empty'), v.maxLength(2000, 'must be at most 2000 characters'));
const texts = v.pipe(
  v.record(v.pipe(v.string(), v.check(isLanguage, 'must be a language tag such as "en" or "fa"')), text, 'must be an object of texts by language, e.g. {"en": "…"}'),
  v.check((r) => Object.keys(r).length > 0, 'must give the text in at least one language'),
);
const file = v.pipe(v.string('must be a file name'), v.regex(FILE, 'must be a .json or .geojson file name in the atlas folder (no folders, no URL)'));
const id = v.pipe(v.string('must be a string'), v.regex(ID, 'must be lowercase letters, digits and hyphens'), v.maxLength(60, 'must be at most 60 characters'));
/** A relation type's id: the manifest's own id rule. */
export const RelationTypeIdSchema = id;
const zone = v.pipe(v.string('must be a string'), v.check(isTimeZone, 'must be an IANA time zone name such as "Europe/Paris"'));
/** One relation type's definition, as a manifest declares it (and the GeoJSON export writes it, see `import-definitions.ts`). */
export const RelationTypeSchema = v.object({
  label: text,
  outgoing: text,
  incoming: text,
  note: text,
  line: v.picklist(LINE_STYLES, `must be one of ${LINE_STYLES.join(', ')}`),
  color: v.optional(v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb'))),
});

/** Every field but `layers`, whose entries are checked by the same rules as before manifests. */
export const ManifestSchema = v.object({
  schemaVersion: v.literal(MANIFEST_VERSION, `must be ${MANIFEST_VERSION}`),
  id,
  title: texts,
  subtitle: v.optional(texts),
  description: texts,
  defaultLanguage: v.pipe(v.string('must be a string'), v.check(isLanguage, 'must be a language tag such as "en"')),
  timeZone: zone,
  zones: v.optional(v.record(v.pipe(v.string(), v.regex(/^[A-Z][A-Za-z0-9+-]{1,9}$/, 'must be a zone abbreviation such as "CET"')), zone), {}),
  layers: v.array(v.unknown(), 'must be a list of layers'),
  sources: file,
  story: v.optional(file),
  relations: v.optional(file),
  incidents: v.optional(file),
  routes: v.optional(file),
  places: v.optional(file),
  relationTypes: v.optional(v.record(RelationTypeIdSchema, RelationTypeSchema, 'must be an object of relation types by id'), {}),
  calendars: v.optional(v.array(v.pipe(v.string(), v.check(isCalendar, 'must be a calendar Intl knows, such as "persian" or "islamic"'))), []),
});

/** The edits (insert, delete, replace, swap neighbours) between two short strings. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Warnings for the fields of an object that the manifest does not define: the app would
 * pass over them in silence, and a misspelt "relation" for "relations" left an atlas's
 * links unloaded without a word. A near miss is named ("did you mean …").
 */
function unknownFields(obj: unknown, known: readonly string[], at: string | undefined, warn: (message: string, field?: string) => void): void {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return;
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= Math.min(2, Math.floor(k.length / 3)));
    warn(`is not a field of the manifest, and is not read${near ? `; did you mean "${near}"?` : ''}`, at ? `${at}.${key}` : key);
  }
}

/** How manifests and the definitions an export carries are checked: every issue, the first of each pipe. */
export const ALL_ISSUES = { abortEarly: false, abortPipeEarly: true } as const;

/** Where a valibot issue lies, as `title.fa` or `relationTypes.launch.line`. */
function pathOf(issue: v.BaseIssue<unknown>): string | undefined {
  const keys = issue.path?.map((p) => String(p.key));
  return keys && keys.length > 0 ? keys.join('.') : undefined;
}

/** An issue's message, a required field left out said plainly, not in the schema library's words ("Invalid key: Expected …"). */
export const issueMessage = (issue: v.BaseIssue<unknown>): string => (issue.input === undefined && issue.message.startsWith('Invalid key') ? 'is missing' : issue.message);

/** An issue as a problem's field (under `prefix`, when given) and message. */
export function issueAt(issue: v.BaseIssue<unknown>, prefix?: string): { field?: string; message: string } {
  const path = pathOf(issue);
  return { field: prefix && path ? `${prefix}.${path}` : (prefix ?? path), message: issueMessage(issue) };
}

/**
 * Checks a manifest at the edge and reports every problem at once (each naming its field),
 * so an author fixes them in one pass. The layers are checked with the layer-list rules.
 */
export function parseManifest(fileName: string, json: unknown): { manifest?: Manifest; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (message: string, field?: string) => problems.push({ file: fileName, field, severity: 'error', message });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problem('must be a JSON object (the atlas manifest)');
    return { problems };
  }
  const warn = (message: string, field?: string) => problems.push({ file: fileName, field, severity: 'warning', message });
  const raw = json as Record<string, unknown>;
  unknownFields(raw, Object.keys(ManifestSchema.entries), undefined, warn);
  const types = raw.relationTypes;
  if (typeof types === 'object' && types !== null && !Array.isArray(types)) {
    for (const [type, def] of Object.entries(types)) unknownFields(def, Object.keys(RelationTypeSchema.entries), `relationTypes.${type}`, warn);
  }
  if (Array.isArray(raw.layers)) raw.layers.forEach((l, i) => unknownFields(l, Object.keys(LayerDefSchema.entries), `layers.${i}`, warn));
  const result = v.safeParse(ManifestSchema, json, ALL_ISSUES);
  if (!result.success) for (const issue of result.issues) problem(issueMessage(issue), pathOf(issue));
  const layers = validateLayerList(fileName, { layers: Array.isArray((json as { layers?: unknown }).layers) ? (json as { layers: unknown[] }).layers : [] });
  for (const p of layers.problems) problems.push({ ...p, field: p.field ? `layers › ${p.field}` : 'layers' });
  // Checked whatever else is wrong, so that one run names every problem: the texts in the default language.
  const lang = raw.defaultLanguage;
  for (const key of ['title', 'description'] as const) {
    const texts = raw[key];
    const given = typeof texts === 'object' && texts !== null && !Array.isArray(texts) && Object.keys(texts).length > 0;
    if (typeof lang === 'string' && isLanguage(lang) && given && !Object.hasOwn(texts, lang)) problem(`must have a ${key} in the default language "${lang}"`, key);
  }
  if (result.success) {
    const m = result.output;
    const files = [m.sources, m.story, m.relations, m.incidents, m.routes, m.places, ...layers.layers.map((l) => l.file)].filter(Boolean);
    const twice = files.filter((f, i) => files.indexOf(f) !== i);
    if (twice.length > 0) problem(`names the same file for two purposes: ${[...new Set(twice)].join(', ')}`);
    if (files.includes(MANIFEST_FILE)) problem(`names ${MANIFEST_FILE}, the manifest itself, as a data file`);
  }
  if (problems.some((p) => p.severity === 'error') || !result.success) return { problems };
  return { manifest: { ...result.output, layers: layers.layers } as Manifest, problems };
}

