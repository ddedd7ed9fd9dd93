import { describe, expect, it } from 'vitest';
import { buildExport, exportParts, exportPartsInSteps, PRETTY_LIMIT, serializeExport, type ExportDefinitions } from '../../src/lib/data/export';
import { importExport } from '../../src/lib/data/import';
import { calendarsOf, DEFAULT_RELATION_TYPES, relationTypesOf } from '../../src/lib/data/manifest';
import { mergeAtlas } from '../../src/lib/data/merge';
import type { Atlas, Relation, Route } from '../../src/lib/data/schema';
import { syntheticAtlas } from '../../scripts/lib/synthetic';
import { makeAtlas, makeFeature, ministry, wire } from './fixtures';

/** The manifest's words for the type its links from launch areas use, as the page passes them with the built-in ones. */
const launch = { label: 'Reported launch area', outgoing: 'Missiles reported launched from here hit', incoming: 'Missiles reported launched from', note: 'according to {by}', line: 'dotted' as const, color: '#6b4f9e' };
const definitions: ExportDefinitions = { relationTypes: { ...DEFAULT_RELATION_TYPES, launch }, calendars: ['persian'] };

const relation = (id: string, from: string, to: string, type: string): Relation => ({ id, from, to, type, statement: 's', by: 'x', date: '2024-01-16', status: 'claimed', sources: [wire.id] });
const route = (id: string, via: string[]): Route => ({ id, title: `Route ${id}`, via, note: 'Drawn through the sourced points, in order.', sources: [ministry.id] });

/** Three events, links of the atlas's own type and a built-in one, and two routes. */
function atlasWithLinks(): Atlas {
  const atlas = makeAtlas(['a', 'b', 'c'].map((id) => makeFeature({}, id)));
  atlas.relations = [relation('rel-a-b', 'a', 'b', 'launch'), relation('rel-b-c', 'b', 'c', 'retaliation')];
  atlas.routes = [route('road-ab', ['a', 'b']), route('road-abc', ['a', 'b', 'c'])];
  return atlas;
}

describe('the GeoJSON export writes what the atlas defines beside its data', () => {
  it('writes the routes whose features are all written, the definitions of the relation types its links use, and the calendars', () => {
    const atlas = atlasWithLinks();
    const all = buildExport(atlas, atlas.features, 'x', definitions);
    expect(all.routes).toEqual(atlas.routes);
    expect(all.relationTypes).toEqual({ launch, retaliation: DEFAULT_RELATION_TYPES.retaliation });
    expect(all.calendars).toEqual(['persian']);
    // Routes cite their sources through the catalogue, as links do.
    expect(all.sources.map((s) => s.id)).toContain(ministry.id);
    const two = buildExport(atlas, atlas.features.slice(0, 2), 'x', definitions);
    expect(two.routes?.map((r) => r.id)).toEqual(['road-ab']);
    expect(two.relationTypes).toEqual({ launch });
    // No links, no definitions; no routes, no member.
    const one = buildExport(atlas, atlas.features.slice(2), 'x', definitions);
    expect(one).not.toHaveProperty('relationTypes');
    expect(one).not.toHaveProperty('routes');
    expect(buildExport(makeAtlas())).not.toHaveProperty('calendars');
  });

  it('writes the same members however the file is written: whole, in pieces, in steps', async () => {
    const small = atlasWithLinks();
    const whole = serializeExport(buildExport(small, small.features, 'x', definitions));
    expect(exportParts(small, small.features, 'x', definitions).join('')).toBe(whole);
    expect(await new Blob(await exportPartsInSteps(small, small.features, 'x', definitions)).text()).toBe(whole);
    const large = syntheticAtlas({ events: PRETTY_LIMIT + 5 });
    const [a, b, c] = large.features.map((f) => f.id);
    large.relations = [relation('rel-large', a, b, 'launch')];
    large.routes = [{ ...route('road-large', [a, b, c]), sources: [...large.sources.keys()].slice(0, 1) }];
    const text = serializeExport(buildExport(large, large.features, 'Synthetic', definitions));
    expect(JSON.parse(text)).toMatchObject({ relationTypes: { launch }, routes: [{ id: 'road-large' }], calendars: ['persian'] });
    expect(exportParts(large, large.features, 'Synthetic', definitions).join('')).toBe(text);
    expect(await new Blob(await exportPartsInSteps(large, large.features, 'Synthetic', definitions)).text()).toBe(text);
  });
});

describe('the GeoJSON export, opened again', () => {
  it('gives back the routes, the relation types’ definitions and the calendars, and writes the same file again', () => {
    const atlas = atlasWithLinks();
    const text = serializeExport(buildExport(atlas, atlas.features, 'x', definitions));
    const back = importExport('x.geojson', JSON.parse(text));
    expect(back.problems).toEqual([]);
    expect(back.atlas.routes).toEqual(atlas.routes);
    expect(back.atlas.relationTypes).toEqual({ launch, retaliation: DEFAULT_RELATION_TYPES.retaliation });
    expect(back.atlas.calendars).toEqual(['persian']);
    expect(serializeExport(buildExport({ ...back.atlas, layers: atlas.layers }, back.atlas.features, 'x'))).toBe(text);
  });

  it('names every definition, calendar and route it cannot use, keeps the rest, and warns of a link whose type the file does not define', () => {
    const atlas = atlasWithLinks();
    atlas.relations.push(relation('rel-a-c', 'a', 'c', 'supplied'));
    const json = JSON.parse(serializeExport(buildExport(atlas, atlas.features, 'x', definitions)));
    json.relationTypes.launch = { ...launch, line: 'wavy', label: '' };
    json.relationTypes.Bad_Id = DEFAULT_RELATION_TYPES.context;
    json.calendars = ['persian', 'mayan', 7];
    json.routes.push(route('road-nowhere', ['a', 'missing']));
    const back = importExport('x.geojson', json);
    expect(back.problems.map((p) => [p.severity, p.feature, p.field, p.message])).toEqual([
      ['error', 'road-nowhere', 'via', 'names unknown feature "missing"'],
      ['error', undefined, 'relationTypes.launch.label', 'must not be empty; the definition was left out'],
      ['error', undefined, 'relationTypes.launch.line', 'must be one of solid, dashed, dotted; the definition was left out'],
      ['error', undefined, 'relationTypes.Bad_Id', "must be lowercase letters, digits and hyphens (a relation type's id); the definition was left out"],
      ['warning', 'rel-a-b', 'type', 'names the relation type "launch", which the file\'s "relationTypes" does not define; it is shown under that id'],
      ['warning', 'rel-a-c', 'type', 'names the relation type "supplied", which the file\'s "relationTypes" does not define; it is shown under that id'],
      ['error', undefined, 'calendars[1]', 'must be a calendar Intl knows, such as "persian" or "islamic" (got "mayan"); it was left out'],
      ['error', undefined, 'calendars[2]', 'must be a calendar Intl knows, such as "persian" or "islamic" (got 7); it was left out'],
    ]);
    expect(back.atlas.relations).toHaveLength(3);
    expect(back.atlas.routes.map((r) => r.id)).toEqual(['road-ab', 'road-abc']);
    expect(back.atlas.relationTypes).toEqual({ retaliation: DEFAULT_RELATION_TYPES.retaliation });
    expect(back.atlas.calendars).toEqual(['persian']);
  });

  it('reads a file written before these members without a word about them', () => {
    const atlas = atlasWithLinks();
    const { relationTypes: _t, routes: _r, calendars: _c, ...older } = JSON.parse(serializeExport(buildExport(atlas, atlas.features, 'x', definitions)));
    const back = importExport('older.geojson', older);
    expect(back.problems).toEqual([]);
    expect(back.atlas.relations).toEqual(atlas.relations);
    expect(back.atlas.routes).toEqual([]);
    expect(back.atlas).not.toHaveProperty('relationTypes');
    expect(back.atlas).not.toHaveProperty('calendars');
  });
});

describe('what a file defines, added to the map', () => {
  it('adds its routes, relation types and calendars, a type already defined keeping its loaded words', () => {
    const atlas = atlasWithLinks();
    const base = { ...makeAtlas([]), calendars: ['islamic'], relationTypes: { launch: { ...launch, label: 'Loaded words' } } };
    const file = importExport('x.geojson', JSON.parse(serializeExport(buildExport(atlas, atlas.features, 'x', definitions)))).atlas;
    const merged = mergeAtlas(base, file).atlas;
    expect(merged.routes).toEqual(atlas.routes);
    expect(merged.relationTypes?.launch.label).toBe('Loaded words');
    expect(merged.relationTypes?.retaliation).toEqual(DEFAULT_RELATION_TYPES.retaliation);
    expect(merged.calendars).toEqual(['islamic', 'persian']);
    // The page: the manifest's types and calendars first, then those the files brought.
    const manifest = { relationTypes: { launch }, calendars: ['persian'] };
    expect(relationTypesOf(manifest, merged).launch).toEqual(launch);
    expect(relationTypesOf(undefined, { relationTypes: { supplied: launch } }).supplied).toEqual(launch);
    expect(calendarsOf(manifest, merged)).toEqual(['persian', 'islamic']);
    // A route through a feature the file did not bring and the map does not have is not added.
    const partial = { ...file, routes: [route('road-elsewhere', ['a', 'zzz'])] };
    expect(mergeAtlas(base, partial).atlas.routes).toEqual([]);
  });
});
