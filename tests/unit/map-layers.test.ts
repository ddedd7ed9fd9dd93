import { DEFAULT_RELATION_TYPES } from '../../src/lib/data/manifest';
import { describe, expect, it } from 'vitest';
import { EventLayers } from '../../src/lib/map/event-gl';
import { dataLayers, labelsOf, labelText } from '../../src/lib/map/event-layers';
import { ROUTE_LAYER, routeLayers } from '../../src/lib/map/route-layers';
import { SHAPE_FILL_LAYER, SHAPE_LINE_LAYER, shapeLayers, shapesOf } from '../../src/lib/map/shape-layers';
import { HIDDEN, hiddenChanges } from '../../src/lib/map/hidden-state';
import { relationLayers } from '../../src/lib/map/relation-layers';
import { buildIndex, MAX_CIRCLE_M } from '../../src/lib/state/feature-index';
import { arcBetween, arcsOf } from '../../src/lib/map/relation-layers';
import { timeExtent, timeTicks } from '../../src/lib/state/filters';
import { layer, makeFeature } from './fixtures';

describe('map layers from odd but valid data', () => {
  it('draws a link between antipodal or identical points as a line instead of throwing', () => {
    expect(() => arcBetween([0, 0], [180, 0])).not.toThrow();
    expect(arcBetween([0, 0], [180, 0]).type).toBe('LineString');
    expect(arcBetween([10, 10], [10, 10]).type).toBe('LineString');
    const a = { ...makeFeature({}, 'a'), geometry: { type: 'Point' as const, coordinates: [0, 0] } };
    const b = { ...makeFeature({}, 'b'), geometry: { type: 'Point' as const, coordinates: [180, 0] } };
    const arcs = arcsOf([{ id: 'r', from: 'a', to: 'b', type: 'context', statement: 's', by: 'x', date: '2024-01-01', status: 'claimed', sources: [] }], (id) => [a, b].find((f) => f.id === id), DEFAULT_RELATION_TYPES);
    expect(arcs.features).toHaveLength(1);
    expect(arcs.features[0].properties).toMatchObject({ line: 'dashed' });
  });

  it('gives the GPU finite positions and precision radii at the poles and for huge radii', () => {
    const at = (coordinates: number[], radiusM: number, id: string) => ({ ...makeFeature({ location: { basis: 'estimate', radiusM, note: 'n', sources: [] } }, id), geometry: { type: 'Point' as const, coordinates } });
    const index = buildIndex([at([0, 90], 5000, 'n'), at([180, -90], 5000, 's'), at([10, 10], 1e12, 'huge'), at([10, 10], MAX_CIRCLE_M, 'widest')], new Map(), [layer.id]);
    for (const column of [index.x, index.y, index.radius]) expect([...column].every(Number.isFinite)).toBe(true);
    // A radius past a quarter of the Earth is drawn as that quarter.
    expect(index.radius[2]).toBe(index.radius[3]);
  });

  it('orders every map layer in one list: routes at the bottom, then circles, links, points, and labels alone above the points', () => {
    const ids = dataLayers(new EventLayers()).map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    const at = (id: string) => ids.indexOf(id);
    expect(at(ROUTE_LAYER)).toBe(0);
    expect(at(`${ROUTE_LAYER}-label`)).toBeLessThan(at('events--precision'));
    expect(at('events--precision')).toBeLessThan(at('relations--arcs'));
    expect(at('relations--arcs')).toBeLessThan(at('events--points'));
    expect(at('events--points')).toBeLessThan(at('events--labels'));
    // Areas lie under the circles and links; lines and outlines under the dots that keep them pickable.
    expect(at(SHAPE_FILL_LAYER)).toBeLessThan(at('events--precision'));
    expect(at('relations--arcs')).toBeLessThan(at(SHAPE_LINE_LAYER));
    expect(at(SHAPE_LINE_LAYER)).toBeLessThan(at('events--points'));
    // Dense points may be drawn over the map's canvas below the labels' zoom: only the labels may lie above them.
    expect(ids.slice(at('events--points') + 1)).toEqual(['events--labels']);
    expect(at('relations--arcs-chevrons')).toBeLessThan(at('events--points'));
  });

  it('sends MapLibre only the lines and areas, in their layer colours, keyed by feature id', () => {
    const line = { ...makeFeature({}, 'road'), geometry: { type: 'LineString' as const, coordinates: [[57, 30], [57.1, 30.1]] } };
    const shapes = shapesOf([makeFeature({}, 'dot'), line], new Map([[layer.id, '#123456']]));
    expect(shapes.features).toEqual([{ type: 'Feature', geometry: line.geometry, properties: { fid: 'road', color: '#123456' } }]);
  });

  it('hides filtered links, shapes and routes by a feature-state every one of their layers reads, so no filter re-tiles them', () => {
    const { fills, lines } = shapeLayers();
    for (const spec of [...fills, ...lines, ...relationLayers(), ...routeLayers()]) {
      const paint = JSON.stringify('paint' in spec ? spec.paint : {});
      // Every opacity the layer draws with goes to 0 while the feature is hidden.
      expect(paint, spec.id).toContain(JSON.stringify(['case', HIDDEN, 0]).slice(0, -1));
      expect('filter' in spec ? JSON.stringify(spec.filter) : '', spec.id).not.toContain('fid');
    }
  });

  it('sets the hidden state of every feature the first time, then only of those that changed', () => {
    const all = ['a', 'b', 'c'];
    expect(hiddenChanges(all, new Set(['a', 'c']), null)).toEqual([
      { id: 'a', hidden: false },
      { id: 'b', hidden: true },
      { id: 'c', hidden: false },
    ]);
    expect(hiddenChanges(all, new Set(['a', 'b']), new Set(['a', 'c']))).toEqual([
      { id: 'b', hidden: false },
      { id: 'c', hidden: true },
    ]);
    expect(hiddenChanges(all, new Set(['a']), new Set(['a']))).toEqual([]);
  });
});

describe('timeline ticks', () => {
  it('draws at most about forty ticks, even from year 0 to year 9999', () => {
    const wide = timeExtent([
      makeFeature({ time: { local: '0000-01-16T21:00:00+03:00', precision: 'minute', approximate: false, zone: 'AST', sources: [] } }, 'old'),
      makeFeature({ time: { local: '9999-12-31T21:00:00+03:00', precision: 'minute', approximate: false, zone: 'AST', sources: [] } }, 'new'),
    ])!;
    const ticks = timeTicks(wide);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThanOrEqual(41);
    expect(ticks.every((t) => t.label !== 'Invalid Date' && !t.label.includes('NaN'))).toBe(true);
    expect(timeTicks({ start: Date.parse('2024-01-03'), end: Date.parse('2024-01-19') }).map((t) => t.label)).toEqual(Array.from({ length: 17 }, (_, i) => String(i + 3)));
    // A phone's width holds about eight labels: every other day instead of every day.
    expect(timeTicks({ start: Date.parse('2024-01-03'), end: Date.parse('2024-01-19') }, 9).map((t) => t.label)).toEqual(['3', '5', '7', '9', '11', '13', '15', '17', '19']);
  });

  it('puts month and year ticks on the first of the month and of January, each labelled once', () => {
    const year = { start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 0, 1) };
    const months = timeTicks(year);
    expect(months.map((t) => t.label)).toEqual(['Jan 2023', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec', 'Jan 2024']);
    expect(months.map((t) => new Date(t.at).toISOString().slice(0, 10))).toEqual(Array.from({ length: 13 }, (_, m) => new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 10)));
    // A phone's width: every other month, from January.
    expect(timeTicks(year, 9).map((t) => t.label)).toEqual(['Jan 2023', 'Mar', 'May', 'Jul', 'Sept', 'Nov', 'Jan 2024']);
    // A window that starts mid-month has its first tick on the next first of the month, with its year.
    expect(timeTicks({ start: Date.UTC(2023, 4, 17), end: Date.UTC(2024, 1, 20) }, 12).map((t) => t.label)).toEqual(['Jun 2023', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec', 'Jan 2024', 'Feb']);
    // Forty-one years with leap years among them: every other year, on 1 January, none twice.
    const decades = timeTicks({ start: Date.UTC(2019, 5, 1), end: Date.UTC(2060, 0, 1) });
    expect(decades.map((t) => t.label)).toEqual(Array.from({ length: 21 }, (_, k) => String(2020 + 2 * k)));
    expect(decades.every((t) => new Date(t.at).toISOString().slice(5, 10) === '01-01')).toBe(true);
  });

  it('leaves a time that does not parse out of the extent instead of making it NaN', () => {
    const bad = makeFeature({ time: { local: '2024-01-16T25:00:00+03:00', precision: 'minute', approximate: false, zone: 'AST', sources: [] } }, 'bad');
    expect(timeExtent([bad])).toBeNull();
    expect(timeExtent([bad, makeFeature({}, 'good')])).toEqual({ start: Date.parse('2024-01-03T00:00Z'), end: Date.parse('2024-01-04T00:00Z') });
  });
});

describe('the label a point is written with', () => {
  it('cuts a long title after 80 characters, never inside a character, and leaves a short one whole', () => {
    expect(labelText('Explosion near the cemetery')).toBe('Explosion near the cemetery');
    const long = 'x'.repeat(200);
    expect(labelText(long)).toBe(`${'x'.repeat(80)}…`);
    // An emoji (two UTF-16 units) across the cut is left out whole, not halved.
    const emoji = `${'a'.repeat(79)}😀${'b'.repeat(10)}`;
    expect(labelText(emoji)).toBe(`${'a'.repeat(79)}…`);
    expect(labelsOf([makeFeature({ title: long }, 'long')]).features[0].properties.title).toHaveLength(81);
  });
});

