import { describe, expect, it } from 'vitest';
import { PIECE, Pieces, sendInPieces } from '../../src/lib/data/pieces';
import { prepareAll } from '../../src/lib/state/prepared';
import { syntheticAtlas } from '../../scripts/lib/synthetic';

describe('features handed over in pieces', () => {
  it('sends pieces of at most PIECE features, and puts them back together as one list with its columns', () => {
    const atlas = syntheticAtlas({ events: 2 * PIECE + 7 });
    const sizes: number[] = [];
    const sent: number[] = [];
    const got = new Pieces();
    sendInPieces(
      atlas.features,
      atlas.sources,
      (json, prepared) => {
        sizes.push((JSON.parse(json) as unknown[]).length);
        // Cloned as a worker's message would be: the page gets copies.
        got.add(structuredClone(json), structuredClone(prepared));
      },
      (n) => sent.push(n),
    );
    expect(sizes).toEqual([PIECE, PIECE, 7]);
    expect(sent).toEqual([PIECE, 2 * PIECE, 2 * PIECE + 7]);
    expect(got.features).toEqual(atlas.features);
    const whole = prepareAll(atlas.features, atlas.sources);
    const columns = got.columns();
    expect(columns.text).toEqual(whole.text);
    expect([...columns.start]).toEqual([...whole.start]);
    expect([...columns.end]).toEqual([...whole.end]);
  });

  it('sends nothing for no features, and gives empty columns', () => {
    const got = new Pieces();
    sendInPieces([], new Map(), (json, prepared) => got.add(json, prepared));
    expect(got.features).toEqual([]);
    expect(got.columns().text).toEqual([]);
  });
});
