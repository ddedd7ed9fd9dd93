import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { citedSourceIds, loadAtlas, type ReadFile } from '../../src/lib/data/load';
import type { Problem } from '../../src/lib/data/schema';
import { missing, unreadFrom } from '../../src/lib/data/validate';
import type { Manifest } from '../../src/lib/data/manifest';
import { editorialReport, type LayerReport } from '../../src/lib/data/report';
import { checkCountries, countriesFromTopology } from '../../src/lib/geo/countries';

const require = createRequire(import.meta.url);

type PlaceProps = { name: string; country: string; source: string; radiusM: number };

/** Checks the basemap's place labels: each cites a catalog source and lies in its country. */
function checkPlaces(file: string, json: unknown, known: ReadonlySet<string>): { problems: Problem[]; points: Feature<Point, PlaceProps>[] } {
  const fc = json as FeatureCollection<Point, PlaceProps>;
  const problems: Problem[] = [];
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return { problems: [{ file, severity: 'error', message: 'must be a GeoJSON FeatureCollection' }], points: [] };
  }
  for (const f of fc.features) {
    const id = String(f.id ?? f.properties?.name);
    if (!known.has(f.properties?.source)) problems.push({ file, feature: id, field: 'source', severity: 'error', message: missing('cites', 'source', String(f.properties?.source), known) });
    if (typeof f.properties?.radiusM !== 'number') problems.push({ file, feature: id, field: 'radiusM', severity: 'error', message: 'must be a number of metres' });
  }
  return { problems, points: fc.features };
}

/**
 * Every source id a parsed file cites under a `sources` list, at any depth, whether or not
 * the item citing it passed its checks: a source cited only by an item left out for its own
 * problem is cited all the same, and calling it uncited would send the editor the wrong way.
 */
export function sourceIdsCitedIn(json: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(json)) for (const item of json) sourceIdsCitedIn(item, into);
  else if (typeof json === 'object' && json !== null) {
    for (const [key, value] of Object.entries(json)) {
      if (key === 'sources' && Array.isArray(value) && value.every((id) => typeof id === 'string')) for (const id of value) into.add(id);
      else sourceIdsCitedIn(value, into);
    }
  }
  return into;
}

/** The files of an atlas that cite sources, as their names in the manifest. */
function citingFiles(manifest: Manifest): string[] {
  return [...manifest.layers.map((l) => l.file), manifest.relations, manifest.story, manifest.incidents, manifest.routes].filter((f): f is string => f !== undefined);
}

/** Runs every check on an atlas folder read through `read`. */
export async function validateGeodata(read: ReadFile): Promise<{ problems: Problem[]; featureCount: number; sourceCount: number; report: LayerReport[] }> {
  const { atlas, manifest, places: placesJson, problems } = await loadAtlas(read);
  const countries = countriesFromTopology(require('world-atlas/countries-50m.json'));
  for (const layer of atlas.layers) {
    const features = atlas.features.filter((f) => f.properties.layer === layer.id);
    problems.push(...checkCountries(layer.file, features, countries));
  }
  let placeSources: string[] = [];
  const placesFile = manifest?.places;
  if (placesFile && placesJson !== undefined) {
    // A catalogue that could not be read is one problem: the places' citations follow from it.
    const unread = problems.some((p) => p.file === manifest.sources && p.severity === 'error' && /^(could not be read|is not valid JSON)/.test(p.message));
    const known = new Set(atlas.sources.keys());
    const places = checkPlaces(placesFile, placesJson, unread ? unreadFrom(known, manifest.sources) : known);
    problems.push(...places.problems);
    placeSources = places.points.map((p) => p.properties.source);
    const asEvents = places.points.map((p) => ({ ...p, id: String(p.id), properties: { country: p.properties.country } }));
    problems.push(...checkCountries(placesFile, asEvents as never, countries));
  }
  const cited = new Set([...citedSourceIds(atlas), ...placeSources]);
  if (manifest && [...atlas.sources.keys()].some((id) => !cited.has(id))) {
    // Read again as written: what left-out items cite counts too.
    for (const file of citingFiles(manifest)) {
      try {
        sourceIdsCitedIn(JSON.parse(await read(file)), cited);
      } catch {
        // Unreadable or not JSON: already an error of its own.
      }
    }
  }
  for (const id of atlas.sources.keys()) {
    if (!cited.has(id)) problems.push({ file: 'sources.json', feature: id, severity: 'warning', message: 'is cited by no claim, time, position, relation or place yet' });
  }
  return { problems, featureCount: atlas.features.length, sourceCount: atlas.sources.size, report: editorialReport(atlas) };
}
