import { afterEach, describe, expect, it, vi } from 'vitest';
import { JointProgress, PIECE, Pieces, SplitPieces, toWirePrepared } from '../../src/lib/data/pieces';
import { PieceSender } from '../../src/lib/data/send-pieces';
import { attachWritten, StoredFeature, type WrittenPiece } from '../../src/lib/data/stored-feature';
import type { EventFeature } from '../../src/lib/data/schema';
import { toWire, transferOf } from '../../src/lib/data/stored-feature';
import { featureText } from '../../src/lib/data/export';
import { prepareAll } from '../../src/lib/state/prepared';
import { syntheticAtlas } from '../../scripts/lib/synthetic';

describe('features handed over in pieces', () => {
  it('sends pieces of at most PIECE features, and puts them back together as one list with its columns', () => {
    const atlas = syntheticAtlas({ events: 2 * PIECE + 7 });
    const sizes: number[] = [];
    const sent: number[] = [];
    const got = new Pieces();
    new PieceSender().send(
      atlas.features,
      atlas,
      (piece, prepared) => {
        sizes.push(piece.ids.ends.length);
        // Cloned as a worker's message would be: the page gets copies.
        got.add(structuredClone(piece), structuredClone(prepared));
      },
      (n) => sent.push(n),
    );
    expect(sizes).toEqual([PIECE, PIECE, 7]);
    expect(sent).toEqual([PIECE, 2 * PIECE, 2 * PIECE + 7]);
    // The page's features read as the worker's did (their properties parsed from text when first read).
    expect(JSON.parse(JSON.stringify(got.features))).toEqual(JSON.parse(JSON.stringify(atlas.features)));
    expect(got.features.map((f) => f.properties)).toEqual(atlas.features.map((f) => f.properties));
    expect(got.columns()).toEqual(prepareAll(atlas.features, atlas.sources));
  });

  it('gives each feature the search words of the agencies its sources name, when told them', () => {
    const atlas = syntheticAtlas({ events: 3 });
    const [id] = atlas.features[0].properties.claims[0].sources;
    const sources = new Map(atlas.sources).set(id, { ...atlas.sources.get(id)!, originator: 'afp' });
    const sender = new PieceSender();
    const originators = new Map([['afp', { id: 'afp', name: 'Agence France-Presse', type: 'wire' as const }]]);
    const got = new Pieces();
    sender.send(atlas.features, { sources, originators }, (piece, prepared) => got.add(structuredClone(piece), structuredClone(prepared)));
    const [first, ...rest] = got.columns().text;
    expect(first).toContain('agence france-presse');
    expect(rest.join()).not.toContain('agence france-presse');
  });

  it('sends each piece’s export texts afterwards, by number, to the features that piece made', async () => {
    const atlas = syntheticAtlas({ events: PIECE + 3 });
    const sender = new PieceSender();
    const got = new Pieces();
    const made: EventFeature[][] = [];
    sender.send(atlas.features, atlas, (piece, prepared, seq) => (made[seq] = got.add(structuredClone(piece), prepared)));
    const seqs: number[] = [];
    await sender.writeAll((seq, written) => {
      seqs.push(seq);
      attachWritten(made[seq], structuredClone(written));
    });
    expect(seqs).toEqual([0, 1]);
    const texts = got.features.map((f) => (f as StoredFeature).written?.text ?? '');
    expect(texts.map((t) => JSON.parse(t).id)).toEqual(atlas.features.map((f) => f.id));
    // Written once: a second call has nothing left to send.
    await sender.writeAll(() => seqs.push(-1));
    expect(seqs).toEqual([0, 1]);
  });

  it('writes each feature’s export text as featureText does, shapes and non-ASCII text included, after the page has taken the sent points', async () => {
    const atlas = syntheticAtlas({ events: PIECE + 4 });
    const features = atlas.features.map((f) => structuredClone(f));
    // Shapes, a point with a height, a point at -0 and text outside ASCII, beside the synthetic ASCII points.
    features[1].geometry = { type: 'LineString', coordinates: [[57.1, 30.2], [57.3, 30.4]] };
    features[2].geometry = { type: 'Point', coordinates: [57.1, 30.2, 1750] };
    features[3].geometry = { type: 'Polygon', coordinates: [[[57, 30], [58, 30], [58, 31], [57, 30]]] };
    features[4].geometry = { type: 'Point', coordinates: [-0, 30.5] };
    features[PIECE + 1].properties.title = 'انفجار در کرمان — «گلزار شهدا» 😢';
    const sender = new PieceSender();
    // Sent as a worker sends them: the points buffer is transferred, so the sender's own is gone.
    sender.send(features, atlas, (piece) => void structuredClone(piece, { transfer: transferOf({ type: 'features', features: piece }) }));
    const texts: string[] = [];
    await sender.writeAll((_, written) => texts.push(...written.texts));
    expect(texts).toEqual(features.map((f) => featureText(f, atlas.sources).text));
  });

  it('sends no text for a feature whose bytes it made, only for one whose layer it has no title for', async () => {
    const atlas = syntheticAtlas({ events: 30, layers: 3 });
    const sender = new PieceSender();
    sender.send(atlas.features, atlas, () => {});
    // No title for the third layer: its features have no bytes, so their texts go.
    const titles = new Map(atlas.layers.slice(0, 2).map((l) => [l.id, l.title]));
    const pieces: WrittenPiece[] = [];
    await sender.writeAll((_, written) => pieces.push(written));
    const [{ texts, bytes }] = pieces;
    expect(bytes).toBeUndefined();
    expect(texts.every((t) => t !== '')).toBe(true);
    const titled = new PieceSender();
    titled.send(atlas.features, atlas, () => {});
    const withBytes: WrittenPiece[] = [];
    await titled.writeAll((_, written) => withBytes.push(written), titles);
    const expected = atlas.features.map((f) => (titles.has(f.properties.layer) ? '' : featureText(f, atlas.sources).text));
    expect(withBytes[0].texts).toEqual(expected);
    expect(expected.filter((t) => t === '').length).toBeGreaterThan(0);
    expect(expected.filter((t) => t !== '').length).toBeGreaterThan(0);
  });

  it('sends nothing for no features, and gives empty columns', () => {
    const got = new Pieces();
    new PieceSender().send([], { sources: new Map() }, (piece, prepared) => got.add(piece, prepared));
    expect(got.features).toEqual([]);
    expect(got.columns().text).toEqual([]);
  });
});

describe('the pieces of a file read by two workers', () => {
  it('are put back layer by layer, each layer’s first part before its second, whatever order they came in', () => {
    const atlas = syntheticAtlas({ events: 12, layers: 2 });
    const [a, b] = ['synthetic-1', 'synthetic-2'].map((id) => atlas.features.filter((f) => f.properties.layer === id));
    const piece = (list: typeof a) => [structuredClone(toWire(list)), toWirePrepared(prepareAll(list, atlas.sources))] as const;
    const got = new SplitPieces();
    // The second worker's pieces may come first, and the two workers' pieces interleave.
    got.add('synthetic-2', 1, ...piece(b.slice(3)));
    got.add('synthetic-1', 0, ...piece(a.slice(0, 2)));
    got.add('synthetic-1', 1, ...piece(a.slice(4)));
    got.add('synthetic-2', 0, ...piece(b.slice(0, 3)));
    got.add('synthetic-1', 0, ...piece(a.slice(2, 4)));
    const whole = got.assemble(['synthetic-1', 'synthetic-2']);
    expect(whole.features.map((f) => f.id)).toEqual([...a, ...b].map((f) => f.id));
    expect(whole.columns().text).toEqual(prepareAll([...a, ...b], atlas.sources).text);
  });

  it('are counted as one bar: both workers’ progress added up while they are in the same phase', () => {
    const heard: [string, number, number][] = [];
    const bar = new JointProgress((phase, done, total) => heard.push([phase, done, total]));
    bar.hear(1, 'checking', 10, 50); // the second worker alone says nothing yet
    bar.hear(0, 'checking', 5, 50);
    bar.hear(1, 'checking', 20, 50);
    bar.hear(0, 'sending', 1, 40); // the first worker moved on: its phase leads
    expect(heard).toEqual([
      ['checking', 15, 100],
      ['checking', 25, 100],
      ['sending', 1, 40],
    ]);
  });

  describe('held to one report per interval', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('reports at once, then only the latest of each interval, a new phase at once, and nothing after stop', () => {
      vi.useFakeTimers();
      const heard: [string, number, number][] = [];
      const bar = new JointProgress((phase, done, total) => heard.push([phase, done, total]), 100);
      bar.hear(0, 'checking', 1, 10);
      bar.hear(0, 'checking', 2, 10);
      bar.hear(0, 'checking', 3, 10);
      expect(heard).toEqual([['checking', 1, 10]]);
      vi.advanceTimersByTime(100);
      // The two held back make one report: the latest.
      expect(heard).toEqual([
        ['checking', 1, 10],
        ['checking', 3, 10],
      ]);
      bar.hear(0, 'checking', 4, 10);
      // A new phase does not wait, and the report held back for the old one is dropped.
      bar.hear(0, 'sending', 1, 5);
      expect(heard.slice(2)).toEqual([['sending', 1, 5]]);
      // Held back, then dropped: the load is over.
      bar.hear(0, 'sending', 2, 5);
      bar.stop();
      vi.advanceTimersByTime(500);
      expect(heard.slice(3)).toEqual([]);
    });
  });
});
