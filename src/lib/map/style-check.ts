import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { BASEMAP_ORIGINS, short, urlProblem } from './basemap-urls';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every URL a style would make MapLibre load: its sources, sprite, glyphs and font files. */
export function styleUrls(style: Json): string[] {
  const urls: unknown[] = [];
  for (const src of Object.values(isObject(style.sources) ? style.sources : {})) {
    if (!isObject(src)) continue;
    urls.push(src.url);
    // Loops, not push(...list): a hostile style's list of 200,000 URLs would overflow the call stack.
    if (Array.isArray(src.tiles)) for (const u of src.tiles) urls.push(u);
    if (Array.isArray(src.urls)) for (const u of src.urls) urls.push(u);
    if (typeof src.data === 'string') urls.push(src.data);
  }
  const sprite = style.sprite;
  if (Array.isArray(sprite)) for (const s of sprite) urls.push(isObject(s) ? s.url : s);
  else urls.push(sprite);
  urls.push(style.glyphs);
  for (const faces of Object.values(isObject(style['font-faces']) ? style['font-faces'] : {})) {
    for (const face of Array.isArray(faces) ? faces : [faces]) urls.push(isObject(face) ? face.url : face);
  }
  return urls.filter((u): u is string => typeof u === 'string');
}

/**
 * Checks a fetched style before it replaces the basemap: a MapLibre style (version 8) that
 * MapLibre's own validator accepts, whose every source, sprite, glyph and font URL is
 * http(s) on an allowed origin. Throws with the reason; the caller keeps the previous basemap.
 */
export function checkStyle(json: unknown, allowed: readonly string[] = BASEMAP_ORIGINS): StyleSpecification {
  if (!isObject(json) || json.version !== 8 || !isObject(json.sources) || !Array.isArray(json.layers)) throw new Error('not a MapLibre style (version 8)');
  let errors: { message: string }[];
  try {
    errors = validateStyleMin(json as unknown as StyleSpecification);
  } catch (err) {
    errors = [{ message: (err as Error).message }];
  }
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new Error(`not a valid MapLibre style: ${short(errors[0].message)}${more}`);
  }
  for (const url of styleUrls(json)) {
    const problem = urlProblem(url, allowed);
    if (problem) throw new Error(`the style loads from ${problem}`);
  }
  return textOnlyAttributions(json as unknown as StyleSpecification);
}

/** Plain text for HTML: MapLibre writes source attributions into the page as markup. */
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A copy of a style whose source attributions are plain text: MapLibre renders them as
 * HTML, so a stranger's style could otherwise put markup (an image, a form) in the page.
 */
export function textOnlyAttributions(style: StyleSpecification): StyleSpecification {
  const sources = Object.fromEntries(
    Object.entries(style.sources).map(([id, src]) => {
      const a = (src as { attribution?: unknown }).attribution;
      return [id, typeof a === 'string' ? { ...src, attribution: escapeHtml(a.replace(/<[^>]*>/g, '')) } : src];
    }),
  );
  return { ...style, sources } as StyleSpecification;
}
