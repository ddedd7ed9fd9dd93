import type { Source } from '../schema';

/**
 * The loaded sources whose ids a file's own source could take (`<layer>-file`, `-file-2`…;
 * see `fileSourceId` in `common.ts`): another file's, and any other source an atlas happens
 * to have under such an id, which the file's own source must not take either. The page
 * sends these to the import worker; apart from the converters, so that the page's import
 * client loads no validators.
 */
export const fileSourceIdsInUse = (loaded: Iterable<Source>): Source[] => [...loaded].filter((s) => /-file(-\d+)?$/.test(s.id));
