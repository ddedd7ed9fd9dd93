import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExport, serializeExport } from '../../src/lib/data/export';
import { importExport } from '../../src/lib/data/import';
import { citedSourceIds } from '../../src/lib/data/load';
import { arbitraryAtlas, LAUNCH } from './arbitrary-atlas';
import { TEST_ZONES } from './fixtures';
import { declareZones } from '../../src/lib/data/time';

declareZones(TEST_ZONES);

describe('export then import (property-based, generated atlases)', () => {
  it('gives back the same features, relations with their types’ definitions, incidents, routes, calendars, sources and originators', () => {
    fc.assert(
      fc.property(arbitraryAtlas(), (atlas) => {
        const text = serializeExport(buildExport(atlas));
        const back = importExport('export.geojson', JSON.parse(text));
        expect(back.problems).toEqual([]);
        expect(back.atlas.features).toEqual(atlas.features);
        expect(back.atlas.relations).toEqual(atlas.relations);
        expect(back.atlas.incidents).toEqual(atlas.incidents);
        expect(back.atlas.routes).toEqual(atlas.routes);
        expect(back.atlas.calendars).toEqual(atlas.calendars);
        // The definition of every type the relations use, and of no other: the built-in ones, and the atlas's own.
        const used = [...new Set(atlas.relations.map((r) => r.type))].sort();
        expect(Object.keys(back.atlas.relationTypes ?? {})).toEqual(used);
        if (used.includes('launch')) expect(back.atlas.relationTypes?.launch).toEqual(LAUNCH.launch);
        const cited = citedSourceIds(atlas);
        expect([...back.atlas.sources.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...atlas.sources.values()].filter((s) => cited.has(s.id)).sort((a, b) => a.id.localeCompare(b.id)));
        for (const [id, o] of back.atlas.originators) expect(o).toEqual(atlas.originators.get(id));
        // Exporting what came back writes the same file: nothing was lost or changed on the way.
        expect(serializeExport(buildExport({ ...back.atlas, layers: atlas.layers }))).toBe(text);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
