import { describe, expect, it } from 'vitest';
import { syntheticAtlas } from '../../scripts/lib/synthetic';
import { gpuTimes } from '../../src/lib/map/event-gl';
import { buildIndex, matchRows, mercator, SearchCache, shownRows, totals } from '../../src/lib/state/feature-index';
import { applyFilters, NO_ACTOR, NO_FILTERS, searchText, timeExtent } from '../../src/lib/state/filters';
import { histogram } from '../../src/lib/ui/histogram';
import { visibleSlice } from '../../src/lib/ui/virtual';
import { makeAtlas, makeFeature } from './fixtures';

const day = (iso: string) => Date.parse(iso);
const kerman = makeFeature({ time: { local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: [] }, actors: ['Islamic State'] }, 'kerman');
const saravan = makeFeature({ time: { local: '2024-01-18', precision: 'day', approximate: false, zone: 'IRST', sources: [] }, actors: ['Pakistan Armed Forces'], title: 'Strike near Saravan' }, 'saravan');
const grave = makeFeature({ time: undefined, actors: [], title: 'Grave' }, 'grave');
const atlas = makeAtlas([saravan, grave, kerman]);
const index = buildIndex(atlas.features, atlas.sources, ['test-layer']);

/** The ids the columns show under some filters, in time order. */
function shownIds(filters = NO_FILTERS): string[] {
  const search = filters.query ? new SearchCache(index).match(filters.query) : null;
  const shown = shownRows(index, matchRows(index, filters.hiddenActors, search), filters);
  return Array.from(shown.rows, (i) => index.ids[i]);
}

describe('buildIndex', () => {
  it('orders rows by time with undated reference places last, and pads the extent to whole UTC days', () => {
    expect(Array.from(index.order, (i) => index.ids[i])).toEqual(['kerman', 'saravan', 'grave']);
    expect(index.extent).toEqual({ start: day('2024-01-03T00:00:00Z'), end: day('2024-01-19T00:00:00Z') });
    expect(index.datedCount).toBe(2);
    expect(index.actors).toEqual(['Pakistan Armed Forces', NO_ACTOR, 'Islamic State']);
  });

  it('keeps positions in Web Mercator and precision radii in Mercator units', () => {
    expect(mercator(-180, 0)).toEqual([0, 0.5]);
    const [x, y] = mercator(57.07, 30.28);
    expect(index.x[2]).toBeCloseTo(x, 6);
    expect(index.y[2]).toBeCloseTo(y, 6);
    // 1 km at latitude 30.28° is 1 / (40,075 km × cos 30.28°) of the world.
    expect(index.radius[2] * 40_075_016.686 * Math.cos((30.28 * Math.PI) / 180)).toBeCloseTo(kerman.properties.location.radiusM, 0);
  });

  it('handles 300,000 features without spreading them as arguments (once a RangeError)', () => {
    const big = Array.from({ length: 300_000 }, (_, i) => (i % 2 ? kerman : saravan));
    expect(timeExtent(big)).toEqual(index.extent);
    const bigIndex = buildIndex(big, atlas.sources);
    expect(bigIndex.n).toBe(300_000);
    expect(bigIndex.extent).toEqual(index.extent);
  }, 60_000);

  it('indexes the synthetic atlas: three layers, fifty sources, a year', () => {
    const synthetic = syntheticAtlas({ events: 3000 });
    const i = buildIndex(synthetic.features, synthetic.sources, synthetic.layers.map((l) => l.id));
    expect(i.layerIds).toHaveLength(3);
    expect(i.extent!.start).toBe(day('2023-01-01T00:00:00Z'));
    expect(Array.from(totals(i).perLayer)).toEqual([1000, 1000, 1000]);
  });
});

describe('filtering on the columns', () => {
  it('agrees with applyFilters on the window, actors, layers and search', () => {
    const texts = new Map(atlas.features.map((f) => [f.id, searchText(f, atlas.sources)]));
    const cases = [
      NO_FILTERS,
      { ...NO_FILTERS, window: { start: day('2024-01-10T00:00:00Z'), end: day('2024-01-18T00:00:00Z') } },
      { ...NO_FILTERS, window: { start: day('2024-01-03T11:31:00Z'), end: day('2024-01-04T00:00:00Z') } },
      { ...NO_FILTERS, hiddenActors: new Set(['Islamic State', NO_ACTOR]) },
      { ...NO_FILTERS, hiddenLayers: new Set(['test-layer']) },
      { ...NO_FILTERS, query: 'SARAVAN' },
      { ...NO_FILTERS, query: 'example wire 84' },
    ];
    for (const filters of cases) {
      const expected = applyFilters(atlas.features, filters, texts).map((f) => f.id).sort();
      expect(shownIds(filters).sort()).toEqual(expected);
    }
  });

  it('treats the end of a span as exclusive, as the GPU does: a one-minute event ends before the next minute', () => {
    expect(shownIds({ ...NO_FILTERS, window: { start: day('2024-01-03T11:31:00Z'), end: day('2024-01-03T12:00:00Z') } })).toEqual(['grave']);
    expect(shownIds({ ...NO_FILTERS, window: { start: day('2024-01-03T11:30:59Z'), end: day('2024-01-03T12:00:00Z') } })).toEqual(['kerman', 'grave']);
    const times = gpuTimes(index, index.extent!.start);
    const row = index.row.get('kerman')!;
    // 11:30 and 11:31 UTC are whole minutes after the start of the day: exact in float32.
    expect([times[2 * row], times[2 * row + 1]]).toEqual([690, 691]);
  });

  it('counts shown and total features per layer and actor in the same pass', () => {
    const shown = shownRows(index, matchRows(index, new Set(['Islamic State']), null), NO_FILTERS);
    expect(Array.from(shown.perLayer)).toEqual([2]);
    expect(Array.from(shown.perActor)).toEqual([1, 1, 0]);
    expect(Array.from(totals(index).perActor)).toEqual([1, 1, 1]);
    expect(shown.datedCount).toBe(1);
  });

  it('narrows a search as letters are typed, and widens it again when they are removed', () => {
    const cache = new SearchCache(index);
    const ids = (rows: Uint8Array) => index.ids.filter((_, i) => rows[i]);
    expect(ids(cache.match('s'))).toEqual(['saravan', 'grave', 'kerman']);
    expect(ids(cache.match('sa'))).toEqual(['saravan']);
    expect(ids(cache.match('sar'))).toEqual(['saravan']);
    expect(ids(cache.match('gr'))).toEqual(['grave']);
    expect(ids(cache.match(''))).toEqual(['saravan', 'grave', 'kerman']);
  });
});

describe('histogram', () => {
  it('bins dated features by the middle of their span, all or only the shown', () => {
    const h = histogram(index, index.extent!, 16);
    expect(h.max).toBe(1);
    expect(h.counts[0]).toBe(1); // 3 January
    expect(h.counts[15]).toBe(1); // 18 January: the middle of the local day is 08:30 UTC
    const mask = new Uint8Array(index.n);
    mask[index.row.get('saravan')!] = 1;
    expect(Array.from(histogram(index, index.extent!, 16, mask).counts).reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('visibleSlice', () => {
  it('gives the rows in view plus a margin, clamped to the list', () => {
    expect(visibleSlice(100_000, 44, 0, 440)).toEqual({ from: 0, to: 18 });
    expect(visibleSlice(100_000, 44, 44_000, 440)).toEqual({ from: 992, to: 1018 });
    expect(visibleSlice(5, 44, 0, 440)).toEqual({ from: 0, to: 5 });
    expect(visibleSlice(0, 44, 0, 440)).toEqual({ from: 0, to: 0 });
  });
});
