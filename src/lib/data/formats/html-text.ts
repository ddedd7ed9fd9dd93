/**
 * Plain text of the HTML that KML descriptions hold (Google Earth writes it, and so does this
 * app's KML export). The app never renders a file's HTML: the import worker has no DOM, and
 * a DOM would run what a hostile file put there. So the markup is read by a small scanner of
 * its own: tags give the text its shape (a block or a line break starts a line, a list item
 * gets "• ", table cells are parted by " | "), entities are decoded, the text of script,
 * style and template elements is dropped, and a link keeps its address as text beside its
 * words ("video (https://example.org/v1)"), for an http(s) or mailto address only: any other
 * (javascript:, data:) is dropped, and nothing in the result is markup or a link.
 */
import { characterEntitiesHtml4 } from 'character-entities-html4';

/** Elements that stand on lines of their own. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'legend', 'li', 'main', 'menu',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);

/** Elements whose content is never shown as text; it is skipped to the element's end. */
const HIDDEN = new Set(['script', 'style', 'template', 'head', 'title', 'noscript', 'textarea', 'select', 'svg', 'math']);

/** Elements that embed what an address points at; the address is kept as text. */
const EMBEDS = new Set(['img', 'iframe', 'video', 'audio', 'source', 'embed']);

/** Addresses kept: those a reader can open without running anything. */
const KEPT_URL = /^(https?:\/\/|mailto:)/i;

/** A character for a code point, or U+FFFD for one that is no character (0, a surrogate, past U+10FFFF). */
function codePoint(n: number): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\uFFFD';
}

/** Text with its character references read: named (HTML 4's, and &apos;), decimal and hexadecimal; an unknown name stays as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z][a-z0-9]{1,31}));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return codePoint(Number(dec));
    if (hex !== undefined) return codePoint(parseInt(hex, 16));
    if (name === 'apos') return "'";
    // A non-breaking space is read as a space: the text is shown as text, not laid out.
    if (name === 'nbsp') return ' ';
    return Object.hasOwn(characterEntitiesHtml4, name!) ? characterEntitiesHtml4[name!] : whole;
  });
}

interface Tag {
  name: string;
  closing: boolean;
  attributes: Map<string, string>;
  /** Where the text after the tag starts. */
  end: number;
}

/** The tag that starts at `at` (just after its "<"), or undefined when what follows is no tag. */
function readTag(html: string, at: number): Tag | undefined {
  let i = at;
  const closing = html[i] === '/';
  if (closing) i++;
  const name = /^[a-z][a-z0-9-]*/i.exec(html.slice(i, i + 64))?.[0];
  if (!name) return undefined;
  i += name.length;
  const attributes = new Map<string, string>();
  while (i < html.length && html[i] !== '>') {
    if (/[\s/]/.test(html[i])) {
      i++;
      continue;
    }
    const attr = /^[^\s/>=]+/.exec(html.slice(i, i + 256))?.[0] ?? html[i];
    i += attr.length;
    while (/\s/.test(html[i] ?? '')) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (/\s/.test(html[i] ?? '')) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        value = html.slice(i + 1, close === -1 ? html.length : close);
        i = close === -1 ? html.length : close + 1;
      } else {
        const raw = /^[^\s>]*/.exec(html.slice(i))![0];
        value = raw;
        i += raw.length;
      }
    }
    if (!attributes.has(attr.toLowerCase())) attributes.set(attr.toLowerCase(), decodeEntities(value));
  }
  return { name: name.toLowerCase(), closing, attributes, end: Math.min(i + 1, html.length) };
}

/** An address from an attribute, when it is one a reader can open; else undefined. */
function keptUrl(raw: string | undefined): string | undefined {
  // Browsers ignore control characters and spaces around an address ("java\tscript:" is javascript:), so they are taken out before the scheme is read.
  const url = raw?.replace(/[\u0000-\u0020\u007f]+/g, '').trim();
  return url && KEPT_URL.test(url) ? url : undefined;
}

/**
 * Plain text of an HTML fragment or document: one line per block, "• " before each list
 * item, " | " between table cells, entities decoded, spaces collapsed as a browser would,
 * links as "words (address)". Nothing of the result is markup.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  // The link being read: its address, and where its words start in `out`.
  const links: { url: string | undefined; from: number }[] = [];
  let firstCell = true;
  const text = (s: string) => out.push(decodeEntities(s).replace(/[\s\u00a0]+/g, ' '));
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      text(html.slice(i));
      break;
    }
    if (lt > i) text(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      out.push(html.slice(lt + 9, end === -1 ? html.length : end).replace(/\s+/g, ' '));
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const tag = readTag(html, lt + 1);
    if (!tag) {
      // A "<" that starts no tag ("a < b") is text.
      text('<');
      i = lt + 1;
      continue;
    }
    i = tag.end;
    const { name, closing } = tag;
    if (!closing && HIDDEN.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, 'i').exec(html.slice(i));
      i = close ? i + close.index + close[0].length : html.length;
      continue;
    }
    if (name === 'br') out.push('\n');
    else if (name === 'li' && !closing) out.push('\n• ');
    else if (name === 'tr' && !closing) {
      out.push('\n');
      firstCell = true;
    } else if ((name === 'td' || name === 'th') && !closing) {
      if (!firstCell) out.push(' | ');
      firstCell = false;
    } else if (BLOCKS.has(name)) out.push('\n');
    if (name === 'a' && !closing) links.push({ url: keptUrl(tag.attributes.get('href')), from: out.length });
    else if (name === 'a' && closing) {
      const link = links.pop();
      if (link?.url) {
        const words = out.slice(link.from).join('').trim();
        out.push(words === '' ? ` ${link.url}` : words === link.url ? '' : ` (${link.url})`);
      }
    } else if (EMBEDS.has(name) && !closing) {
      const url = keptUrl(tag.attributes.get('src'));
      const alt = tag.attributes.get('alt')?.trim();
      if (alt || url) out.push(` ${[alt, url && `(${url})`].filter(Boolean).join(' ')} `);
    }
  }
  // A link never closed still keeps its address.
  for (const link of links.reverse()) if (link.url) out.push(` (${link.url})`);
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** True when a description's text holds markup or character references, so it is read as HTML (as Google Earth reads it). */
export const looksLikeHtml = (s: string): boolean => /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>|<!--|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i.test(s);
