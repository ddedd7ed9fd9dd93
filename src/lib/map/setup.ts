import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

let started = false;

/**
 * Points MapLibre at its bundled worker (served with the app: no network). Must run before
 * the first map is created. No RTL text plugin: MapLibre 6 shapes and orders Persian labels
 * itself (screenshots with and without the plugin are byte-identical; see the README).
 */
export function setUpMapLibre(): void {
  if (started) return;
  started = true;
  setWorkerUrl(workerUrl);
}
