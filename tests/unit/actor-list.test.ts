import { describe, expect, it } from 'vitest';
import { ACTORS_ALL_LISTED, ACTORS_LISTED, listedActors } from '../../src/lib/state/actor-list';

/** `n` actors named "Actor 0" … with `n - i` events each (the first the most). */
const many = (n: number) => ({ actors: Array.from({ length: n }, (_, i) => `Actor ${i}`), totals: Uint32Array.from({ length: n }, (_, i) => n - i) });
const names = (actors: readonly string[], rows: number[]) => rows.map((r) => actors[r]);

describe('the actors the filter lists', () => {
  it('lists every actor, in the data’s order, when there are few', () => {
    const actors = Array.from({ length: ACTORS_ALL_LISTED }, (_, i) => `Actor ${i}`);
    const totals = Uint32Array.from(actors, (_, i) => i);
    expect(listedActors(actors, totals, new Set(), '')).toEqual({ rows: actors.map((_, i) => i), matching: actors.length, more: 0 });
  });

  it('lists the actors with the most events first, and says how many more there are', () => {
    const { actors, totals } = many(40);
    const { rows, more } = listedActors(actors, totals, new Set(), '');
    expect(names(actors, rows)).toEqual(actors.slice(0, ACTORS_LISTED));
    expect(more).toBe(40 - ACTORS_LISTED);
  });

  it('finds an actor by any part of its name, folded as search folds text', () => {
    const actors = [...many(30).actors, 'Jaish al-Adl', 'Military Forces of Iran (1989-)', 'جيش العدل'];
    const totals = Uint32Array.from(actors, (_, i) => (i < 30 ? 100 : 1));
    expect(names(actors, listedActors(actors, totals, new Set(), 'jaish').rows)).toEqual(['Jaish al-Adl']);
    expect(names(actors, listedActors(actors, totals, new Set(), '  FORCES of ').rows)).toEqual(['Military Forces of Iran (1989-)']);
    // Typed with the Persian yeh, found in the Arabic spelling.
    expect(names(actors, listedActors(actors, totals, new Set(), 'جیش').rows)).toEqual(['جيش العدل']);
    expect(listedActors(actors, totals, new Set(), 'actor 2')).toEqual({ rows: [2, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29], matching: 11, more: 0 });
    expect(listedActors(actors, totals, new Set(), 'nobody')).toEqual({ rows: [], matching: 0, more: 0 });
    // A hidden actor stays listed when nothing matches, and nothing is said to match.
    expect(listedActors(actors, totals, new Set(['Actor 3']), 'nobody')).toEqual({ rows: [3], matching: 0, more: 0 });
  });

  it('keeps every hidden actor listed, whatever is typed, so that it can be shown again', () => {
    const { actors, totals } = many(40);
    const { rows, more } = listedActors(actors, totals, new Set(['Actor 39', 'Actor 20']), 'actor 1');
    expect(names(actors, rows)).toEqual(['Actor 1', 'Actor 10', 'Actor 11', 'Actor 12', 'Actor 13', 'Actor 14', 'Actor 15', 'Actor 16', 'Actor 17', 'Actor 18', 'Actor 19', 'Actor 20', 'Actor 39']);
    expect(more).toBe(0);
    const first = listedActors(actors, totals, new Set(['Actor 39']), '');
    expect(names(actors, first.rows)).toEqual([...actors.slice(0, ACTORS_LISTED), 'Actor 39']);
    expect(first.more).toBe(40 - ACTORS_LISTED);
  });
});
