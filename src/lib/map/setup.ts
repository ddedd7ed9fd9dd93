import { setRTLTextPlugin, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import rtlPluginUrl from 'rtl-text-plugin?url';

let started = false;

/**
 * Points MapLibre at its bundled worker, then registers the bundled RTL text plugin so
 * Persian labels are shaped (letters joined) and ordered right to left. Both are served
 * with the app: no network. The plugin loads lazily, when the first right-to-left label
 * appears. Must run before the first map is created.
 */
export function setUpMapLibre(): void {
  if (started) return;
  started = true;
  setWorkerUrl(workerUrl);
  setRTLTextPlugin(rtlPluginUrl, true).catch((err: Error) => console.warn(`RTL text plugin: ${err.message}`));
}
