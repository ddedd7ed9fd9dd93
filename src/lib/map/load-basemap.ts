import countriesUrl from 'world-atlas/countries-50m.json?url';
import { fetchGeodata } from '../data/geodata-urls';
import { decodeBasemap, type BasemapData } from './basemap';

/** Fetches the bundled Natural Earth countries and the place labels, and decodes them. */
export async function loadBasemap(): Promise<BasemapData> {
  const [topology, places] = await Promise.all([
    fetch(countriesUrl).then((r) => {
      if (!r.ok) throw new Error(`basemap HTTP ${r.status}`);
      return r.json();
    }),
    fetchGeodata('basemap-places.geojson').then((t) => JSON.parse(t)),
  ]);
  return decodeBasemap(topology, places);
}
