/**
 * Pure functions that read the `<ref>` citations of MediaWiki wikitext: the ref tags, their
 * names and reuses, and the citation template inside ({{cite news}}, {{cite web}},
 * {{cite tweet}}, …). No I/O here; scripts/import-seed.ts does that.
 */

/** One citation template: its lower-cased name, named parameters (keys lower-cased) and positional ones. */
export interface Template {
  name: string;
  params: Record<string, string>;
  positional: string[];
}

/** Everything a ref says about its source, with values cleaned of wiki markup. */
export interface RefRecord {
  /** The ref's name attribute, when it has one. */
  name?: string;
  /** Lower-cased template name ("cite news", "cite tweet", …); absent for a ref without a citation template. */
  template?: string;
  title?: string;
  transTitle?: string;
  url?: string;
  archiveUrl?: string;
  /** Publication date, normalised to YYYY-MM-DD when it could be read. */
  date?: string;
  /** The date parameter as written, kept when it could not be normalised. */
  rawDate?: string;
  accessDate?: string;
  publisher?: string;
  work?: string;
  newspaper?: string;
  website?: string;
  agency?: string;
  language?: string;
  /** cite tweet: the account name and the status number. */
  user?: string;
  number?: string;
  /** Definition plus reuses (`<ref name="x" />`). */
  uses: number;
  /** The ref's content as written, for reports. */
  raw: string;
}

export interface ParsedRefs {
  /** One record per ref definition, in order of appearance. */
  refs: RefRecord[];
  /** How many `<ref name="x" />` (or empty `<ref name="x"></ref>`) tags point back at a definition. */
  reuses: number;
  /** Names that are reused but never defined. */
  undefinedNames: string[];
  /** Names defined more than once (the first definition counts). */
  duplicateNames: string[];
}

/** Removes HTML comments, which may hide refs that are not part of the article. */
export function stripComments(wikitext: string): string {
  return wikitext.replace(/<!--[\s\S]*?(-->|$)/g, '');
}

/** Reads the name attribute of a ref tag: name="x", name='x' or name=x. */
export function refName(attributes: string): string | undefined {
  const m = /\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'/>]+))/i.exec(attributes);
  const name = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  return name?.trim() || undefined;
}

/** Index just past the `}}` that closes the template opened at `start` (which points at `{{`), or -1. */
function templateEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length - 1; i++) {
    const two = text.slice(i, i + 2);
    if (two === '{{') {
      depth++;
      i++;
    } else if (two === '}}') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Splits on `sep` where it is not inside a nested {{template}} or [[link]], so that
 * `[[Al Jazeera English|Al Jazeera]]` or `{{lang|fa|…}}` inside a parameter stays whole.
 */
export function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let braces = 0;
  let brackets = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const two = text.slice(i, i + 2);
    if (two === '{{') { braces++; i++; continue; }
    if (two === '}}' && braces > 0) { braces--; i++; continue; }
    if (two === '[[') { brackets++; i++; continue; }
    if (two === ']]' && brackets > 0) { brackets--; i++; continue; }
    if (text[i] === sep && braces === 0 && brackets === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** Parses the inside of `{{…}}` (without the braces) into a template. */
export function parseTemplateBody(body: string): Template {
  const [head, ...rest] = splitTopLevel(body, '|');
  const params: Record<string, string> = {};
  const positional: string[] = [];
  for (const part of rest) {
    const eq = splitTopLevel(part, '=');
    if (eq.length > 1 && /^[\w\s-]+$/.test(eq[0])) {
      const key = eq[0].trim().toLowerCase();
      const value = part.slice(eq[0].length + 1).trim();
      if (!(key in params) || params[key] === '') params[key] = value;
    } else {
      positional.push(part.trim());
    }
  }
  return { name: head.trim().replace(/_/g, ' ').replace(/\s+/g, ' ').toLowerCase(), params, positional };
}

/** Every top-level {{template}} in `text`, in order. */
export function findTemplates(text: string): Template[] {
  const found: Template[] = [];
  let i = text.indexOf('{{');
  while (i !== -1) {
    const end = templateEnd(text, i);
    if (end === -1) break;
    found.push(parseTemplateBody(text.slice(i + 2, end - 2)));
    i = text.indexOf('{{', end);
  }
  return found;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ', ndash: '–', mdash: '—', thinsp: ' ', zwnj: '\u200c',
};

/** Decodes the HTML entities wikitext uses in citation values (&#124; for "|", &amp;, &nbsp;, …). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** What a template nested in a citation value stands for in plain text. */
function inlineTemplate(t: Template): string {
  switch (t.name) {
    case '!':
      return '|';
    case '=':
      return '=';
    case 'snd':
    case 'spaced ndash':
      return ' – ';
    case 'ndash':
      return '–';
    case 'mdash':
      return '—';
    default:
      // {{lang|fa|text}}, {{lang-fa|text}}, {{nowrap|text}}, {{transl|fa|text}}: the last positional parameter is the text.
      return t.positional.length > 0 ? t.positional[t.positional.length - 1] : (t.params.text ?? '');
  }
}

/**
 * Turns a citation value into plain text: nested templates are replaced by their text,
 * [[target|label]] by its label, [url label] by its label, '' and ''' italics/bold and HTML
 * tags are removed, entities decoded and whitespace collapsed.
 */
export function cleanWikiValue(value: string): string {
  let s = value;
  // Innermost templates first, until none are left.
  for (let guard = 0; guard < 20 && s.includes('{{'); guard++) {
    const next = s.replace(/\{\{([^{}]*)\}\}/g, (_, body: string) => inlineTemplate(parseTemplateBody(body)));
    if (next === s) break;
    s = next;
  }
  s = s.replace(/\[\[:?([^[\]|]*)\|([^[\]]*)\]\]/g, '$2').replace(/\[\[:?([^[\]]*)\]\]/g, '$1');
  s = s.replace(/\[(?:https?:)?\/\/[^\s\]]+\s+([^\]]*)\]/g, '$1');
  s = s.replace(/'{2,}/g, '');
  s = s.replace(/<[^>]+>/g, '');
  s = decodeEntities(s);
  return s.replace(/\s+/g, ' ').trim();
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w) && (w.length === 3 || w === 'sept')));
  return i === -1 ? undefined : i + 1;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Normalises "3 January 2024", "January 3, 2024", "3 Jan 2024" and "2024-01-03" to
 * "2024-01-03". Returns undefined for anything else (a month without a day, a season, an
 * impossible date such as 30 February).
 */
export function normaliseDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const s = cleanWikiValue(value).replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2}) ([A-Za-z.]+) (\d{4})$/.exec(s);
  if (m && monthNumber(m[2])) return isoDate(+m[3], monthNumber(m[2])!, +m[1]);
  m = /^([A-Za-z.]+) (\d{1,2}) (\d{4})$/.exec(s);
  if (m && monthNumber(m[1])) return isoDate(+m[3], monthNumber(m[1])!, +m[2]);
  return undefined;
}

/** True for a citation template: cite news, cite web, Cite tweet, citation, … */
export function isCitationTemplate(name: string): boolean {
  return /^(cite\b.*|citation)$/i.test(name.trim());
}

const TEXT_PARAMS = ['title', 'trans-title', 'publisher', 'work', 'newspaper', 'website', 'agency', 'language', 'user'] as const;

/** Builds the record of one ref's content (the text between `<ref>` and `</ref>`). */
export function recordFromContent(content: string, name?: string): RefRecord {
  const templates = findTemplates(content);
  const cite = templates.find((t) => isCitationTemplate(t.name));
  const record: RefRecord = { name, uses: 1, raw: content };
  if (cite) {
    const p = cite.params;
    const text = (key: (typeof TEXT_PARAMS)[number]) => (p[key] ? cleanWikiValue(p[key]) || undefined : undefined);
    const plain = (key: string) => (p[key] ? decodeEntities(p[key]).trim() || undefined : undefined);
    record.template = cite.name;
    record.title = text('title');
    record.transTitle = text('trans-title');
    record.url = plain('url');
    record.archiveUrl = plain('archive-url') ?? plain('archiveurl');
    record.publisher = text('publisher');
    record.work = text('work');
    record.newspaper = text('newspaper');
    record.website = text('website');
    record.agency = text('agency');
    record.language = text('language');
    record.accessDate = normaliseDate(p['access-date'] ?? p.accessdate);
    const date = p.date?.trim();
    if (date) {
      record.date = normaliseDate(date);
      if (!record.date) record.rawDate = cleanWikiValue(date);
    }
    if (cite.name === 'cite tweet') {
      record.user = text('user');
      record.number = plain('number');
      if (!record.url && record.user && record.number) {
        record.url = `https://twitter.com/${record.user}/status/${record.number}`;
      }
    }
  } else {
    // A ref written by hand: "[url Title] {{Webarchive|url=…}} [[Publisher]]. Retrieved …"
    const link = /\[((?:https?:)?\/\/[^\s\]]+)(?:\s+([^\]]*))?\]/.exec(content) ?? /(https?:\/\/[^\s<>\]|}]+)/.exec(content);
    if (link) {
      record.url = link[1];
      if (link[2]) record.title = cleanWikiValue(link[2]) || undefined;
    }
    const archive = templates.find((t) => t.name === 'webarchive' || t.name === 'wayback');
    if (archive?.params.url) record.archiveUrl = archive.params.url.trim();
    const wikiLink = [...content.matchAll(/\[\[([^[\]]+)\]\]/g)]
      .map((m) => m[1])
      .find((target) => !/^(file|image|category):/i.test(target));
    if (wikiLink) record.publisher = cleanWikiValue(`[[${wikiLink}]]`);
  }
  return record;
}

/**
 * Finds every ref in the wikitext: `<ref>…</ref>`, `<ref name="x">…</ref>`, `<ref name=x>`,
 * `<ref name='x' />` (a reuse), in any letter case. Comments are ignored. A named ref's
 * `uses` is its definition plus every reuse of the name.
 */
export function parseRefs(wikitext: string): ParsedRefs {
  const text = stripComments(wikitext);
  const refs: RefRecord[] = [];
  const byName = new Map<string, RefRecord>();
  const reusedNames: string[] = [];
  const duplicateNames = new Set<string>();
  const open = /<ref\b([^>]*?)(\/?)\s*>/gi;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text)) !== null) {
    const name = refName(m[1]);
    if (m[2] === '/') {
      if (name) reusedNames.push(name);
      continue;
    }
    const close = /<\/ref\s*>/gi;
    close.lastIndex = open.lastIndex;
    const end = close.exec(text);
    const content = end ? text.slice(open.lastIndex, end.index) : '';
    if (end) open.lastIndex = close.lastIndex;
    if (content.trim() === '') {
      if (name) reusedNames.push(name);
      continue;
    }
    if (name && byName.has(name)) {
      duplicateNames.add(name);
      reusedNames.push(name);
      continue;
    }
    const record = recordFromContent(content, name);
    refs.push(record);
    if (name) byName.set(name, record);
  }
  let reuses = 0;
  const undefinedNames = new Set<string>();
  for (const name of reusedNames) {
    const record = byName.get(name);
    if (record) {
      record.uses++;
      reuses++;
    } else {
      undefinedNames.add(name);
    }
  }
  return { refs, reuses, undefinedNames: [...undefinedNames], duplicateNames: [...duplicateNames] };
}
