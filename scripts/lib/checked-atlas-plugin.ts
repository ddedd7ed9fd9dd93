import { fileURLToPath } from 'node:url';
import { runnerImport, type Plugin } from 'vite';

const ID = 'virtual:checked-atlas';
const RESOLVED = `\0${ID}`;

/**
 * Checks the bundled atlas once, at build time, into `virtual:checked-atlas` (see
 * `checked-atlas.ts`), a chunk the page imports as it starts. A cold start then starts no
 * atlas worker, which used to read and check the atlas's files while MapLibre's worker
 * read the basemap on the same two cores. The files are still emitted: the page reads them
 * in the worker as before when the chunk cannot be loaded.
 */
export function checkedAtlas(dir: string): Plugin {
  return {
    name: 'checked-atlas',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    async load(id) {
      if (id !== RESOLVED) return undefined;
      // Through Vite's module runner: the checker's modules import each other without file extensions, which the config's own loader does not resolve.
      const { module } = await runnerImport<typeof import('./checked-atlas')>(fileURLToPath(new URL('./checked-atlas.ts', import.meta.url)));
      const { code, files } = await module.checkedAtlasModule(dir);
      for (const file of files) this.addWatchFile(file);
      return code;
    },
  };
}
