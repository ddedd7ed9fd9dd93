/**
 * From parsed refs to source catalog entries: the mapping, the stable id rule, the type
 * guess, the merge into an existing catalog and the list of sources no fact cites yet.
 * Pure functions; scripts/import-seed.ts does the reading and writing.
 */
import type { Source, SourceType } from '../../src/lib/data/schema';
import type { RefRecord } from './wikitext-refs';

/** A catalog entry made from a ref, before it has an id. */
export type DraftSource = Omit<Source, 'id'>;

/** Why a ref became (or did not become) a catalog entry the way it did, for the report. */
export interface DraftNote {
  kind:
    | 'no-url'
    | 'no-title'
    | 'type-guessed'
    | 'language-guessed'
    | 'publisher-from-host'
    | 'publisher-from-other-refs'
    | 'publisher-looked-like-language'
    | 'archive-of-other-site'
    | 'date-unreadable'
    | 'date-after-access-date'
    | 'date-from-tweet-id';
  ref: string;
  detail: string;
}

/**
 * Lower-case ASCII slug: lower-case, NFKD, combining marks stripped, every run of characters
 * other than a–z and 0–9 becomes "-", and "-" is trimmed from both ends.
 */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The first `n` words of `s` for an id. A word is a run of letters and digits left after
 * slugging, so "Iran’s" gives "iran" and "s", "bomb-maker" gives "bomb" and "maker", and
 * words in other scripts (which slug to nothing) are dropped. This is how the ids already in
 * geodata/sources.json were made ("…-panic-grips-koh-i" for "Panic grips Koh-i-Sabz").
 */
export function slugWords(s: string, n = 4): string[] {
  return slug(s).split('-').filter(Boolean).slice(0, n);
}

function urlPathText(url: string): string {
  try {
    const path = new URL(url).pathname;
    try {
      return decodeURIComponent(path);
    } catch {
      return path;
    }
  } catch {
    return '';
  }
}

/**
 * The stable id of a catalog entry: slug(publisher), then the date when there is one, then
 * the first four words of the title, joined with "-". When the title has no ASCII words
 * (a Persian or Hebrew headline), the first four words of the URL path stand in for it.
 * Collisions are resolved by {@link assignIds}.
 */
export function baseSourceId(source: Pick<Source, 'publisher' | 'published' | 'title' | 'url'>): string {
  let words = slugWords(source.title);
  if (words.length === 0) words = slugWords(urlPathText(source.url));
  return [slug(source.publisher) || 'source', source.published, ...words].filter(Boolean).join('-');
}

/**
 * Gives each draft its id in order: the base id, or base-2, base-3, … when an earlier draft
 * or an id in `taken` (the catalog's existing ids) already has it.
 */
export function assignIds(drafts: readonly DraftSource[], taken: Iterable<string> = []): Source[] {
  const used = new Set(taken);
  return drafts.map((draft) => {
    const base = baseSourceId(draft);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { id, ...draft };
  });
}

/** Publisher → type, first match wins. Tested against "<publisher> <url host>", lower-cased. */
const TYPE_TABLE: ReadonlyArray<readonly [RegExp, SourceType]> = [
  [/khamenei\.ir|\bministry\b|^@?mfa|\bmfa\b|\.gov(\.[a-z]{2})?\b/, 'government'],
  [/\birna\b|tasnim|press ?tv|\bfars\b|farsnews|\bmehr\b|mehrnews|\bisna\b|iranian students'? news agency|iran ?press|\byjc\b|young journalists|\bsnn\b|\btrt\b|bakhtar|\btass\b|sputnik|china daily/, 'state-media'],
  [/associated press|\bap\b|apnews|reuters|\bafp\b|agence france|xinhua|\bapa\b|menafn/, 'wire'],
  [/\bbbc\b|\bcnn\b|al ?jazeera|\bdw\b|deutsche welle|\bvoa\b|voice of america|voanews|france ?24|\bi24|abc news|abcnews|radio free europe|rfe\/?rl|rferl|azadi|iran international|afintl|sky news|\bnbc\b|\bcbs\b|ndtv|rudaw|amu tv/, 'broadcaster'],
  [/guardian|washington post|new york times|nytimes|times of israel|\bindependent\b|wall street journal|\bwsj\b|barron|arab ?news|korea ?times|\bynet\b|\bdawn\b/, 'newspaper'],
  [/wikipedia/, 'encyclopedia'],
  [/atlantic council|human rights watch|amnesty|crisis group/, 'ngo'],
];

/** A best-effort type from the publisher's name (and URL host); `guessed` is true when no table row matched. */
export function guessType(publisher: string, url = ''): { type: SourceType; guessed: boolean } {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    /* no host to go on */
  }
  const haystack = `${publisher} ${host}`.toLowerCase();
  for (const [pattern, type] of TYPE_TABLE) if (pattern.test(haystack)) return { type, guessed: false };
  return { type: 'newspaper', guessed: true };
}

/** The host of a URL without "www.", or undefined. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The site a host belongs to, for naming a publisher the ref does not name: the last two
 * labels ("ir.voanews.com" → "voanews.com"), or three under a second-level domain such as
 * co.uk or com.pk ("news.example.co.uk" → "example.co.uk").
 */
export function siteOf(host: string): string {
  const labels = host.split('.');
  const n = labels.length >= 3 && /^(co|com|org|net|gov|ac|edu)$/.test(labels[labels.length - 2]) && labels[labels.length - 1].length === 2 ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** The URL an archive.org snapshot is a copy of, or undefined for other archives. */
export function archivedTarget(archiveUrl: string): string | undefined {
  return /^https?:\/\/web\.archive\.org\/web\/[^/]+\/(.+)$/i.exec(archiveUrl)?.[1];
}

/** Language of a title in a script that gives it away, when the ref does not say. */
function languageFromScript(title: string): string | undefined {
  if (/[\u0600-\u06FF]/.test(title)) return /[\u067E\u0686\u0698\u06AF\u06CC\u06A9]/.test(title) ? 'fa' : 'ar';
  if (/[\u0590-\u05FF]/.test(title)) return 'he';
  return undefined;
}

/** The UTC day a tweet was posted, read from its status number (a Twitter "snowflake" id). */
export function tweetDate(number: string | undefined): string | undefined {
  if (!number || !/^\d{15,20}$/.test(number)) return undefined;
  const ms = Number((BigInt(number) >> 22n) + 1288834974657n);
  return new Date(ms).toISOString().slice(0, 10);
}

function refLabel(ref: RefRecord, index: number): string {
  return ref.name ? `ref "${ref.name}"` : `ref #${index + 1}${ref.title ? ` (${ref.title.slice(0, 50)})` : ''}`;
}

/**
 * Maps one ref to a draft catalog entry. publisher = agency, work, newspaper, website or
 * publisher (the first present; wiki links and italics already stripped); title = the title
 * as published (trans-title is not used); published = date; archiveUrl = archive-url;
 * language = language parameter, else a guess from the title's script, else "en"; type from
 * {@link guessType}. Returns undefined (with a note) for a ref without URL or title.
 *
 * `hostPublishers` names publishers by URL host for refs that name none, e.g. a bare
 * {{cite web}} on france24.com borrows "France 24" from another ref on the same host.
 */
export function refToDraft(
  ref: RefRecord,
  index: number,
  hostPublishers: ReadonlyMap<string, string> = new Map(),
): { draft?: DraftSource; notes: DraftNote[] } {
  const label = refLabel(ref, index);
  const notes: DraftNote[] = [];
  const note = (kind: DraftNote['kind'], detail: string) => notes.push({ kind, ref: label, detail });
  if (!ref.url || !/^https?:\/\//i.test(ref.url)) {
    note('no-url', `no http(s) URL (${ref.template ?? 'no citation template'})`);
    return { notes };
  }
  const url = ref.url.trim();
  if (!ref.title) {
    note('no-title', `no title for ${url}`);
    return { notes };
  }
  const language = ref.language;
  let publisher = [ref.agency, ref.work, ref.newspaper, ref.website, ref.publisher].find(
    (p): p is string => {
      if (!p) return false;
      if (language && p.toLowerCase() === language.toLowerCase()) {
        note('publisher-looked-like-language', `publisher parameter "${p}" is the language code; ignored`);
        return false;
      }
      return true;
    },
  );
  const host = hostOf(url);
  if (!publisher && ref.template === 'cite tweet' && ref.user) publisher = `@${ref.user}`;
  if (!publisher && host && hostPublishers.has(host)) {
    publisher = hostPublishers.get(host)!;
    note('publisher-from-other-refs', `no publisher; "${publisher}" from other refs on ${host}`);
  }
  if (!publisher) {
    publisher = host ? siteOf(host) : 'unknown';
    note('publisher-from-host', `no publisher; named it after the URL's site "${publisher}"`);
  }

  let published = ref.date;
  if (!published && ref.rawDate) note('date-unreadable', `date "${ref.rawDate}" could not be read; left out`);
  if (!published && ref.template === 'cite tweet') {
    published = tweetDate(ref.number);
    if (published) note('date-from-tweet-id', `no date; ${published} read from the tweet's status number`);
  }
  if (published && ref.accessDate && published > ref.accessDate) {
    note('date-after-access-date', `date ${published} is after access-date ${ref.accessDate} (a typo in the seed?); kept as written`);
  }

  let archiveUrl = ref.archiveUrl?.trim() || undefined;
  const target = archiveUrl ? archivedTarget(archiveUrl) : undefined;
  if (archiveUrl && target && hostOf(target) !== host) {
    note('archive-of-other-site', `archive URL is a copy of ${target}, not of ${url}; left out`);
    archiveUrl = undefined;
  }

  let lang = language;
  if (!lang) {
    lang = languageFromScript(ref.title) ?? 'en';
    if (lang !== 'en') note('language-guessed', `no language parameter; "${lang}" guessed from the title's script`);
  }
  const { type, guessed } = guessType(publisher, url);
  if (guessed) note('type-guessed', `"${publisher}" is in no type table row; guessed "${type}"`);

  const draft: DraftSource = { publisher, title: ref.title, ...(published ? { published } : {}), url, ...(archiveUrl ? { archiveUrl } : {}), language: lang, type };
  return { draft, notes };
}

/** For each URL host, the publisher most refs on that host name (first seen wins a tie). */
export function publishersByHost(refs: readonly RefRecord[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const ref of refs) {
    const host = ref.url ? hostOf(ref.url) : undefined;
    const publisher = ref.agency ?? ref.work ?? ref.newspaper ?? ref.website ?? ref.publisher;
    if (!host || !publisher || (ref.language && publisher.toLowerCase() === ref.language.toLowerCase())) continue;
    const forHost = counts.get(host) ?? new Map<string, number>();
    forHost.set(publisher, (forHost.get(publisher) ?? 0) + 1);
    counts.set(host, forHost);
  }
  const best = new Map<string, string>();
  for (const [host, forHost] of counts) {
    let top = '';
    let n = 0;
    for (const [publisher, count] of forHost) if (count > n) [top, n] = [publisher, count];
    best.set(host, top);
  }
  return best;
}

/** A URL in the form two URLs are compared in: trimmed, without http(s):// and a trailing slash. */
export function urlKey(url: string): string {
  return url.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
}

const KEY_ORDER: readonly (keyof Source)[] = ['id', 'publisher', 'title', 'published', 'url', 'archiveUrl', 'language', 'type'];

/** The entry with its keys in catalog order (unknown keys kept, after the known ones). */
function ordered(source: Source): Source {
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (source[key] !== undefined) out[key] = source[key];
  for (const [key, value] of Object.entries(source)) if (!(key in out)) out[key] = value;
  return out as unknown as Source;
}

export interface SameUrl {
  url: string;
  /** Title of the ref that was kept, and of the later refs on the same URL. */
  kept: string;
  others: string[];
}

export interface MergeResult {
  /** The whole catalog, sorted by id. */
  sources: Source[];
  added: Source[];
  /** Existing entries that gained an archive URL from the seed. */
  updated: Source[];
  /** Existing entries a seed ref matched, left as they were. */
  matched: Source[];
  /** Existing entries the seed does not mention, left as they were. */
  untouched: Source[];
  /** Seed refs that share a URL with an earlier ref: one catalog entry per URL. */
  sameUrl: SameUrl[];
}

/**
 * Merges drafts (in seed order) into an existing catalog. One entry per URL, compared with
 * {@link urlKey}: an existing entry with the draft's URL keeps its id and fields and only gains
 * an archiveUrl when it had none; a new URL is added under its stable id; entries the seed
 * does not mention are kept untouched. Later refs with an already-seen URL are not added
 * again (they are listed in `sameUrl`), but may supply the archive URL the first one lacked.
 */
export function mergeCatalog(existing: readonly Source[], drafts: readonly DraftSource[]): MergeResult {
  const byUrl = new Map<string, DraftSource>();
  const sameUrl = new Map<string, SameUrl>();
  for (const draft of drafts) {
    const key = urlKey(draft.url);
    const first = byUrl.get(key);
    if (!first) {
      byUrl.set(key, { ...draft });
      continue;
    }
    if (!first.archiveUrl && draft.archiveUrl) first.archiveUrl = draft.archiveUrl;
    const entry = sameUrl.get(key) ?? { url: first.url, kept: first.title, others: [] };
    entry.others.push(draft.title);
    sameUrl.set(key, entry);
  }

  const existingByUrl = new Map<string, Source>();
  for (const source of existing) if (!existingByUrl.has(urlKey(source.url))) existingByUrl.set(urlKey(source.url), source);

  const updated: Source[] = [];
  const matched: Source[] = [];
  const replaced = new Map<Source, Source>();
  const fresh: DraftSource[] = [];
  for (const [key, draft] of byUrl) {
    const old = existingByUrl.get(key);
    if (!old) {
      fresh.push(draft);
    } else if (!old.archiveUrl && draft.archiveUrl) {
      const next = ordered({ ...old, archiveUrl: draft.archiveUrl });
      replaced.set(old, next);
      updated.push(next);
    } else if (!matched.includes(old)) {
      matched.push(old);
    }
  }
  const added = assignIds(fresh, existing.map((s) => s.id)).map(ordered);
  const touched = new Set<Source>([...replaced.keys(), ...matched]);
  const untouched = existing.filter((s) => !touched.has(s));
  const sources = [...existing.map((s) => replaced.get(s) ?? s), ...added].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { sources, added, updated, matched, untouched, sameUrl: [...sameUrl.values()] };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * The source ids the facts in geodata cite: in layer files, each feature's
 * properties.time.sources, properties.location.sources and properties.claims[].sources; in the
 * basemap places, properties.source; in a relation list, relations[].sources. Inputs are
 * parsed JSON; anything malformed is skipped.
 */
export function citedSourceIds(input: { layerFiles: readonly unknown[]; places?: unknown; relations?: unknown }): Set<string> {
  const cited = new Set<string>();
  const add = (ids: string[]) => ids.forEach((id) => cited.add(id));
  for (const file of input.layerFiles) {
    const features = isObject(file) && Array.isArray(file.features) ? file.features : [];
    for (const f of features) {
      const p = isObject(f) && isObject(f.properties) ? f.properties : undefined;
      if (!p) continue;
      if (isObject(p.time)) add(strings(p.time.sources));
      if (isObject(p.location)) add(strings(p.location.sources));
      if (Array.isArray(p.claims)) for (const c of p.claims) if (isObject(c)) add(strings(c.sources));
    }
  }
  const places = isObject(input.places) && Array.isArray(input.places.features) ? input.places.features : [];
  for (const f of places) if (isObject(f) && isObject(f.properties) && typeof f.properties.source === 'string') cited.add(f.properties.source);
  const relations = isObject(input.relations) && Array.isArray(input.relations.relations) ? input.relations.relations : [];
  for (const r of relations) if (isObject(r)) add(strings(r.sources));
  return cited;
}
