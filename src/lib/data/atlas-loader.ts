import type { AtlasLoader } from './atlas-client';

/**
 * Loads an atlas as the app does: the one built in from the chunk the build checked it into
 * (`virtual:checked-atlas`), so a cold start starts no worker; any other in the worker. When
 * that chunk cannot be loaded, the built-in atlas's files are read and checked in the worker.
 * The worker's side of the page (`atlas-client.ts`, with the pieces it takes) is loaded only
 * then: a cold start on the built-in atlas never needs it.
 */
export const loadAtlasInApp: AtlasLoader = async (source, onProgress, signal) => {
  if (source.kind === 'built-in') {
    try {
      return (await import('virtual:checked-atlas')).default();
    } catch {
      // The same atlas, from its files.
    }
  }
  const { loadAtlasInWorker } = await import('./atlas-client');
  return loadAtlasInWorker(source, onProgress, signal);
};
