import { describe, expect, it } from 'vitest';
import { claimIdsOf, layerHalf } from '../../src/lib/data/layer-halves';

/** A point feature as the app writes one, with `extra` in its properties. */
const feature = (i: number, extra: object = {}) => ({ type: 'Feature', id: `f${i}`, geometry: { type: 'Point', coordinates: [57 + i / 100, 30] }, properties: { title: `Event ${i}`, claims: [{ id: `c${i}` }], ...extra } });

const collection = (n: number, extra: object = {}) => ({ type: 'FeatureCollection', name: 'layer', features: Array.from({ length: n }, (_, i) => feature(i, extra)) });

describe('a layer file read as two halves', () => {
  it('gives halves whose features, joined, are the whole file’s; the first keeps the file’s other members', () => {
    const whole = collection(9);
    const text = JSON.stringify(whole);
    const [a, b] = [layerHalf(text, 0)!, layerHalf(text, 1)!];
    expect(a.count + b.count).toBe(9);
    expect(a.count).toBeGreaterThan(2);
    expect(b.count).toBeGreaterThan(2);
    expect([...a.json.features, ...b.json.features]).toStrictEqual(whole.features);
    expect(a.json).toStrictEqual({ ...whole, features: whole.features.slice(0, a.count) });
    expect(b.json).toStrictEqual({ type: 'FeatureCollection', features: whole.features.slice(a.count) });
  });

  it('reads each half in slices to the same features, white space after the collection or not', () => {
    const whole = collection(40);
    const text = `${JSON.stringify(whole)}\n`;
    const sliced = [layerHalf(text, 0, 300)!, layerHalf(text, 1, 300)!];
    expect([...sliced[0].json.features, ...sliced[1].json.features]).toStrictEqual(whole.features);
  });

  it('never gives both halves where one worker must read the file whole', () => {
    const cases: Record<string, string> = {
      'written over several lines': JSON.stringify(collection(6), null, 1),
      'one feature': JSON.stringify(collection(1)),
      'the features list not last': JSON.stringify({ features: collection(6).features, type: 'FeatureCollection', name: 'x' }),
      'not a collection': JSON.stringify({ ...collection(6), type: 'GeometryCollection' }),
      'cut short': JSON.stringify(collection(6)).slice(0, -40) + ']}',
      'features inside features, where the cut would fall': JSON.stringify({ type: 'FeatureCollection', features: [feature(0, { parts: collection(8).features })] }),
    };
    for (const [what, text] of Object.entries(cases)) {
      // A half that parses alone (the first of a file cut short) does not stand without the other.
      expect([layerHalf(text, 0), layerHalf(text, 1)], what).toContain(null);
    }
  });

  it('names the claim ids a check remembers, in order: string ids of object claims of object features', () => {
    const features = [feature(0), 'not a feature', { properties: { claims: [{ id: 3 }, null, { id: 'x' }] } }, { properties: 'none' }, feature(1)];
    expect(claimIdsOf(features)).toEqual(['c0', 'x', 'c1']);
  });
});
