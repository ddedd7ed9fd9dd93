import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertInputs } from '../../src/lib/data/formats/convert';
import { convertedToAtlas } from '../../src/lib/data/formats/to-atlas';
import { unstatedLocation } from '../../src/lib/data/formats/common';
import type { Converted, ImportedFeature } from '../../src/lib/data/formats/types';

const ACLED = readFileSync('tests/fixtures/formats/acled.csv', 'utf8');

describe('how far a converted file has got', () => {
  it('reports the rows converted, then the features checked, each counting up to its total', () => {
    // The fixture's rows repeated to 7,003 (ids made unique); one in four is left out for having no position.
    const [header, ...rows] = ACLED.trim().split('\n');
    const many = Array.from({ length: 7003 }, (_, i) => rows[i % rows.length].replace(/^IRN\d+/, `IRN${i + 1}`));
    const heard: [string, number, number][] = [];
    const [o] = convertInputs([{ name: 'a.csv', text: `${header}\n${many.join('\n')}\n`, modified: 0 }], {}, (phase, done, total) => heard.push([phase, done, total]));
    expect(o.kind).toBe('added');
    const features = o.kind === 'added' ? o.atlas.features.length : 0;
    expect(features).toBe(5253);
    expect(heard).toEqual([
      ['converting', 0, 7003],
      ['converting', 2000, 7003],
      ['converting', 4000, 7003],
      ['converting', 6000, 7003],
      ['checking', 5000, 5253],
      ['checking', 5253, 5253],
    ]);
  });

  it('checks a converted file in slices with the result of one check of the whole: duplicates across slices named, problems in order', () => {
    const layer = { id: 'f', title: 'f', description: 'Imported.', file: 'f.geojson', color: '#666666' };
    const source = { id: 'f-file', publisher: 'f', title: 'f.geojson', url: '', language: 'und', type: 'dataset' as const };
    const feature = (id: string, title: string, claim = `${id}-record`): ImportedFeature => ({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [57, 30] },
      properties: { title, layer: 'f', country: 'Iran', place: 'Kerman', location: unstatedLocation(['f-file']), actors: [], claims: [{ id: claim, topic: 'record', statement: 'Listed.', by: 'f', date: '2024-01-01', status: 'claimed', sources: ['f-file'] }] },
    });
    // A repeated feature id (and so its claim's), a repeated claim id and a blank title, in slices of their own at size 1 and 2.
    const features = [feature('a', 'A'), feature('b', 'B'), feature('a', 'A again'), feature('c', ' '), feature('d', 'D', 'b-record'), feature('e', 'E')];
    const c: Converted = { file: 'f.geojson', format: 'GeoJSON', layers: [layer], features, sources: [source], originators: [], problems: [] };
    const whole = convertedToAtlas(c, undefined, features.length);
    expect(whole.problems.map((p) => [p.feature, p.field])).toEqual([['a', 'id'], ['a', 'claims[0].id'], ['c', 'title'], ['d', 'claims[0].id']]);
    for (const slice of [1, 2, 4]) expect(convertedToAtlas(c, undefined, slice), String(slice)).toEqual(whole);
  });
});
