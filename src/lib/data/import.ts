import type { Atlas, EventFeature, LayerDef, Originator, Problem, Source } from './schema';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { MAX_ID_LENGTH } from './schema';
import { append } from './load';
import { plainFeature, schemaVersionProblem } from './interchange';
import { packed } from './lists';
import { declareZones } from './time';
import { keptOf, labelOf, quote, short, unique, validateIncidents, validateLayerFile, validateRelations, validateRoutes, validateSources } from './validate';
import { readDefinitions } from './import-definitions';

type Json = Record<string, unknown>;

/** Features validated per call: large enough to be cheap, small enough to report progress. */
const CHUNK = 5000;

/** Called now and then while a large file is checked: features done, features in all. */
export type OnProgress = (done: number, total: number) => void;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list member of the file, or an empty list when the member is missing or not a list. */
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Longest layer title taken from a file; the rest is cut (it is shown in the legend). */
const TITLE_MAX = 200;

/**
 * The source records a file holds, by id: from its catalogue (the current form) or embedded
 * at every citation (the earlier form). A Map, so a source id such as "__proto__" is only
 * ever a key; an id met with two different records is noted, and the first record is used.
 */
export class Cited {
  readonly records = new Map<string, { record: Json; text: string }>();
  readonly conflicting = new Set<string>();

  add(s: unknown): void {
    if (!isObject(s) || typeof s.id !== 'string') return;
    const text = JSON.stringify(s);
    const seen = this.records.get(s.id);
    if (!seen) this.records.set(s.id, { record: s, text });
    else if (seen.text !== text) this.conflicting.add(s.id);
  }

  /**
   * Turns an item's citation list into ids, in place (the parsed JSON is the caller's own
   * copy, so nothing is copied per feature), keeping any embedded records. Anything else
   * is left for validation to name.
   */
  toIds(item: unknown): void {
    if (!isObject(item) || !Array.isArray(item.sources)) return;
    const list: unknown[] = item.sources;
    // A list already of ids (the current form) stays the parsed list: see `packed`.
    if (!list.some((s) => isObject(s))) return;
    item.sources = packed(list, (s) => {
      if (!isObject(s) || typeof s.id !== 'string') return s;
      this.add(s);
      return s.id;
    });
  }
}

/** Everything of an export but its features, read: what each part of a file split in two shares. */
export interface ExportHead {
  json: Json;
  /** Problems of the collection's members, found before the features are read. */
  problems: Problem[];
  cited: Cited;
  rawRelations: unknown[];
  rawIncidents: unknown[];
  rawRoutes: unknown[];
}

/** An export's features grouped by layer, in the order the layers first appear, with each feature's place in the file. */
export interface ExportGroups {
  layers: Map<string, LayerDef>;
  byLayer: Map<string, { items: unknown[]; at: number[] }>;
  problems: Problem[];
  count: number;
}

/** The source catalogue of an export, checked, once every citation has been read. */
export interface ExportCatalogue {
  problems: Problem[];
  /** The checked sources by id. */
  byId: Map<string, Source>;
  originators: Map<string, Originator>;
  known: Set<string>;
}

/** Each layer's checked features and problems, in the layers' order. */
export type CheckedLayers = Map<string, { features: EventFeature[]; problems: Problem[] }>;

const empty = (): Atlas => ({ layers: [], features: [], relations: [], incidents: [], routes: [], story: [], sources: new Map(), originators: new Map() });

/** Reads an export's members other than its features; a file that is not an export, or is from a newer version, is refused with the reason. */
export function openExport(file: string, json: unknown): ExportHead | { refused: Problem } {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    return { refused: { file, severity: 'error', message: 'must be a GeoJSON FeatureCollection written by Export GeoJSON' } };
  }
  const versionProblem = schemaVersionProblem(json.schemaVersion);
  if (versionProblem) return { refused: { file, field: 'schemaVersion', severity: 'error', message: versionProblem } };
  const problems: Problem[] = [];
  if (json.relations !== undefined && !Array.isArray(json.relations)) {
    problems.push({ file, field: 'relations', severity: 'error', message: 'must be a list of links between events; the links were left out' });
  }
  if (json.routes !== undefined && !Array.isArray(json.routes)) {
    problems.push({ file, field: 'routes', severity: 'error', message: 'must be a list of routes; the routes were left out' });
  }
  if (json.sources !== undefined && !Array.isArray(json.sources)) {
    problems.push({ file, field: 'sources', severity: 'error', message: 'must be a list of source records; the catalogue was left out' });
  }
  // The zones behind the abbreviations of the file's times (see buildExport), so their days can be placed in UTC.
  declareZones(json.timeZones);
  const cited = new Cited();
  for (const s of listOf(json.sources)) cited.add(s);
  return { json, problems, cited, rawRelations: listOf(json.relations), rawIncidents: listOf(json.incidents), rawRoutes: listOf(json.routes) };
}

/** The features of a slice of a features list, `text` being its body (no brackets), or null when they do not parse as one list. */
export function parseList(text: string): unknown[] | null {
  try {
    const list: unknown = JSON.parse(`[${text}]`);
    return Array.isArray(list) ? list : null;
  } catch {
    return null;
  }
}

/** The items of layer `layerId` at `keptAt` among grouped features, from `from` to `to` of them; null when one is not there. */
export function keptItems(groups: ExportGroups, layerId: string, keptAt: Uint32Array, from = 0, to = keptAt.length): EventFeature[] | null {
  const items = groups.byLayer.get(layerId)?.items;
  if (!items) return null;
  const out: EventFeature[] = [];
  for (let k = from; k < to; k++) {
    const item = items[keptAt[k]];
    if (item === undefined) return null;
    out.push(item as EventFeature);
  }
  return out;
}

/**
 * Groups features by layer, taking each layer's title, and turns every citation into an id.
 * `offset` is the place in the file of the first of `rawFeatures` (a file's second part starts after the first).
 */
export function groupFeatures(file: string, head: ExportHead, rawFeatures: readonly unknown[], offset = 0): ExportGroups {
  const problems: Problem[] = [];
  const layers = new Map<string, LayerDef>();
  const byLayer = new Map<string, { items: unknown[]; at: number[] }>();
  for (let k = 0; k < rawFeatures.length; k++) {
    const raw = rawFeatures[k];
    const i = offset + k;
    if (!isObject(raw) || !isObject(raw.properties)) {
      problems.push({ file, feature: labelOf(raw, `features[${i}]`), severity: 'error', message: 'must be a GeoJSON Feature with a "properties" object' });
      continue;
    }
    const layerTitle = raw.properties.layerTitle;
    const f = plainFeature(raw);
    const p = f.properties as Json;
    const layerId = p.layer;
    if (typeof layerId !== 'string' || layerId.length > MAX_ID_LENGTH || !/^[a-z0-9][a-z0-9-]*$/.test(layerId)) {
      problems.push({ file, feature: labelOf(f, `features[${i}]`), field: 'layer', severity: 'error', message: `must be a layer id of lowercase letters, digits and hyphens (got ${quote(layerId)})` });
      continue;
    }
    let group = byLayer.get(layerId);
    if (!group) {
      const title = typeof layerTitle === 'string' && layerTitle.trim() !== '' ? layerTitle.slice(0, TITLE_MAX) : layerId;
      layers.set(layerId, { id: layerId, title, description: '', file, color: '#666666' });
      byLayer.set(layerId, (group = { items: [], at: [] }));
    }
    group.items.push(f);
    group.at.push(i);
    head.cited.toIds(p.time);
    head.cited.toIds(p.location);
    for (const c of listOf(p.claims)) head.cited.toIds(c);
  }
  return { layers, byLayer, problems, count: rawFeatures.length };
}

/** Reads the citations of the links and incidents, then checks the catalogue with every source record the file holds. */
export function closeCatalogue(file: string, head: ExportHead): ExportCatalogue {
  const { cited, json } = head;
  for (const r of head.rawRelations) cited.toIds(r);
  for (const inc of head.rawIncidents) if (isObject(inc)) for (const c of listOf(inc.claims)) cited.toIds(c);
  for (const r of head.rawRoutes) cited.toIds(r);
  const problems: Problem[] = [];
  for (const id of cited.conflicting) {
    problems.push({ file, feature: short(id), field: 'sources', severity: 'error', message: 'this source appears with two different records; the first one is used' });
  }
  // The agencies the sources name: from the file's `originators` when it has them, else named by id.
  const records = [...cited.records.values()].map((c) => c.record);
  const listed = listOf(json.originators).filter((o): o is Json => isObject(o) && typeof o.id === 'string');
  const listedIds = new Set(listed.map((o) => o.id as string));
  const named = new Set(records.flatMap((r) => (typeof r.originator === 'string' && !listedIds.has(r.originator) ? [r.originator] : [])));
  const originators: unknown[] = [...listed, ...[...named].map((id): Originator => ({ id, name: id, type: 'wire' }))];
  const catalog = validateSources(file, { originators, sources: records });
  append(problems, catalog.problems.filter((p) => p.severity === 'error'));
  const byId = new Map<string, Source>(catalog.sources.map((s) => [s.id, s]));
  return { problems, byId, originators: catalog.originators, known: keptOf(new Set(byId.keys()), () => records.map((r) => r.id)) };
}

/**
 * The ids a part of a file makes validation remember, layer by layer: each feature's string
 * id, and the string id of each of its claims. The two parts of a file checked side by side
 * trade them at the end, to learn whether any repeats (see `import-parts.ts`).
 */
export interface PartIds {
  features: Map<string, string[]>;
  claims: Map<string, string[]>;
}

export function partIds(groups: ExportGroups): PartIds {
  const features = new Map<string, string[]>();
  const claims = new Map<string, string[]>();
  for (const [layerId, { items }] of groups.byLayer) {
    const f: string[] = [];
    const c: string[] = [];
    for (const item of items as Json[]) {
      if (typeof item.id === 'string') f.push(item.id);
      for (const claim of listOf((item.properties as Json).claims)) if (isObject(claim) && typeof claim.id === 'string') c.push(claim.id);
    }
    features.set(layerId, f);
    claims.set(layerId, c);
  }
  return { features, claims };
}

/** Hears each chunk once checked: how many features it had, its layer, and the features it kept (final: nothing later drops them). */
export type OnChunk = (count: number, layerId: string, kept: EventFeature[]) => void;

/** Checks grouped features layer by layer in `order`, 5,000 at a time; `onChunk` hears each chunk once checked. */
export function checkGroups(file: string, groups: ExportGroups, order: readonly string[], known: ReadonlySet<string>, onChunk?: OnChunk): CheckedLayers {
  const seen = new Set<string>();
  const out: CheckedLayers = new Map();
  for (const layerId of order) {
    // Claim ids are unique within a layer, as in an atlas's layer file: one record for all its chunks.
    const claimIds = unique();
    const group = groups.byLayer.get(layerId);
    if (group) {
      const checked = { features: [] as EventFeature[], problems: [] as Problem[] };
      for (let i = 0; i < group.items.length; i += CHUNK) {
        const chunk = group.items.slice(i, i + CHUNK);
        const result = validateLayerFile(file, { type: 'FeatureCollection', features: chunk }, groups.layers.get(layerId)!, known, seen, claimIds, (k) => group.at[i + k]);
        append(checked.problems, result.problems);
        append(checked.features, result.features);
        onChunk?.(chunk.length, layerId, result.features);
      }
      out.set(layerId, checked);
    }
  }
  return out;
}

/** Checks the links, incidents and routes against the kept features, reads the definitions beside them, and puts the atlas together. */
export function finishExport(file: string, head: ExportHead, catalogue: ExportCatalogue, layers: LayerDef[], features: EventFeature[], featureIds: ReadonlySet<string>, problems: Problem[]): { atlas: Atlas; problems: Problem[] } {
  const rel = validateRelations(file, { relations: head.rawRelations }, featureIds, catalogue.known, null);
  append(problems, rel.problems);
  const inc = validateIncidents(file, { incidents: head.rawIncidents }, featureIds, catalogue.known);
  append(problems, inc.problems);
  const routes = validateRoutes(file, { routes: head.rawRoutes }, featureIds, catalogue.known);
  append(problems, routes.problems);
  const defined = readDefinitions(file, head.json, rel.relations);
  append(problems, defined.problems);
  return {
    atlas: {
      layers,
      features,
      relations: rel.relations,
      incidents: inc.incidents,
      routes: routes.routes,
      story: [],
      sources: catalogue.byId,
      originators: catalogue.originators,
      ...defined.definitions,
    },
    problems,
  };
}

/**
 * Reads a file written by Export GeoJSON back into an atlas, validating it with the same
 * rules as `geodata/`. Reads every schema version so far: 3, with a `sources` catalogue (and
 * `originators`) and citations by id, and the routes, relation types and calendars it may carry; 2 and 1, with full source records at every citation
 * (2 adds JSON-FG members, flat fields and actor records, which are dropped again); a file
 * from a newer version is refused with a message. The parsed JSON is changed in place. Never throws: whatever the JSON value, what
 * is wrong comes back as problems naming the file and the feature.
 */
export function importExport(file: string, json: unknown, onProgress?: OnProgress): { atlas: Atlas; problems: Problem[] } {
  const head = openExport(file, json);
  if ('refused' in head) return { atlas: empty(), problems: [head.refused] };
  const groups = groupFeatures(file, head, head.json.features as unknown[]);
  const catalogue = closeCatalogue(file, head);
  const problems = [...head.problems, ...groups.problems, ...catalogue.problems];
  let done = 0;
  const checked = checkGroups(file, groups, [...groups.layers.keys()], catalogue.known, (n) => onProgress?.((done += n), groups.count));
  const features: EventFeature[] = [];
  for (const layer of checked.values()) {
    append(problems, layer.problems);
    append(features, layer.features);
  }
  const allIds = () => [...groups.byLayer.values()].flatMap(({ items }) => items.map((item) => (isObject(item) ? item.id : undefined)));
  return finishExport(file, head, catalogue, [...groups.layers.values()], features, keptOf(new Set(features.map((f) => f.id)), allIds), problems);
}

/** A file's text, and the encoding its bytes were read in. */
export interface DecodedText {
  text: string;
  /** `damaged-utf-8`: UTF-8 but for some bytes, which show as U+FFFD (see `decodeBytes`). */
  encoding: 'utf-16le' | 'utf-16be' | 'utf-8' | 'damaged-utf-8' | 'windows-1252';
}

/**
 * The text of a file's bytes: UTF-16 (either byte order) when it starts with that byte
 * order mark, else UTF-8 when the bytes are UTF-8, else Windows-1252, the code page Excel
 * on Windows saves a CSV in across Western Europe and the Americas (each of its bytes is a
 * character, so it reads any bytes; the caller says the file was read so). Unless most of
 * the text beyond ASCII does read as UTF-8: then it is a UTF-8 file with a few bytes
 * damaged (a download cut short, say), read as UTF-8 with those bytes as U+FFFD, since read
 * as Windows-1252 every Persian or Arabic letter in it would be garbled.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const marked = encodingOf(bytes);
  if (marked !== 'utf-8') return { text: new TextDecoder(marked).decode(bytes), encoding: marked };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const unreadable = lenient.match(/\uFFFD/g)?.length ?? 0;
    const readable = lenient.match(/[^\x00-\x7f\uFFFD]/g)?.length ?? 0;
    return readable > unreadable ? { text: lenient, encoding: 'damaged-utf-8' } : { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The text of a file's bytes (see `decodeBytes`). */
export const decodeText = (bytes: Uint8Array): string => decodeBytes(bytes).text;

/** The encoding a file's first bytes name: UTF-16 (either byte order) with its byte order mark, else UTF-8. */
export function encodingOf(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'utf-8' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The line and column of a character offset in a text, counted from 1. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Why a file that `looksUnmarkedUtf16` is not read, in words for the user. */
export const UNMARKED_UTF16 = 'the file looks like UTF-16 without a byte order mark; save it as UTF-8 and try again';

/**
 * True when a text is UTF-16 without its byte order mark, read as UTF-8: its ASCII letters
 * then stand between NUL characters, and other characters show as replacement characters.
 * Only the first characters are looked at, so that a large file costs nothing more.
 */
export const looksUnmarkedUtf16 = (text: string): boolean => /^(\ufffd\ufffd|\u0000)|^[^\u0000]\u0000/.test(text);

/**
 * Parses the text of a file as JSON, or says in plain words why it cannot be read: a
 * UTF-16 file, an empty one, or the line and column where the JSON breaks. A UTF-8 byte
 * order mark is skipped.
 */
export function parseJsonText(text: string): { json: unknown } | { reason: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { reason: 'the file is empty' };
  if (looksUnmarkedUtf16(body)) return { reason: UNMARKED_UTF16 };
  try {
    return { json: JSON.parse(body) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // V8 names the offset in some messages ("… in JSON at position 10 (line 2 column 3)"), not in all
    // ("Unexpected token 'o', "not json…" is not valid JSON"): then a JSON scanner finds where it breaks.
    const at = /position (\d+)/.exec(message);
    const text = short(message.replace(/ (in JSON )?at position \d+.*$/s, ''));
    const offset = at ? Number(at[1]) : firstJsonError(body);
    if (offset === undefined) return { reason: text };
    const { line, column } = lineAndColumn(body, offset);
    return { reason: `${text} (line ${line}, column ${column})` };
  }
}

/** Where strict JSON first breaks in a text that `JSON.parse` refused, by jsonc-parser's scanner; undefined if it finds nothing. */
function firstJsonError(text: string): number | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset;
}
