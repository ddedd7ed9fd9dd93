/**
 * Generated atlases for property-based tests (fast-check): valid data of every shape the
 * schema allows (every geometry type in 2D and 3D, times of each precision and windows, claims with qualifiers and ranges,
 * sources with originators and archive records, relations of built-in types and of one the
 * atlas defines, incidents, routes, calendars), with awkward text
 * (markup, quotes, separators, Persian, formulas) where text is free.
 */
import fc from 'fast-check';
import { CLAIM_STATUSES, FIGURE_QUALIFIERS, LOCATION_BASES, RELATION_TYPES, SOURCE_TYPES } from '../../src/lib/data/schema';
import type { Atlas, Claim, EventFeature, EventTime, Incident, LayerDef, Originator, Relation, Route, Source } from '../../src/lib/data/schema';
import type { RelationTypeDef } from '../../src/lib/data/manifest';

/** A relation type the generated atlases define beside the built-in ones, as a manifest would. */
export const LAUNCH: Record<string, RelationTypeDef> = { launch: { label: 'Launched from', outgoing: 'Launched', incoming: 'Launched from', note: 'launch site, according to {by}', line: 'dotted', color: '#aa3300' } };

const AWKWARD = ['<b>bold</b> & "quoted"', "it's ]]> here", 'A; B', 'کرمان، ایران', '=HYPERLINK("http://x")', 'line one\nline two', '  padded  '];

/** Non-empty text, usually short ASCII, sometimes one of the awkward strings. */
const text = fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 24 }) }, { weight: 1, arbitrary: fc.constantFrom(...AWKWARD) }).filter((s) => s.trim() !== '');

const day = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2030, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

/** A finite number that survives JSON: never -0. */
const figure = fc.oneof(fc.integer({ min: -1000, max: 100_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })).map((n) => (n === 0 ? 0 : n));

/** A coordinate that survives JSON: never -0. */
const coordinate = (limit: number) => fc.double({ min: -limit, max: limit, noNaN: true }).map((n) => (n === 0 ? 0 : n));
/** Sometimes a height: a geometry's positions are all 2D or all 3D. */
const heights = fc.option(fc.integer({ min: -400, max: 9000 }), { nil: undefined, freq: 4 });
const positionArb = (height: number | undefined) => fc.tuple(coordinate(180), coordinate(90)).map(([lon, lat]) => (height === undefined ? [lon, lat] : [lon, lat, height]));
/** A small closed square ring near a random position (valid whatever the size of the step). */
const ringArb = (height: number | undefined) =>
  fc.tuple(coordinate(179), coordinate(89), fc.double({ min: 0.001, max: 1, noNaN: true })).map(([lon, lat, d]) => {
    const at = (x: number, y: number) => (height === undefined ? [x, y] : [x, y, height]);
    return [at(lon, lat), at(lon + d, lat), at(lon + d, lat + d), at(lon, lat + d), at(lon, lat)];
  });

/** Every geometry type the schema allows, points most often, 2D or 3D. */
const geometryArb: fc.Arbitrary<EventFeature['geometry']> = heights.chain((h) =>
  fc.oneof(
    { weight: 6, arbitrary: positionArb(h).map((coordinates) => ({ type: 'Point' as const, coordinates })) },
    { weight: 1, arbitrary: fc.array(positionArb(h), { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiPoint' as const, coordinates })) },
    { weight: 1, arbitrary: fc.array(positionArb(h), { minLength: 2, maxLength: 4 }).map((coordinates) => ({ type: 'LineString' as const, coordinates })) },
    { weight: 1, arbitrary: fc.array(fc.array(positionArb(h), { minLength: 2, maxLength: 3 }), { minLength: 1, maxLength: 2 }).map((coordinates) => ({ type: 'MultiLineString' as const, coordinates })) },
    { weight: 1, arbitrary: ringArb(h).map((ring) => ({ type: 'Polygon' as const, coordinates: [ring] })) },
    { weight: 1, arbitrary: fc.array(ringArb(h), { minLength: 1, maxLength: 2 }).map((rings) => ({ type: 'MultiPolygon' as const, coordinates: rings.map((r) => [r]) })) },
  ),
);

const OFFSETS = [-240, 0, 60, 180, 210, 270, 300, 345, 840];

function offsetText(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** "2024-01-03T15:00:00+03:30" for a UTC instant shown at an offset. */
function localText(ms: number, offsetMin: number, seconds: boolean): string {
  const wall = new Date(ms + offsetMin * 60_000).toISOString();
  return `${wall.slice(0, seconds ? 19 : 16)}${offsetText(offsetMin)}`;
}

function timeOf(sourceIds: string[]): fc.Arbitrary<EventTime> {
  const cites = fc.subarray(sourceIds, { minLength: 1 });
  const common = { approximate: fc.boolean(), note: fc.option(text, { nil: undefined }), sources: cites };
  const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => ms - (ms % 60_000));
  const moment = fc.record({
    ms: instant,
    offset: fc.constantFrom(...OFFSETS),
    seconds: fc.boolean(),
    precision: fc.constantFrom('minute' as const, 'hour' as const),
    windowMin: fc.option(fc.integer({ min: 1, max: 3 * 24 * 60 }), { nil: undefined }),
    zone: text,
    ...common,
  }).map(({ ms, offset, seconds, windowMin, ...t }) => ({
    ...t,
    local: localText(ms, offset, seconds),
    ...(windowMin ? { end: localText(ms + windowMin * 60_000, offset, seconds) } : {}),
  }));
  const days = fc.record({
    local: day,
    windowDays: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    zone: fc.constantFrom('IRST', 'AST', 'PKT'),
    ...common,
  }).map(({ local, windowDays, ...t }) => ({
    ...t,
    precision: 'day' as const,
    local,
    ...(windowDays ? { end: new Date(Date.parse(`${local}T00:00:00Z`) + windowDays * 86_400_000).toISOString().slice(0, 10) } : {}),
  }));
  return fc.oneof(moment, days).map(dropUndefined);
}

/** The object without its undefined members, as a file would hold it. */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function claimOf(id: string, sourceIds: string[], featureIds: string[]): fc.Arbitrary<Claim> {
  const base = { id: fc.constant(id), topic: text, statement: text, by: text, date: day, status: fc.constantFrom(...CLAIM_STATUSES), official: fc.option(fc.boolean(), { nil: undefined }), sources: fc.subarray(sourceIds, { minLength: 1 }) };
  const plain = fc.record(base);
  const withFigure = fc
    .record({ ...base, value: figure, span: fc.option(fc.nat(500), { nil: undefined }), qualifier: fc.option(fc.constantFrom(...FIGURE_QUALIFIERS), { nil: undefined }), unit: text })
    .map(({ span, ...c }) => ({ ...c, ...(span !== undefined ? { valueMax: c.value + span } : {}) }));
  const distance = fc.record({ ...base, value: fc.integer({ min: 1, max: 50_000 }), unit: fc.constant('m'), from: fc.constantFrom(...featureIds) });
  return fc.oneof(plain, withFigure, distance).map(dropUndefined);
}

const sourceOf = (id: string, originatorIds: string[]): fc.Arbitrary<Source> =>
  fc
    .record({
      id: fc.constant(id),
      publisher: text,
      title: text,
      published: fc.option(day, { nil: undefined }),
      url: fc.webUrl({ validSchemes: ['https', 'http'] }),
      archiveUrl: fc.option(fc.webUrl({ validSchemes: ['https'] }), { nil: undefined }),
      archivedAt: fc.option(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z')), { nil: undefined }),
      archiveSha256: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: undefined }),
      language: fc.constantFrom('en', 'fa', 'ar', 'ur', 'fr'),
      type: fc.constantFrom(...SOURCE_TYPES),
      originator: originatorIds.length > 0 ? fc.option(fc.constantFrom(...originatorIds), { nil: undefined }) : fc.constant(undefined),
      syndicated: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(dropUndefined);

/** A whole valid atlas: 1–3 layers, `minFeatures` to `maxFeatures` features, relations and incidents between them. */
export function arbitraryAtlas(maxFeatures = 8, minFeatures = 1): fc.Arbitrary<Atlas> {
  return fc
    .record({ layerCount: fc.integer({ min: 1, max: 3 }), featureCount: fc.integer({ min: minFeatures, max: maxFeatures }), sourceCount: fc.integer({ min: 1, max: 6 }), originatorCount: fc.integer({ min: 0, max: 2 }) })
    .chain(({ layerCount, featureCount, sourceCount, originatorCount }) => {
      const layers: LayerDef[] = Array.from({ length: layerCount }, (_, i) => ({ id: `layer-${i}`, title: `Layer ${i}`, description: `Generated layer ${i}.`, file: `layer-${i}.geojson`, color: '#336699' }));
      const originatorIds = Array.from({ length: originatorCount }, (_, i) => `agency-${i}`);
      const sourceIds = Array.from({ length: sourceCount }, (_, i) => `source-${i}`);
      const featureIds = Array.from({ length: featureCount }, (_, i) => `event-${i}`);
      const originators = fc.tuple(...originatorIds.map((id) => fc.record({ id: fc.constant(id), name: text, type: fc.constantFrom(...SOURCE_TYPES) }))) as fc.Arbitrary<Originator[]>;
      const sources = fc.tuple(...sourceIds.map((id) => sourceOf(id, originatorIds)));
      const features = fc.tuple(
        ...featureIds.map((id) =>
          fc
            .record({
              title: text,
              titles: fc.option(fc.constantFrom<Record<string, string>>({ fa: 'انفجار اول' }, { fa: 'کرمان', de: 'Kerman' }), { nil: undefined }),
              layer: fc.constantFrom(...layers.map((l) => l.id)),
              country: text,
              place: text,
              time: fc.option(timeOf(sourceIds), { nil: undefined }),
              location: fc.record({ basis: fc.constantFrom(...LOCATION_BASES), radiusM: fc.integer({ min: 1, max: 500_000 }), note: text, sources: fc.subarray(sourceIds, { minLength: 1 }) }),
              actors: fc.array(text, { maxLength: 3 }),
              claims: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => claimOf(`${id}-claim-${k}`, sourceIds, featureIds)))),
              geometry: geometryArb,
            })
            .map(({ geometry, ...p }): EventFeature => ({ type: 'Feature', id, geometry, properties: dropUndefined(p) })),
        ),
      );
      // A relation links two different features: `to` is picked among the others.
      const ends = fc.integer({ min: 0, max: featureCount - 1 }).chain((i) => fc.integer({ min: 1, max: Math.max(1, featureCount - 1) }).map((k) => [featureIds[i], featureIds[(i + k) % featureCount]]));
      const relations = fc.array(
        fc.record({ ends, type: fc.constantFrom(...RELATION_TYPES, 'launch'), statement: text, by: text, date: day, status: fc.constantFrom(...CLAIM_STATUSES), sources: fc.subarray(sourceIds, { minLength: 1 }) }),
        { maxLength: featureCount > 1 ? 3 : 0 },
      );
      const incidents = fc.array(fc.record({ title: text, features: fc.subarray(featureIds, { minLength: 1 }) }), { maxLength: 2 });
      // A route passes through two features at least.
      const routes: fc.Arbitrary<Omit<Route, 'id'>[]> = featureCount > 1 ? fc.array(fc.record({ title: text, via: fc.subarray(featureIds, { minLength: 2 }), note: text, sources: fc.subarray(sourceIds, { minLength: 1 }) }), { maxLength: 2 }) : fc.constant([]);
      const calendars = fc.option(fc.constantFrom<string[]>(['persian'], ['persian', 'islamic-umalqura']), { nil: undefined });
      return fc.record({ originators, sources, features, relations, incidents, routes, calendars }).chain((a) =>
        fc.tuple(...a.incidents.map((inc, i) => fc.integer({ min: 1, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => claimOf(`incident-${i}-claim-${k}`, sourceIds, featureIds)))))).map((incidentClaims): Atlas => {
          // Features in draw order, as loading gives them.
          const relationList: Relation[] = a.relations.map(({ ends: [from, to], ...r }, i) => ({ id: `relation-${i}`, from, to, ...r }));
          const incidentList: Incident[] = a.incidents.map((inc, i) => ({ id: `incident-${i}`, ...inc, claims: incidentClaims[i] }));
          const routeList: Route[] = a.routes.map((r, i) => ({ id: `route-${i}`, ...r }));
          return {
            layers,
            features: layers.flatMap((l) => a.features.filter((f) => f.properties.layer === l.id)),
            relations: relationList,
            incidents: incidentList,
            routes: routeList,
            story: [],
            sources: new Map(a.sources.map((s) => [s.id, s])),
            originators: new Map(a.originators.map((o) => [o.id, o])),
            relationTypes: LAUNCH,
            ...(a.calendars ? { calendars: a.calendars } : {}),
          };
        }),
      );
    });
}
