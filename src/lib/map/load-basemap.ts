import countriesUrl from 'world-atlas/countries-50m.json?url';
import { decodeBasemap, type BasemapData } from './basemap';

/** No place labels: for an atlas that ships none, or whose file is not a FeatureCollection. */
const NO_PLACES: BasemapData['places'] = { type: 'FeatureCollection', features: [] };

/** Fetches the bundled Natural Earth countries and decodes them with the atlas's place labels (parsed JSON, checked here). */
export async function loadBasemap(places: unknown): Promise<BasemapData> {
  const res = await fetch(countriesUrl);
  if (!res.ok) throw new Error(`basemap HTTP ${res.status}`);
  const topology = await res.json();
  const fc = places as BasemapData['places'] | undefined;
  const usable = fc?.type === 'FeatureCollection' && Array.isArray(fc.features);
  return decodeBasemap(topology, usable ? fc : NO_PLACES);
}
