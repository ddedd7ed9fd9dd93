import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport, type Plugin } from 'vite';

const ID = 'virtual:checked-atlas';
const FRAME_ID = 'virtual:checked-atlas-frame';
const RESOLVED = new Map([ID, FRAME_ID].map((id) => [id, `\0${id}`]));

/**
 * Checks the bundled atlas once, at build time, into `virtual:checked-atlas` (see
 * `checked-atlas.ts`), a chunk the page imports as it starts. A cold start then starts no
 * atlas worker, which used to read and check the atlas's files while MapLibre's worker
 * read the basemap on the same two cores. The files are still emitted: the page reads them
 * in the worker as before when the chunk cannot be loaded. `virtual:checked-atlas-frame`,
 * a few bytes in the main bundle, gives the atlas's bounds, for the map to start on them.
 */
export function checkedAtlas(dir: string): Plugin {
  /** The folder checked once for both modules; again after any of its files changes (the dev server). */
  let checked: ReturnType<typeof check> | null = null;
  const check = async () => {
    // Through Vite's module runner: the checker's modules import each other without file extensions, which the config's own loader does not resolve.
    const { module } = await runnerImport<typeof import('./checked-atlas')>(fileURLToPath(new URL('./checked-atlas.ts', import.meta.url)));
    return module.checkedAtlasModule(dir);
  };
  return {
    name: 'checked-atlas',
    buildStart() {
      checked = null;
    },
    watchChange() {
      checked = null;
    },
    configureServer(server) {
      // The dev server checks the folder again when any of its files changes, and reloads the page.
      const folder = resolve(dir);
      server.watcher.add(folder);
      const changed = (file: string) => {
        if (!resolve(file).startsWith(`${folder}${sep}`)) return;
        checked = null;
        for (const id of RESOLVED.values()) {
          const module = server.environments.client.moduleGraph.getModuleById(id);
          if (module) server.environments.client.moduleGraph.invalidateModule(module);
        }
        server.ws.send({ type: 'full-reload' });
      };
      for (const event of ['add', 'change', 'unlink']) server.watcher.on(event, changed);
    },
    resolveId: (id) => RESOLVED.get(id),
    async load(id) {
      if (id !== RESOLVED.get(ID) && id !== RESOLVED.get(FRAME_ID)) return undefined;
      const { code, frame, files } = await (checked ??= check());
      for (const file of files) this.addWatchFile(file);
      return id === RESOLVED.get(ID) ? code : frame;
    },
  };
}
