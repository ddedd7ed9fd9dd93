/**
 * Imports the citations of the seed article into the source catalog.
 *
 * Usage: npx tsx scripts/import-seed.ts <seed-path> [--catalog geodata/sources.json] [--dry-run]
 *
 * Reads the seed's wikitext, repairs its encoding (UTF-8 read as Windows-1252; see
 * scripts/lib/mojibake.ts), parses every <ref>, merges the cited sources into the catalog by
 * URL (existing ids are kept; see scripts/lib/seed-catalog.ts) and reports what it did and
 * which catalog sources no fact in geodata cites yet. With --dry-run nothing is written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Source } from '../src/lib/data/schema';
import { looksLikeMojibake, repairMojibake } from './lib/mojibake';
import { citedSourceIds, mergeCatalog, publishersByHost, refToDraft, type DraftNote, type DraftSource, type MergeResult } from './lib/seed-catalog';
import { parseRefs } from './lib/wikitext-refs';

export interface ImportOptions {
  seedPath: string;
  /** Defaults to geodata/sources.json; the layer files are read from the same directory. */
  catalogPath?: string;
  dryRun?: boolean;
  /** Where report lines go; console.log by default. */
  log?: (line: string) => void;
}

export interface ImportReport {
  /** Ref definitions found (each `<ref>…</ref>` with content). */
  refs: number;
  /** `<ref name="x" />` tags pointing back at a definition. */
  reuses: number;
  /** Characters the encoding repair could not recover (written as U+FFFD). */
  unrecoverable: number;
  repaired: boolean;
  added: Source[];
  updated: Source[];
  matched: Source[];
  untouched: Source[];
  sameUrl: MergeResult['sameUrl'];
  notes: DraftNote[];
  undefinedNames: string[];
  duplicateNames: string[];
  /** Catalog sources (after the merge) that no feature, place or relation in geodata cites. */
  uncited: Source[];
  catalogPath: string;
  written: boolean;
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

async function readJsonOrUndefined(path: string): Promise<unknown> {
  try {
    return await readJson(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Reads the layer files, places and relations next to the catalog and returns the cited ids. */
async function readCitedIds(dir: string): Promise<Set<string>> {
  // The atlas manifest lists the layers; an older folder has them in layers.json.
  const layers = (await readJsonOrUndefined(join(dir, 'atlas.json'))) ?? (await readJsonOrUndefined(join(dir, 'layers.json')));
  const list = (layers as { layers?: { file?: unknown }[] } | undefined)?.layers ?? [];
  const layerFiles: unknown[] = [];
  for (const layer of list) if (typeof layer.file === 'string') layerFiles.push(await readJsonOrUndefined(join(dir, layer.file)));
  return citedSourceIds({
    layerFiles,
    places: await readJsonOrUndefined(join(dir, 'basemap-places.geojson')),
    relations: await readJsonOrUndefined(join(dir, 'relations.json')),
  });
}

/** Runs the import and prints its report; returns the report for callers and tests. */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const catalogPath = options.catalogPath ?? 'geodata/sources.json';
  const log = options.log ?? ((line: string) => console.log(line));

  const raw = (await readFile(options.seedPath, 'utf8')).replace(/^\uFEFF/, '');
  const repaired = looksLikeMojibake(raw);
  const { text, unrecoverable } = repaired ? repairMojibake(raw) : { text: raw, unrecoverable: 0 };

  const parsed = parseRefs(text);
  const hosts = publishersByHost(parsed.refs);
  const drafts: DraftSource[] = [];
  const notes: DraftNote[] = [];
  parsed.refs.forEach((ref, i) => {
    const result = refToDraft(ref, i, hosts);
    notes.push(...result.notes);
    if (result.draft) drafts.push(result.draft);
  });

  const catalog = (await readJson(catalogPath)) as Record<string, unknown> & { sources: Source[] };
  if (!Array.isArray(catalog?.sources)) throw new Error(`${catalogPath}: must be an object with a "sources" array`);
  const merged = mergeCatalog(catalog.sources, drafts);

  let written = false;
  if (!options.dryRun) {
    await writeFile(catalogPath, `${JSON.stringify({ ...catalog, sources: merged.sources }, null, 2)}\n`, 'utf8');
    written = true;
  }

  const cited = await readCitedIds(dirname(catalogPath));
  const uncited = merged.sources.filter((s) => !cited.has(s.id));
  const report: ImportReport = {
    refs: parsed.refs.length,
    reuses: parsed.reuses,
    unrecoverable,
    repaired,
    added: merged.added,
    updated: merged.updated,
    matched: merged.matched,
    untouched: merged.untouched,
    sameUrl: merged.sameUrl,
    notes,
    undefinedNames: parsed.undefinedNames,
    duplicateNames: parsed.duplicateNames,
    uncited,
    catalogPath,
    written,
  };
  for (const line of formatReport(report)) log(line);
  return report;
}

/** The report as printed lines. */
export function formatReport(r: ImportReport): string[] {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`, ...items.map((s) => `  ${s}`));
  };
  lines.push(
    r.repaired ? `encoding: repaired; ${r.unrecoverable} unrecoverable character(s) written as U+FFFD` : 'encoding: did not look like mojibake; left as read',
    `refs: ${r.refs} definitions, ${r.reuses} reuses (${r.refs + r.reuses} uses)`,
    `catalog: ${r.added.length} added, ${r.updated.length} updated (archive URL), ${r.matched.length} matched and kept, ${r.untouched.length} not in the seed and kept`,
    r.written ? `wrote ${r.catalogPath}` : `dry run: ${r.catalogPath} not written`,
  );
  section('added', r.added.map((s) => `${s.id}  [${s.type}]`));
  section('gained an archive URL', r.updated.map((s) => s.id));
  const byKind = (kind: DraftNote['kind']) => r.notes.filter((n) => n.kind === kind).map((n) => `${n.ref}: ${n.detail}`);
  section('type guessed by fallback, please check', byKind('type-guessed'));
  section('language guessed from script', byKind('language-guessed'));
  section('publisher not named in the ref', [...byKind('publisher-from-other-refs'), ...byKind('publisher-from-host'), ...byKind('publisher-looked-like-language')]);
  section('date problems', [...byKind('date-unreadable'), ...byKind('date-after-access-date'), ...byKind('date-from-tweet-id')]);
  section('archive URL left out', byKind('archive-of-other-site'));
  section('refs not imported', [...byKind('no-url'), ...byKind('no-title')]);
  section('refs sharing a URL with an earlier ref (one entry kept)', r.sameUrl.map((s) => `${s.url}: kept "${s.kept}"; also cited as ${s.others.map((t) => `"${t}"`).join(', ')}`));
  section('reused names never defined', r.undefinedNames);
  section('names defined twice', r.duplicateNames);
  section('refs no fact uses yet', r.uncited.map((s) => s.id));
  return lines;
}

function parseArgs(argv: string[]): ImportOptions {
  const options: ImportOptions = { seedPath: '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--catalog') options.catalogPath = argv[++i];
    else if (arg.startsWith('--catalog=')) options.catalogPath = arg.slice('--catalog='.length);
    else if (!options.seedPath && !arg.startsWith('--')) options.seedPath = arg;
    else throw new Error(`unexpected argument "${arg}"`);
  }
  if (!options.seedPath || options.catalogPath === undefined && argv.includes('--catalog')) {
    throw new Error('usage: npx tsx scripts/import-seed.ts <seed-path> [--catalog geodata/sources.json] [--dry-run]');
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await runImport(parseArgs(process.argv.slice(2)));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
