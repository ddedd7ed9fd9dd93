import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticAtlas } from '../../scripts/lib/synthetic';
import { gpuTimes } from '../../src/lib/map/event-gl';
import { buildIndex, indexColumns, Indexer, matchRows, mercator, sameRowsOr, SearchCache, shownRows, timeOrder, totals, type FeatureIndex } from '../../src/lib/state/feature-index';
import { actorOffsets, joinColumns, layerOf, pickColumns, prepareAll, type PreparedColumns as PrepCols } from '../../src/lib/state/prepared';
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
  it('orders rows by the middle of the span each may have happened in, so a day given in another zone does not jump ahead', () => {
    // 16 January in Pakistan starts at 19:00 UTC on the 15th, before 23:36 on the 15th in Iraq (20:36 UTC); its middle, 07:00 UTC on the 16th, does not.
    const koh = makeFeature({ time: { local: '2024-01-16', precision: 'day', approximate: false, zone: 'PKT', sources: [] } }, 'koh-e-sabz');
    const erbil = makeFeature({ time: { local: '2024-01-15T23:36:00+03:00', precision: 'minute', approximate: false, zone: 'AST', sources: [] } }, 'erbil');
    const both = makeAtlas([koh, erbil]);
    const i = buildIndex(both.features, both.sources);
    expect(Array.from(i.order, (r) => i.ids[r])).toEqual(['erbil', 'koh-e-sabz']);
    // The columns the filters read keep the span itself.
    expect(i.start[i.row.get('koh-e-sabz')!]).toBe(day('2024-01-15T19:00:00Z'));
  });

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

/** An index's columns as plain values, to compare two indexes built different ways. */
const plain = (i: FeatureIndex) => ({ ...i, row: [...i.row] });

describe('extending an index when a file adds features', () => {
  // Two files of the synthetic atlas; the second brings ties with the first, undated places,
  // a new actor and a layer the list does not name.
  const synthetic = syntheticAtlas({ events: 3000 });
  const layerIds = synthetic.layers.map((l) => l.id);
  // The first file holds the latest event (January 2024) and the second the earliest (June
  // 2022), so each file bounds one end of the extent.
  const first = [...synthetic.features.slice(1000), { ...kerman, id: 'latest' }];
  const tied = synthetic.features[1005];
  const tie = { ...kerman, id: 'tie', properties: { ...kerman.properties, time: { ...kerman.properties.time!, local: tied.properties.time!.local, zone: tied.properties.time!.zone } } };
  const stranger = { ...saravan, id: 'stranger', properties: { ...saravan.properties, layer: 'unlisted', actors: ['Someone new'], time: { ...saravan.properties.time!, local: '2022-06-01' } } };
  const second = [...synthetic.features.slice(0, 1000), { ...grave, id: 'grave-2' }, tie, stranger];
  const all = [...first, ...second];

  it('gives the same columns as building the whole list at once', () => {
    const base = indexColumns(first, prepareAll(first, synthetic.sources), layerIds);
    const extended = indexColumns(all, prepareAll(all, synthetic.sources), layerIds, base);
    expect(plain(extended)).toEqual(plain(buildIndex(all, synthetic.sources, layerIds)));
    expect(extended.extent).toEqual({ start: day('2022-05-31T00:00:00Z'), end: day('2024-01-04T00:00:00Z') });
    expect(extended.layerIds.at(-1)).toBe('unlisted');
    expect(extended.actors).toContain('Someone new');
    // The tie keeps the file order: the first file's event first.
    const order = Array.from(extended.order);
    expect(order.indexOf(extended.row.get('tie')!)).toBeGreaterThan(order.indexOf(5));
    expect(extended.ids.slice(-3)).toEqual(['grave-2', 'tie', 'stranger']);
  });

  it('extends the last index when the list grew at its end, and starts again otherwise', () => {
    const indexer = new Indexer();
    const prepared = prepareAll(all, synthetic.sources);
    const head = prepareAll(first, synthetic.sources);
    const a = indexer.index(first, head, layerIds);
    const rowMap = a.row;
    const b = indexer.index(all, prepared, layerIds);
    // Extended: the base's map of ids was taken over, not built again.
    expect(b.row).toBe(rowMap);
    expect(b.n).toBe(all.length);
    expect(indexer.index(all, prepared, layerIds)).toBe(b);
    // The same ids in other objects (an atlas opened again): built anew.
    const copies = all.map((f) => ({ ...f }));
    const c = indexer.index(copies, prepared, layerIds);
    expect(c.row).not.toBe(rowMap);
    expect(plain(c)).toEqual(plain(b));
    // A layer list that no longer starts with the old one: built anew, with its rows.
    const late = { ...kerman, id: 'late' };
    const d = indexer.index([...copies, late], joinColumns([prepared, prepareAll([late], synthetic.sources)]), ['test-layer', ...layerIds]);
    expect(d.row).not.toBe(c.row);
    expect(d.layerIds.slice(0, 4)).toEqual(['test-layer', ...layerIds]);
    expect(d.layer[d.row.get('late')!]).toBe(0);
    // A layer named after the index appended an unlisted one: built anew, so the named layer takes its row.
    const e = new Indexer();
    e.index(all, prepared, layerIds);
    const more = [...all, { ...kerman, id: 'newer', properties: { ...kerman.properties, layer: 'named-later' } }];
    const morePrepared = prepareAll(more, synthetic.sources);
    expect(plain(e.index(more, morePrepared, [...layerIds, 'named-later']))).toEqual(plain(buildIndex(more, synthetic.sources, [...layerIds, 'named-later'])));
  });

  it('refuses prepared columns that do not match the features', () => {
    expect(() => indexColumns(all, prepareAll(first, synthetic.sources), layerIds)).toThrow(/2001 rows for 3004 features/);
  });
});

describe('filtering on the columns', () => {
  it('shows, in time order and with their counts, exactly the rows that pass every filter, over thousands of rows', () => {
    const synthetic = syntheticAtlas({ events: 3000 });
    const big = buildIndex(synthetic.features, synthetic.sources, synthetic.layers.map((l) => l.id));
    const match = matchRows(big, new Set(['Armed group A']), null);
    const window = { start: Date.UTC(2023, 3, 1), end: Date.UTC(2023, 6, 1) };
    const shown = shownRows(big, match, { ...NO_FILTERS, window, hiddenLayers: new Set([big.layerIds[1]]) });
    // The same, worked out the plain way: every row in time order, tested one by one.
    const passes = (i: number) => match[i] === 1 && big.layer[i] !== 1 && (Number.isNaN(big.start[i]) || (big.end[i] > window.start && big.start[i] <= window.end));
    const expected = Array.from(big.order).filter(passes);
    expect(expected.length).toBeGreaterThan(100);
    expect(Array.from(shown.rows)).toEqual(expected);
    expect(Array.from(shown.mask, (m, i) => m === 1 && passes(i)).filter(Boolean).length).toBe(expected.length);
    expect(shown.datedCount).toBe(expected.filter((i) => !Number.isNaN(big.start[i])).length);
    expect(Array.from(shown.perLayer)).toEqual(big.layerIds.map((_, l) => expected.filter((i) => big.layer[i] === l).length));
    const actorCount = (a: number) => expected.filter((i) => big.actorRows.slice(big.actorStart[i], big.actorStart[i + 1]).includes(a)).length;
    expect(Array.from(shown.perActor)).toEqual(big.actors.map((_, a) => actorCount(a)));
  });

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

  it('treats the window as half-open too: a window ending at midnight holds nothing of the day that starts there', () => {
    // Saravan is 18 January in IRST: it starts at 17 January, 20:30 UTC.
    const saravanStart = index.start[index.row.get('saravan')!];
    expect(saravanStart).toBe(day('2024-01-17T20:30:00Z'));
    const endingThere = { ...NO_FILTERS, window: { start: day('2024-01-10T00:00:00Z'), end: saravanStart } };
    expect(shownIds(endingThere)).toEqual(['grave']);
    expect(shownIds({ ...NO_FILTERS, window: { start: day('2024-01-10T00:00:00Z'), end: saravanStart + 60_000 } })).toEqual(['saravan', 'grave']);
    const texts = new Map(atlas.features.map((f) => [f.id, searchText(f, atlas.sources)]));
    expect(applyFilters(atlas.features, endingThere, texts).map((f) => f.id)).toEqual(['grave']);
    // The GPU reads the same: the window's end as float32 minutes, the start compared with less-than.
    const times = gpuTimes(index, index.extent!.start);
    expect(times[2 * index.row.get('saravan')!]).toBe((saravanStart - index.extent!.start) / 60_000);
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

describe('prepared columns', () => {
  /** Each row's layer and actors by name. */
  const named = (c: PrepCols) => {
    const from = actorOffsets(c);
    return Array.from(c.layer, (_, i) => [layerOf(c, i), ...Array.from(c.actors.subarray(from[i], from[i + 1]), (a) => c.actorNames[a])]);
  };
  it('keep each row’s layer and actors when joined or picked, whatever names each part numbered first', () => {
    const a = prepareAll([makeFeature({ layer: 'x', actors: ['Alpha'] }, 'a1'), makeFeature({ layer: 'y', actors: ['Beta', 'Alpha'] }, 'a2')], new Map());
    const b = prepareAll([makeFeature({ layer: 'z', actors: [] }, 'b1'), makeFeature({ layer: 'y', actors: ['Gamma'] }, 'b2'), makeFeature({ layer: 'x', actors: ['Beta'] }, 'b3')], new Map());
    const joined = joinColumns([a, b]);
    expect(named(joined)).toEqual([...named(a), ...named(b)]);
    expect(named(joined)).toEqual([['x', 'Alpha'], ['y', 'Beta', 'Alpha'], ['z', NO_ACTOR], ['y', 'Gamma'], ['x', 'Beta']]);
    expect(named(pickColumns(joined, [4, 1]))).toEqual([['x', 'Beta'], ['y', 'Beta', 'Alpha']]);
  });
});

describe('sameRowsOr', () => {
  it('gives the rows before when they are the same, so nothing reading them is done again, and the new ones otherwise', () => {
    const before = Uint8Array.from([1, 0, 1, 1]);
    expect(sameRowsOr(before, Uint8Array.from([1, 0, 1, 1]))).toBe(before);
    const changed = Uint8Array.from([1, 0, 1, 0]);
    expect(sameRowsOr(before, changed)).toBe(changed);
    const longer = Uint8Array.from([1, 0, 1, 1, 0]);
    expect(sameRowsOr(before, longer)).toBe(longer);
    const first = Uint8Array.from([1]);
    expect(sameRowsOr(null, first)).toBe(first);
  });
});

describe('timeOrder', () => {
  /** The order by the plain comparator: start, undated last, ties by row. */
  const byComparator = (start: Float64Array, from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => (start[a] === start[a] ? start[a] : Infinity) - (start[b] === start[b] ? start[b] : Infinity) || a - b);

  it('orders rows by start, undated last, ties in row order, as a comparator sort does', () => {
    const day = Date.UTC(2024, 0, 3);
    const times = fc.oneof(fc.constant(Number.NaN), fc.constantFrom(day, day + 1, day - 86_400_000), fc.integer({ min: -2e12, max: 4e12 }));
    fc.assert(
      fc.property(fc.array(times, { maxLength: 300 }), fc.nat(5), (list, skip) => {
        const start = Float64Array.from(list);
        const from = Math.min(skip, list.length);
        expect([...timeOrder(start, from, list.length)]).toEqual(byComparator(start, from, list.length));
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to the comparator for fractions of a millisecond and spans beyond its passes', () => {
    for (const list of [[2.5, 1.25, Number.NaN, 2.5], [0, 2 ** 50, 1, Number.NaN, 2 ** 49], [Number.NaN, Number.NaN], []]) {
      const start = Float64Array.from(list);
      expect([...timeOrder(start, 0, list.length)]).toEqual(byComparator(start, 0, list.length));
    }
  });
});
