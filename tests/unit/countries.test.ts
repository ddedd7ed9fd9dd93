import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkCountries, countriesFromTopology } from '../../src/lib/geo/countries';
import { makeFeature } from './fixtures';

const countries = countriesFromTopology(createRequire(import.meta.url)('world-atlas/countries-50m.json'));
const at = (coordinates: [number, number], country: string) => ({ ...makeFeature({ country }), geometry: { type: 'Point' as const, coordinates } });

describe('checkCountries', () => {
  it('accepts points inside the country they name', () => {
    expect(checkCountries('f', [at([57.07, 30.28], 'Iran'), at([44.01, 36.19], 'Iraq'), at([64.1, 26.97], 'Pakistan')], countries)).toEqual([]);
  });

  it('names the country a misplaced point really lies in', () => {
    const [p] = checkCountries('f', [at([44.01, 36.19], 'Iran')], countries);
    expect(p.message).toMatch(/not inside Iran \(it lies in Iraq\)/);
    expect(p.field).toBe('geometry.coordinates');
  });

  it('rejects a country name Natural Earth does not use', () => {
    expect(checkCountries('f', [at([57.07, 30.28], 'Persia')], countries)[0].field).toBe('country');
  });
});
