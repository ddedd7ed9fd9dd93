import { describe, expect, it } from 'vitest';
import { convertInputs } from '../../src/lib/data/formats/convert';
import { toCsv } from '../../src/lib/data/csv';
import { makeAtlas, makeFeature } from './fixtures';

/** What adding one file gives: its features' ids and its problems. */
function added(name: string, text: string) {
  const [out] = convertInputs([{ name, text }]);
  if (out.kind !== 'added') throw new Error(`expected features, got ${JSON.stringify(out).slice(0, 300)}`);
  return { ids: out.atlas.features.map((f) => f.id), problems: out.problems };
}

/** A GeoJSON collection of points with these ids. */
const collection = (ids: string[]) => JSON.stringify({ type: 'FeatureCollection', features: ids.map((id, i) => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [57 + i / 100, 30] }, properties: { name: `Event ${i}` } })) });

describe('ids a file repeats', () => {
  it('are named in a warning with the ids their features were given; an id the map has already is not a repeat', () => {
    const { ids, problems } = added('dupes.geojson', collection(['dup-1', 'dup-1', 'kerman-explosion-1']));
    expect(ids).toEqual(['dupes-dup-1', 'dupes-dup-1-2', 'dupes-kerman-explosion-1']);
    expect(problems).toEqual([{ file: 'dupes.geojson', severity: 'warning', message: '2 features have the id "dup-1" (the second is given "dupes-dup-1-2")' }]);
  });

  it('are all collected in one warning, which names the first three and counts the rest', () => {
    const { problems } = added('x.geojson', collection(['a', 'b', 'a', 'a', 'a', 'b', 'c', 'c', 'd', 'd', 'e', 'e', 'f']));
    expect(problems.map((p) => p.message)).toEqual(['4 features have the id "a" (the others are given "x-a-2", "x-a-3" and 1 more); 2 features have the id "b" (the second is given "x-b-2"); 2 features have the id "c" (the second is given "x-c-2"); 2 more ids repeat']);
  });

  it('are named so in a CSV of other columns, and in a row copied in this map’s own CSV export', () => {
    expect(added('x.csv', 'id,latitude,longitude\n7,30,57\n7,31,58\n').problems.map((p) => p.message)).toEqual(['2 features have the id "7" (the second is given "x-7-2")']);
    const atlas = makeAtlas([makeFeature({}, 'blast-1')]);
    const [header, row] = toCsv(atlas, atlas.features).split('\r\n');
    const copied = added('mine.csv', [header, row, row, row].join('\r\n'));
    expect(copied.ids).toEqual(['blast-1', 'mine-blast-1', 'mine-blast-1-2']);
    expect(copied.problems.filter((p) => /features have the id/.test(p.message)).map((p) => p.message)).toEqual(['3 features have the id "blast-1" (the others are given "mine-blast-1" and "mine-blast-1-2")']);
  });
});
