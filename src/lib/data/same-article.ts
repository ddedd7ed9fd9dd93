/**
 * When two records of one source id are the same article: the members that say which
 * article it is. The rest (an archive copy, a note) may be added later. Asked where a file's
 * sources meet those already loaded: the merge, and an import choosing its own source's id.
 */
import type { Source } from './schema';

/** The members that make a source record the same article. */
export const ARTICLE_KEYS = ['url', 'title', 'publisher', 'published', 'originator'] as const;

export const sameArticle = (a: Pick<Source, (typeof ARTICLE_KEYS)[number]>, b: Pick<Source, (typeof ARTICLE_KEYS)[number]>): boolean => ARTICLE_KEYS.every((k) => a[k] === b[k]);
