import { describe, expect, it } from 'vitest';
import { formatProblem, isHttpUrl, validateIncidents, validateLayerFile, validateRoutes, validateSources } from '../../src/lib/data/validate';
import { layer, makeFeature, ministry, wire } from './fixtures';

const known = new Set([wire.id, ministry.id]);
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

describe('validateSources', () => {
  it('accepts a well-formed catalog', () => {
    const { sources, problems } = validateSources('sources.json', { sources: [wire, ministry] });
    expect(sources).toHaveLength(2);
    expect(problems).toEqual([]);
  });

  it('fails a source whose originator is not in the catalogue, and accepts one that is', () => {
    const originators = [{ id: 'afp', name: 'Agence France-Presse', type: 'wire' }];
    const copy = { ...wire, id: 'copy-2024-01-04-x', originator: 'afp' };
    const stray = { ...wire, id: 'stray-2024-01-04-x', originator: 'reuters' };
    const { sources, problems, originators: known } = validateSources('sources.json', { originators, sources: [copy, stray] });
    expect(known.get('afp')?.name).toBe('Agence France-Presse');
    expect(sources.map((s) => s.id)).toEqual([copy.id]);
    expect(problems).toEqual([expect.objectContaining({ feature: stray.id, field: 'originator', severity: 'error', message: expect.stringMatching(/"reuters".*not in the catalogue/) })]);
  });

  it('checks the archive record: snapshot time and SHA-256', () => {
    const bad = { ...wire, archiveUrl: 'https://web.archive.org/web/2024/x', archivedAt: 'yesterday', archiveSha256: 'abc' };
    const fields = validateSources('sources.json', { sources: [bad] }).problems.map((p) => p.field);
    expect(fields).toEqual(['archivedAt', 'archiveSha256']);
  });

  it('rejects a javascript: URL, an unknown type and a duplicate id, naming each', () => {
    const bad = { ...wire, url: 'javascript:alert(1)', type: 'blog' };
    const { sources, problems } = validateSources('sources.json', { sources: [bad, wire] });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.feature}/${p.field}`);
    expect(errors).toEqual([`${wire.id}/url`, `${wire.id}/type`, `${wire.id}/id`]);
    expect(sources).toEqual([]);
  });

  it('explains a file that is not a catalog', () => {
    expect(validateSources('sources.json', [1, 2]).problems[0].message).toMatch(/"sources" array/);
  });
});

describe('validateLayerFile', () => {
  it('accepts a valid feature', () => {
    const result = validateLayerFile(layer.file, collection(makeFeature()), layer, known);
    expect(result.problems).toEqual([]);
    expect(result.features.map((f) => f.id)).toEqual(['test-event']);
  });

  it('collects every problem of a feature, with file, feature and field', () => {
    const bad = makeFeature({
      title: '',
      time: { local: '2024-02-30', precision: 'minute', approximate: true, zone: 'IRST', sources: [] },
      location: { basis: 'estimate', radiusM: -5, note: 'x', sources: ['nowhere'] },
    });
    const { problems, features } = validateLayerFile(layer.file, collection(bad), layer, known);
    expect(features).toEqual([]);
    expect(problems.map((p) => p.field)).toEqual(['title', 'time.sources', 'time.local', 'time.precision', 'location.radiusM', 'location.sources']);
    expect(problems.every((p) => p.file === layer.file && p.feature === 'test-event')).toBe(true);
  });

  it('keeps the good features of a file when one is bad', () => {
    const good = makeFeature({}, 'good');
    const bad = { ...makeFeature({}, 'bad'), geometry: { type: 'Point', coordinates: [200, 30] } };
    const result = validateLayerFile(layer.file, collection(bad, good), layer, known);
    expect(result.features.map((f) => f.id)).toEqual(['good']);
    expect(formatProblem(result.problems[0])).toBe('error: test-layer.geojson › bad › geometry.coordinates[0]: longitude 200 is outside -180..180');
  });

  it('refuses duplicate ids, a crs member, a wrong layer and an uncited claim', () => {
    const a = makeFeature({}, 'same');
    const b = makeFeature({ layer: 'other' }, 'same');
    b.properties.claims = [{ ...b.properties.claims[0], id: 'x', sources: [] }];
    const { problems } = validateLayerFile(layer.file, { ...collection(a, b), crs: {} }, layer, known);
    expect(problems.map((p) => p.field)).toEqual(['crs', 'claims[0].sources', 'id', 'layer']);
  });

  it('requires a date-only time to say its precision is a day', () => {
    const f = makeFeature({ time: { local: '2024-01-16', precision: 'hour', approximate: false, zone: 'AST', sources: [wire.id] } });
    const { problems } = validateLayerFile(layer.file, collection(f), layer, known);
    expect(problems.map((p) => p.field)).toEqual(['time.precision']);
  });

  it('needs a known zone to place a day-only time in UTC', () => {
    const f = makeFeature({ time: { local: '2024-01-16', precision: 'day', approximate: false, zone: 'XYZ', sources: [wire.id] } });
    expect(validateLayerFile(layer.file, collection(f), layer, known).problems.map((p) => p.field)).toEqual(['time.zone']);
  });

  it('rejects a time without a UTC offset', () => {
    const f = makeFeature({ time: { local: '2024-01-03T15:00', precision: 'minute', approximate: false, zone: 'IRST', sources: [wire.id] } });
    expect(validateLayerFile(layer.file, collection(f), layer, known).problems[0].field).toBe('time.local');
  });

  it('reports a file that is not a FeatureCollection', () => {
    const { problems } = validateLayerFile(layer.file, { type: 'Feature' }, layer, known);
    expect(problems[0].message).toMatch(/FeatureCollection/);
  });
});

describe('isHttpUrl', () => {
  it.each([
    ['https://apnews.com/a', true],
    ['http://example.org', true],
    ['ftp://example.org', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => expect(isHttpUrl(url)).toBe(ok));
});

describe('validateIncidents and validateRoutes', () => {
  const features = new Set(['blast-1', 'blast-2', 'square']);
  const known = new Set([wire.id]);
  const claim = { id: 'toll', topic: 'deaths', statement: 's', value: 94, unit: 'people', by: 'b', date: '2024-01-11', status: 'claimed', sources: [wire.id] };

  it('keeps a well-formed incident and names every problem of a broken one', () => {
    const good = { id: 'attack', title: 'Attack', features: ['blast-1', 'blast-2'], claims: [claim] };
    const bad = { id: 'blast-1', title: '', features: ['nowhere'], claims: [{ ...claim, id: 'toll-2', sources: ['missing'] }] };
    const { incidents, problems } = validateIncidents('incidents.json', { incidents: [good, bad] }, features, known);
    expect(incidents.map((i) => i.id)).toEqual(['attack']);
    expect(problems.map((p) => p.field)).toEqual(['title', 'id', 'features', 'claims[0].sources']);
  });

  it('needs a route to pass through at least two known features, with sources', () => {
    const good = { id: 'street', title: 'Street', via: ['square', 'blast-2', 'blast-1'], note: 'schematic', sources: [wire.id] };
    const short = { id: 'short', title: 'Short', via: ['square'], note: 'n', sources: [wire.id] };
    const unknown = { id: 'lost', title: 'Lost', via: ['square', 'nowhere'], note: 'n', sources: [] };
    const { routes, problems } = validateRoutes('routes.json', { routes: [good, short, unknown] }, features, known);
    expect(routes.map((r) => r.id)).toEqual(['street']);
    expect(problems.map((p) => `${p.feature}/${p.field}`)).toEqual(['short/via', 'lost/sources', 'lost/via']);
  });
});

describe('impossible values', () => {
  it('refuses hour 25, second 60, an offset of +99:99, and a zone that is only a prototype key', () => {
    for (const local of ['2024-01-16T25:00:00+03:00', '2024-01-16T21:00:60+03:00', '2024-01-16T21:00:00+99:99', '2024-01-16T21:60+03:00']) {
      const f = makeFeature({ time: { local, precision: 'minute', approximate: false, zone: 'AST', sources: [wire.id] } });
      expect(validateLayerFile(layer.file, collection(f), layer, known).problems.map((p) => p.field)).toEqual(['time.local']);
    }
    for (const zone of ['constructor', '__proto__', 'toString']) {
      const f = makeFeature({ time: { local: '2024-01-16', precision: 'day', approximate: false, zone, sources: [wire.id] } });
      expect(validateLayerFile(layer.file, collection(f), layer, known).problems.map((p) => p.field)).toEqual(['time.zone']);
    }
  });

  it('refuses an id too long for a link, and quotes long values short', () => {
    const long = makeFeature({}, `a${'b'.repeat(200)}`);
    const { problems } = validateLayerFile(layer.file, collection(long), layer, known);
    expect(problems.map((p) => p.field)).toEqual(['id']);
    expect(problems[0].feature!.length).toBeLessThan(90);
    const huge = makeFeature({ time: { local: 'x'.repeat(100_000), precision: 'minute', approximate: false, zone: 'AST', sources: [wire.id] } });
    expect(formatProblem(validateLayerFile(layer.file, collection(huge), layer, known).problems[0]).length).toBeLessThan(300);
  });
});

