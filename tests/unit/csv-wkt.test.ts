import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/lib/data/csv';
import { convertInputs, type FileOutcome } from '../../src/lib/data/formats/convert';
import type { EventFeature } from '../../src/lib/data/schema';
import { makeAtlas, makeFeature } from './fixtures';

/** One event of each shape a feature may have, a height on two of them. */
const SHAPES: EventFeature['geometry'][] = [
  { type: 'Point', coordinates: [57.07, 30.28, 1754] },
  { type: 'LineString', coordinates: [[57.05, 30.27], [57.0812, 30.2856], [57.1, 30.29]] },
  { type: 'Polygon', coordinates: [[[57, 30], [57.2, 30], [57.2, 30.2], [57, 30.2], [57, 30]], [[57.05, 30.05], [57.1, 30.05], [57.1, 30.1], [57.05, 30.05]]] },
  { type: 'MultiPoint', coordinates: [[44.01, 36.19], [44.02, 36.2]] },
  { type: 'MultiLineString', coordinates: [[[44, 36, 400], [44.1, 36.1, 410]], [[44.2, 36.2, 420], [44.3, 36.3, 430]]] },
  { type: 'MultiPolygon', coordinates: [[[[62, 26], [62.1, 26], [62.1, 26.1], [62, 26]]], [[[62.2, 26.2], [62.3, 26.2], [62.3, 26.3], [62.2, 26.2]]]] },
];

const atlas = makeAtlas(SHAPES.map((geometry, i) => ({ ...makeFeature({}, `shape-${i}`), geometry })));

function opened(name: string, text: string): Extract<FileOutcome, { kind: 'added' }> {
  const [o] = convertInputs([{ name, text, modified: Date.UTC(2024, 1, 1) }]);
  if (o.kind !== 'added') throw new Error(`not added: ${JSON.stringify(o)}`);
  return o;
}

/** Every number of a geometry, in order. */
const numbers = (g: Geometry): number[] => ('coordinates' in g ? (g.coordinates as unknown[]).flat(4).map(Number) : []);

/** The geometries `ogrinfo` reads from a CSV file, one per feature in order, as their type and every number. */
function gdalGeometries(file: string): { type: string; numbers: number[] }[] {
  const out = execFileSync('ogrinfo', ['-ro', '-al', file], { encoding: 'utf8' });
  return [...out.matchAll(/^ {2}((?:MULTI)?(?:POINT|LINESTRING|POLYGON)(?: Z)?) (\(.*\))$/gm)].map((m) => ({ type: m[1], numbers: [...m[2].matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)].map((n) => Number(n[0])) }));
}

const GDAL_TYPES: Record<string, string> = { POINT: 'Point', LINESTRING: 'LineString', POLYGON: 'Polygon', MULTIPOINT: 'MultiPoint', MULTILINESTRING: 'MultiLineString', MULTIPOLYGON: 'MultiPolygon' };

describe('this map’s own CSV export, opened again, takes each row’s shape from its wkt column', () => {
  it('gives back every line, area and height as exported, and as GDAL reads the same file', () => {
    const csv = toCsv(atlas, atlas.features);
    const back = opened('kerman-events.csv', csv);
    expect(back.problems).toEqual([]);
    expect(back.atlas.features.map((f) => f.geometry)).toEqual(SHAPES);
    // Used as the shape, the column is not repeated in the record.
    for (const f of back.atlas.features) expect(f.properties.claims[0].statement).not.toContain('wkt:');
    const file = join(mkdtempSync(join(tmpdir(), 'wkt-')), 'kerman-events.csv');
    writeFileSync(file, csv);
    const gdal = gdalGeometries(file);
    expect(gdal).toHaveLength(SHAPES.length);
    expect(gdal.map((g) => GDAL_TYPES[g.type.replace(' Z', '')])).toEqual(back.atlas.features.map((f) => f.geometry.type));
    expect(gdal.map((g) => g.numbers)).toEqual(back.atlas.features.map((f) => numbers(f.geometry)));
  });

  it('names a wkt it cannot use, by its line, and places that row at its longitude and latitude', () => {
    const [header, ...rows] = toCsv(atlas, atlas.features).split('\r\n');
    const broken = [
      ['LINESTRING (57.05 30.27, 57.08', /cannot be read as WKT/],
      ['POLYGON ((57 30, 57.2 30, 57.2 30.2, 57 30.3))', /is not a shape the map holds \(a ring must end where it starts/],
      ['GEOMETRYCOLLECTION (POINT (57 30))', /is not a shape the map holds/],
      ['LINESTRING (57 30, 570 30)', /has coordinates outside longitude\/latitude range/],
      ['POINT EMPTY', /is an empty geometry/],
      // betterknown alone reads the point and stops there; the rest of the text is not WKT.
      ['POINT (57 30) and more', /cannot be read as WKT \(it does not end where a geometry ends/],
    ] as const;
    const edited = broken.map(([wkt], k) => rows[1].replace(/,"?LINESTRING \([^"]*\)"?,/, `,"${wkt}",`).replace(/^shape-1,/, `shape-1-${k},`));
    const back = opened('edited.csv', [header, ...edited, ''].join('\r\n'));
    expect(back.atlas.features).toHaveLength(broken.length);
    for (const f of back.atlas.features) expect(f.geometry.type).toBe('Point');
    expect(back.problems.map((p) => [p.feature, p.severity])).toEqual(broken.map((_, k) => [`line ${k + 2}`, 'warning']));
    back.problems.forEach((p, k) => {
      expect(p.message).toMatch(broken[k][1]);
      expect(p.message).toMatch(/the row was placed at its longitude and latitude instead$/);
    });
    // Not used, the text stays in the record.
    expect(back.atlas.features[0].properties.claims[0].statement).toContain('wkt: LINESTRING (57.05 30.27, 57.08');
  });

  it('places a row of its own export by its wkt when its longitude and latitude were emptied, as GDAL does', () => {
    const [header, ...rows] = toCsv(atlas, atlas.features).split('\r\n');
    const line = rows.find((r) => r.includes('LINESTRING'))!;
    const cols = header.split(',');
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    cells[cols.indexOf('longitude')] = '';
    cells[cols.indexOf('latitude')] = '';
    const back = opened('no-lonlat.csv', [header, cells.join(','), ''].join('\r\n'));
    expect(back.atlas.features.map((f) => f.geometry.type)).toEqual(['LineString']);
    expect(back.problems).toEqual([]);
  });

  it('reads no wkt column of a CSV that is not this map’s export', () => {
    const back = opened('other.csv', 'latitude,longitude,title,wkt\n30.28,57.07,A,"LINESTRING (57 30, 58 31)"\n');
    expect(back.atlas.features[0].geometry).toEqual({ type: 'Point', coordinates: [57.07, 30.28] });
  });
});
