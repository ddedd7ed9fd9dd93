import type { Atlas, EventFeature, LayerDef, Originator, Problem, Source } from './schema';
import { MAX_ID_LENGTH } from './schema';
import { append } from './load';
import { fileOriginators, plainFeature, schemaVersionProblem } from './interchange';
import { labelOf, quote, short, validateIncidents, validateLayerFile, validateRelations, validateSources } from './validate';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The embedded source records of an item as ids; anything else is passed on for validation to name. */
function ids(item: unknown): unknown {
  if (!isObject(item) || !Array.isArray(item.sources)) return isObject(item) ? item.sources : undefined;
  return item.sources.map((s: unknown) => (isObject(s) && typeof s.id === 'string' ? s.id : s));
}

/** A list member of the file, or an empty list when the member is missing or not a list. */
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Longest layer title taken from a file; the rest is cut (it is shown in the legend). */
const TITLE_MAX = 200;

/** A feature's properties with the citations turned back into ids, as `geodata/` holds them. */
function plainProperties(p: Json): Json {
  const { layerTitle: _, ...rest } = p;
  const out: Json = { ...rest };
  if (p.time !== undefined) out.time = isObject(p.time) ? { ...p.time, sources: ids(p.time) } : p.time;
  out.location = isObject(p.location) ? { ...p.location, sources: ids(p.location) } : p.location;
  out.claims = Array.isArray(p.claims) ? p.claims.map((c: unknown) => (isObject(c) ? { ...c, sources: ids(c) } : c)) : p.claims;
  return out;
}

/**
 * Reads a file written by Export GeoJSON back into an atlas, validating it with the same
 * rules as `geodata/`: the citations embedded in it become the source catalog. Never
 * throws: whatever the JSON value, what is wrong comes back as problems naming the file
 * and the feature.
 */
export function importExport(file: string, json: unknown): { atlas: Atlas; problems: Problem[] } {
  const empty: Atlas = { layers: [], features: [], relations: [], incidents: [], routes: [], story: [], sources: new Map(), originators: new Map() };
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    return { atlas: empty, problems: [{ file, severity: 'error', message: 'must be a GeoJSON FeatureCollection written by Export GeoJSON' }] };
  }
  const versionProblem = schemaVersionProblem(json.schemaVersion);
  if (versionProblem) return { atlas: empty, problems: [{ file, field: 'schemaVersion', severity: 'error', message: versionProblem }] };
  const problems: Problem[] = [];
  if (json.relations !== undefined && !Array.isArray(json.relations)) {
    problems.push({ file, field: 'relations', severity: 'error', message: 'must be a list of links between events; the links were left out' });
  }
  const rawFeatures = (json.features as unknown[]).map((f) => (isObject(f) ? plainFeature(f) : f));
  const rawRelations = listOf(json.relations);

  // A Map, so a source id such as "__proto__" is only ever a key.
  const cited = new Map<string, { record: Json; text: string }>();
  const conflicting = new Set<string>();
  const cite = (item: unknown) => {
    if (!isObject(item)) return;
    for (const s of listOf(item.sources)) {
      if (!isObject(s) || typeof s.id !== 'string') continue;
      const text = JSON.stringify(s);
      const seen = cited.get(s.id);
      if (!seen) cited.set(s.id, { record: s, text });
      else if (seen.text !== text) conflicting.add(s.id);
    }
  };
  for (const f of rawFeatures) {
    const p = isObject(f) && isObject(f.properties) ? f.properties : undefined;
    if (!p) continue;
    cite(p.time);
    cite(p.location);
    for (const c of listOf(p.claims)) cite(c);
  }
  for (const r of rawRelations) cite(r);
  const rawIncidents = listOf(json.incidents);
  for (const inc of rawIncidents) if (isObject(inc)) for (const c of listOf(inc.claims)) cite(c);
  for (const id of conflicting) {
    problems.push({ file, feature: short(id), field: 'sources', severity: 'error', message: 'this source appears with two different records; the first one is used' });
  }
  // Each source names its originator by id; the file's `originators` member (schema 2) names
  // the agencies, and an older file's agencies go by their ids.
  const named = fileOriginators(json.originators);
  const originatorIds = new Set([...cited.values()].flatMap((c) => (typeof c.record.originator === 'string' ? [c.record.originator] : [])));
  const originatorList: Originator[] = [...originatorIds].map((id) => named.get(id) ?? { id, name: id, type: 'wire' });
  const catalog = validateSources(file, { originators: originatorList, sources: [...cited.values()].map((c) => c.record) });
  append(problems, catalog.problems.filter((p) => p.severity === 'error'));
  const known = new Set(catalog.sources.map((s) => s.id));

  const layers = new Map<string, LayerDef>();
  const features: EventFeature[] = [];
  const seen = new Set<string>();
  rawFeatures.forEach((f, i) => {
    const label = labelOf(f, `features[${i}]`);
    if (!isObject(f) || !isObject(f.properties)) {
      problems.push({ file, feature: label, severity: 'error', message: 'must be a GeoJSON Feature with a "properties" object' });
      return;
    }
    const p = f.properties;
    const layerId = p.layer;
    if (typeof layerId !== 'string' || layerId.length > MAX_ID_LENGTH || !/^[a-z0-9][a-z0-9-]*$/.test(layerId)) {
      problems.push({ file, feature: label, field: 'layer', severity: 'error', message: `must be a layer id of lowercase letters, digits and hyphens (got ${quote(layerId)})` });
      return;
    }
    const title = typeof p.layerTitle === 'string' && p.layerTitle.trim() !== '' ? p.layerTitle.slice(0, TITLE_MAX) : layerId;
    const layer = layers.get(layerId) ?? { id: layerId, title, description: '', file, color: '#666666' };
    layers.set(layerId, layer);
    const result = validateLayerFile(file, { type: 'FeatureCollection', features: [{ ...f, properties: plainProperties(p) }] }, layer, known, seen);
    append(problems, result.problems);
    append(features, result.features);
  });
  const relationList = rawRelations.map((r) => (isObject(r) ? { ...r, sources: ids(r) } : r));
  const rel = validateRelations(file, { relations: relationList }, new Set(features.map((f) => f.id)), known);
  append(problems, rel.problems);
  const incidentList = rawIncidents.map((inc) => (isObject(inc) ? { ...inc, claims: Array.isArray(inc.claims) ? inc.claims.map((c: unknown) => (isObject(c) ? { ...c, sources: ids(c) } : c)) : inc.claims } : inc));
  const inc = validateIncidents(file, { incidents: incidentList }, new Set(features.map((f) => f.id)), known);
  append(problems, inc.problems);
  return {
    atlas: {
      layers: [...layers.values()],
      features,
      relations: rel.relations,
      incidents: inc.incidents,
      routes: [],
      story: [],
      sources: new Map<string, Source>(catalog.sources.map((s) => [s.id, s])),
      originators: catalog.originators,
    },
    problems,
  };
}

/**
 * The text of a file's bytes: UTF-16 (either byte order) when it starts with that byte
 * order mark, else UTF-8 (malformed bytes become U+FFFD, which validation then names).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
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

/**
 * Parses the text of a file as JSON, or says in plain words why it cannot be read: a
 * UTF-16 file, an empty one, or the line and column where the JSON breaks. A UTF-8 byte
 * order mark is skipped.
 */
export function parseJsonText(text: string): { json: unknown } | { reason: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { reason: 'the file is empty' };
  // UTF-16 read as UTF-8 shows as replacement characters and NUL between ASCII letters.
  if (/^(\ufffd\ufffd|\u0000)|^[^\u0000]\u0000/.test(body)) return { reason: 'the file looks like UTF-16 without a byte order mark; save it as UTF-8 and try again' };
  try {
    return { json: JSON.parse(body) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // V8 names the offset in some messages ("… in JSON at position 10 (line 2 column 3)"), not in all.
    const at = /position (\d+)/.exec(message);
    const text = short(message.replace(/ (in JSON )?at position \d+.*$/s, ''));
    if (!at) return { reason: text };
    const { line, column } = lineAndColumn(body, Number(at[1]));
    return { reason: `${text} (line ${line}, column ${column})` };
  }
}
