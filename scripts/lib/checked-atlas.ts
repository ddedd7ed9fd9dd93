import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { uneval } from 'devalue';
import { loadAtlas } from '../../src/lib/data/load';
import { boundsOf } from '../../src/lib/map/frame';

/**
 * The module `virtual:checked-atlas` holds for an atlas folder: a function that gives its
 * load result (features, sources, links, story, manifest, problems) as `loadAtlas` checked
 * it, written as a JavaScript literal (devalue keeps the Maps and the undefined members
 * that JSON would drop). A function, so that each call gives objects of its own, as a load
 * would. Also returns `virtual:checked-atlas-frame`, the bounds the map frames the atlas
 * in when it arrives (so that it can start there), and the paths of the files read, for
 * the dev server to watch.
 */
export async function checkedAtlasModule(dir: string, read = (name: string) => readFile(join(dir, name), 'utf8')): Promise<{ code: string; frame: string; files: string[] }> {
  const files: string[] = [];
  const result = await loadAtlas((name) => {
    files.push(join(dir, name));
    return read(name);
  });
  const { features } = result.atlas;
  return {
    code: `export default () => (${uneval(result)});\n`,
    frame: `export default ${JSON.stringify(features.length > 0 ? boundsOf(features, false) : null)};\n`,
    files,
  };
}
