import type { Source } from '../schema';

/** The id a file's own source takes, from its layer's id; another download of the file under it takes `-2`, `-3`… (see `fileSourceId` in `common.ts`). */
export const fileSourceBase = (layerId: string): string => `${layerId}-file`;

/**
 * The loaded sources whose ids a file's own source could take (see `fileSourceBase`),
 * by id: another file's, and any other source an atlas happens to have under such an id,
 * which the file's own source must not take either. The page sends them to the import
 * worker as they are (a Map survives the structured clone); kept apart from the
 * converters, so that the page's import client loads no validators.
 */
export function fileSourceIdsInUse(loaded: Iterable<Source>): Map<string, Source> {
  const out = new Map<string, Source>();
  for (const s of loaded) if (/-file(-\d+)?$/.test(s.id)) out.set(s.id, s);
  return out;
}
