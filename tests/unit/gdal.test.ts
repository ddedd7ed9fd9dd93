/**
 * GDAL, the reader behind QGIS and most GIS tools, reads every export: the GeoJSON, CSV and
 * KML of the real atlas (`geodata/`) and of a generated one, and converts the GeoJSON to
 * FlatGeobuf and GeoPackage with every feature. Needs Debian's gdal-bin (`ogrinfo`,
 * `ogr2ogr`); `.ci/run` installs it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { toCsv } from '../../src/lib/data/csv';
import { buildExport, serializeExport } from '../../src/lib/data/export';
import { flatFields } from '../../src/lib/data/interchange';
import { positionsOf } from '../../src/lib/data/geometry';
import { toKml } from '../../src/lib/data/kml';
import { loadAtlas } from '../../src/lib/data/load';
import type { Atlas, EventFeature } from '../../src/lib/data/schema';
import { arbitraryAtlas } from './arbitrary-atlas';
import { makeAtlas, makeFeature } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'gdal-exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${tool} not found: install GDAL (apt-get install gdal-bin)`);
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** One feature as ogrinfo prints it: its fields (name → value text) and its geometry line. */
interface GdalFeature {
  fields: Record<string, string>;
  geometry?: string;
}

/** Every feature of every layer of a file, as `ogrinfo -ro -al` reads it. */
function readWithGdal(file: string, options: string[] = []): GdalFeature[] {
  const out = gdal('ogrinfo', ['-ro', '-al', ...options, file]);
  return out
    .split(/^OGRFeature\(.*\):\d+$/m)
    .slice(1)
    .map((block) => {
      const fields: Record<string, string> = {};
      let geometry: string | undefined;
      for (const line of block.split('\n')) {
        const field = /^ {2}(\w+) \([\w()]+\) = (.*)$/.exec(line);
        // GeoPackage prints a missing value as "(null)"; other drivers leave the field out.
        if (field && field[2] !== '(null)') fields[field[1]] = field[2];
        else if (/^ {2}(POINT|MULTIPOINT|LINESTRING|MULTILINESTRING|POLYGON|MULTIPOLYGON|GEOMETRYCOLLECTION)\b/.test(line)) geometry = line.trim();
      }
      return { fields, geometry };
    });
}

/** The summary (`-so`): layer names, feature counts and field definitions, without the features. */
function summary(file: string): { count: number; fields: string } {
  const out = gdal('ogrinfo', ['-ro', '-al', '-so', file]);
  const count = [...out.matchAll(/^Feature Count: (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  return { count, fields: out };
}

/** "2024/01/03 11:30:00+00", as GDAL prints a DateTime, to "2024-01-03T11:30:00Z". */
const isoFromGdal = (s: string) => s.replace(/^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2})\+00$/, '$1-$2-$3T$4Z');

function writeExports(name: string, atlas: Atlas) {
  const files = { geojson: join(dir, `${name}.geojson`), csv: join(dir, `${name}.csv`), kml: join(dir, `${name}.kml`) };
  writeFileSync(files.geojson, serializeExport(buildExport(atlas)));
  writeFileSync(files.csv, toCsv(atlas, atlas.features));
  writeFileSync(files.kml, toKml(atlas, atlas.features, `${name} atlas`));
  return files;
}

/**
 * The start of the geometry line GDAL prints for a feature's geometry: its WKT type, with
 * `Z` when it has heights. KML has no multi-geometry types: a MultiGeometry may come back
 * as a GEOMETRYCOLLECTION.
 */
function gdalType(f: EventFeature, kml = false): RegExp {
  const z = positionsOf(f.geometry).every((p) => p.length === 3) ? ' Z' : '';
  const type = f.geometry.type.toUpperCase();
  const multi = kml && type.startsWith('MULTI') ? `(${type}|GEOMETRYCOLLECTION)` : type;
  return new RegExp(`^${multi}${z} \\(`);
}

/** What each feature must look like once GDAL has read it: id, title, UTC time window (if dated) and geometry type. */
function expectations(atlas: Atlas) {
  return new Map(atlas.features.map((f) => [f.id, { title: f.properties.title, ...flatFields(f.properties.time, f.properties.actors), time: f.properties.time, geometry: gdalType(f), kmlGeometry: gdalType(f, true) }]));
}

const real = await loadAtlas(async (name) => readFileSync(`geodata/${name}`, 'utf8'));
// One generated atlas, the same on every run (seed 9: every kind of time and geometry, relations, incidents and originators), with awkward text.
const [generated] = fc.sample(arbitraryAtlas(40, 25), { seed: 9, numRuns: 1 });
// Each GDAL run starts a process; on a busy machine a few take longer than Vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

describe.each([
  ['real', real.atlas],
  ['generated', generated],
])('GDAL reads the exports of the %s atlas', (name, atlas) => {
  const files = writeExports(name, atlas);
  const want = expectations(atlas);

  it('has data to check', () => {
    expect(atlas.features.length).toBeGreaterThan(0);
    if (name === 'generated') expect(new Set(atlas.features.map((f) => (f.properties.time ? `${f.properties.time.precision}${f.properties.time.end ? '-window' : ''}` : 'undated')))).toEqual(new Set(['minute', 'minute-window', 'hour', 'hour-window', 'day', 'day-window', 'undated']));
    if (name === 'generated') expect(new Set(atlas.features.map((f) => f.geometry.type)).size).toBe(6);
    if (name === 'real') expect(real.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('GeoJSON: every feature with its id, title and UTC time fields, and no list GDAL cannot write', () => {
    const { count, fields } = summary(files.geojson);
    expect(count).toBe(atlas.features.length);
    expect(fields).not.toMatch(/StringList|IntegerList|RealList/);
    expect(fields).toMatch(/^timeStart: DateTime/m);
    const read = readWithGdal(files.geojson);
    expect(read.map((f) => f.fields.id)).toEqual(atlas.features.map((f) => f.id));
    for (const f of read) {
      const w = want.get(f.fields.id)!;
      if (!w.title.includes('\n')) expect(f.fields.title).toBe(w.title);
      expect(f.fields.timeStart && isoFromGdal(f.fields.timeStart)).toBe(w.timeStart);
      expect(f.fields.timeEnd && isoFromGdal(f.fields.timeEnd)).toBe(w.timeEnd);
      expect(f.geometry).toMatch(w.geometry);
    }
  });

  it.each(['FlatGeobuf', 'GPKG'])('GeoJSON converts to %s with every feature', (driver) => {
    const out = join(dir, `${name}.${driver === 'GPKG' ? 'gpkg' : 'fgb'}`);
    gdal('ogr2ogr', ['-f', driver, out, files.geojson]);
    const read = readWithGdal(out);
    // FlatGeobuf writes its features in the order of its spatial index.
    expect(read.map((f) => f.fields.id).sort()).toEqual(atlas.features.map((f) => f.id).sort());
    for (const f of read) {
      const w = want.get(f.fields.id)!;
      expect(f.fields.title?.length).toBeGreaterThan(0);
      expect(f.fields.timeStart && isoFromGdal(f.fields.timeStart)).toBe(w.timeStart);
      expect(f.fields.actorsText ?? '').toBe(w.actorsText.split('\n')[0]);
      // One layer holds one dimension: with 2D and 3D features mixed, GDAL may drop the heights.
      expect(f.geometry?.replace(' Z (', ' (')).toMatch(new RegExp(w.geometry.source.replace(' Z', '')));
    }
  });

  it('CSV: every row with its point (from the wkt column), id and UTC time window', () => {
    expect(summary(files.csv).count).toBe(atlas.features.length);
    const read = readWithGdal(files.csv);
    expect(read.map((f) => f.fields.id)).toEqual(atlas.features.map((f) => f.id));
    for (const f of read) {
      const w = want.get(f.fields.id)!;
      expect(f.geometry).toMatch(w.geometry);
      expect(f.fields.time_start_utc ?? '').toBe(w.timeStart ?? '');
      expect(f.fields.time_end_utc ?? '').toBe(w.timeEnd ?? '');
    }
    // Without the wkt column, the longitude and latitude columns give the same points, and a point on each line or area.
    const byName = readWithGdal(files.csv, ['-oo', 'X_POSSIBLE_NAMES=longitude', '-oo', 'Y_POSSIBLE_NAMES=latitude', '-oo', 'KEEP_GEOM_COLUMNS=NO']);
    atlas.features.forEach((f, i) => {
      if (f.geometry.type === 'Point' && f.geometry.coordinates.length === 2) expect(byName[i].geometry).toBe(read[i].geometry);
      else expect(byName[i].geometry).toMatch(/^POINT \(/);
    });
  });

  it('KML: every placemark with a name, its id and its time as TimeStamp or TimeSpan', () => {
    const { count, fields } = summary(files.kml);
    expect(count).toBe(atlas.features.length);
    expect(fields).toMatch(/^Name: String/m);
    expect(fields).toMatch(/^timestamp: DateTime/m);
    const read = readWithGdal(files.kml);
    expect(read.map((f) => f.fields.feature_id).sort()).toEqual(atlas.features.map((f) => f.id).sort());
    for (const f of read) {
      const w = want.get(f.fields.feature_id)!;
      expect(f.fields.Name?.length).toBeGreaterThan(0);
      expect(f.fields.description).toMatch(/^<p>/);
      expect(f.geometry).toMatch(w.kmlGeometry);
      if (!w.time) expect([f.fields.timestamp, f.fields.begin]).toEqual([undefined, undefined]);
      else if (w.time.precision === 'minute' && !w.time.end) expect(isoFromGdal(f.fields.timestamp)).toBe(w.timeStart);
      // UTC days are written as dates, first and last, which GDAL reads as those days at midnight, with no zone.
      else if (w.time.precision === 'day' && w.timeStart === `${w.time.local}T00:00:00Z`) expect([f.fields.begin, f.fields.end]).toEqual([w.time.local, w.time.end ?? w.time.local].map((d) => `${d.replaceAll('-', '/')} 00:00:00`));
      else expect([isoFromGdal(f.fields.begin), isoFromGdal(f.fields.end)]).toEqual([w.timeStart, w.timeEnd]);
    }
  });
});

describe('GDAL reads the days of a KML export', () => {
  it('as dates: a UTC day and a window of UTC days as their first and last days, a day in another zone as its UTC instants', () => {
    const sources = makeFeature().properties.time!.sources;
    const day = makeFeature({ time: { local: '2023-11-23', precision: 'day', approximate: false, zone: 'UTC', sources } }, 'day');
    const days = makeFeature({ time: { local: '2023-11-20', end: '2023-11-26', precision: 'day', approximate: true, zone: 'UTC', sources } }, 'days');
    const tehran = makeFeature({ time: { local: '2024-01-16', precision: 'day', approximate: false, zone: 'IRST', sources } }, 'tehran');
    const files = writeExports('days', makeAtlas([day, days, tehran]));
    const read = readWithGdal(files.kml).map((f) => [f.fields.feature_id, f.fields.begin, f.fields.end]);
    expect(read).toEqual([
      ['day', '2023/11/23 00:00:00', '2023/11/23 00:00:00'],
      ['days', '2023/11/20 00:00:00', '2023/11/26 00:00:00'],
      ['tehran', '2024/01/15 20:30:00+00', '2024/01/16 20:30:00+00'],
    ]);
  });
});

describe('GDAL reads a polygon back from every export', () => {
  const ring = [
    [57.05, 30.25],
    [57.1, 30.25],
    [57.1, 30.3],
    [57.05, 30.3],
    [57.05, 30.25],
  ];
  const area: EventFeature = { ...makeFeature({}, 'test-area'), geometry: { type: 'Polygon', coordinates: [ring] } };
  const files = writeExports('polygon', makeAtlas([area, makeFeature({}, 'test-point')]));
  const numbers = (wkt: string | undefined) => (wkt?.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

  it.each([
    ['GeoJSON', files.geojson, 'id'],
    ['CSV', files.csv, 'id'],
    ['KML', files.kml, 'feature_id'],
  ])('%s: the polygon with every vertex, beside the point', (_, file, idField) => {
    const read = readWithGdal(file);
    const polygon = read.find((f) => f.fields[idField] === 'test-area');
    expect(polygon?.geometry).toMatch(/^POLYGON \(\(/);
    expect(numbers(polygon?.geometry)).toEqual(ring.flat());
    expect(read.find((f) => f.fields[idField] === 'test-point')?.geometry).toMatch(/^POINT \(/);
  });

  it('CSV: the longitude and latitude columns hold a point inside the polygon', () => {
    const read = readWithGdal(files.csv, ['-oo', 'X_POSSIBLE_NAMES=longitude', '-oo', 'Y_POSSIBLE_NAMES=latitude', '-oo', 'KEEP_GEOM_COLUMNS=NO']);
    const [lon, lat] = numbers(read.find((f) => f.fields.id === 'test-area')?.geometry);
    expect(lon).toBeGreaterThan(57.05);
    expect(lon).toBeLessThan(57.1);
    expect(lat).toBeGreaterThan(30.25);
    expect(lat).toBeLessThan(30.3);
  });
});
