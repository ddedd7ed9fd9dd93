import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateGeodata } from '../../scripts/lib/validate-geodata';
import { layer, makeFeature, memoryFiles, ministry, wire } from './fixtures';

const place = { type: 'Feature', id: 'place-kerman', geometry: { type: 'Point', coordinates: [57.07, 30.29] }, properties: { name: 'Kerman', country: 'Iran', source: wire.id, radiusM: 5000 } };
const dir = (features: unknown[], places: unknown[] = [place]) =>
  memoryFiles({
    'layers.json': { layers: [layer] },
    'sources.json': { sources: [wire, ministry] },
    'relations.json': { relations: [] },
    'story.json': { steps: [] },
    'test-layer.geojson': { type: 'FeatureCollection', features },
    'basemap-places.geojson': { type: 'FeatureCollection', features: places },
  });

describe('validateGeodata', () => {
  it('passes the real geodata/ with no errors', async () => {
    const { problems, featureCount } = await validateGeodata((name) => readFile(join('geodata', name), 'utf8'));
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(featureCount).toBeGreaterThanOrEqual(8);
  });

  it('fails a point that lies outside the country it names, saying where it is', async () => {
    const misplaced = { ...makeFeature(), geometry: { type: 'Point', coordinates: [44.0, 36.2] } };
    const { problems } = await validateGeodata(dir([misplaced]));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'test-layer.geojson', feature: 'test-event', severity: 'error', message: expect.stringMatching(/lies in Iraq/) }));
  });

  it('fails a basemap place citing an unknown source', async () => {
    const { problems } = await validateGeodata(dir([makeFeature()], [{ ...place, properties: { ...place.properties, source: 'nowhere' } }]));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'basemap-places.geojson', field: 'source', severity: 'error' }));
  });

  it('warns about a source no one cites', async () => {
    const { problems } = await validateGeodata(dir([makeFeature({ claims: [{ ...makeFeature().properties.claims[0], sources: [wire.id] }] })]));
    expect(problems).toContainEqual(expect.objectContaining({ feature: ministry.id, severity: 'warning', message: expect.stringMatching(/cited by no/) }));
  });
});
