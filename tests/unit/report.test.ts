import { describe, expect, it } from 'vitest';
import { editorialReport, formatReport } from '../../src/lib/data/report';
import type { Source } from '../../src/lib/data/schema';
import { makeAtlas, makeFeature, ministry, wire } from './fixtures';

describe('editorialReport', () => {
  it('lists, per layer, single-originator claims, unarchived and unattributed syndicated sources, and wide circles', () => {
    const copy: Source = { ...wire, id: 'paper-2024-01-05-copy', publisher: 'Example Paper', type: 'newspaper', syndicated: true, archiveUrl: undefined };
    const wide = makeFeature({ location: { basis: 'estimate', radiusM: 13_000, note: 'city', sources: [wire.id] } }, 'wide-event');
    const narrow = makeFeature(
      {
        location: { basis: 'derived', radiusM: 300, note: 'from the grave', sources: [wire.id] },
        claims: [{ id: 'n-1', topic: 'deaths', statement: 's', by: 'b', date: '2024-01-05', status: 'claimed', sources: [copy.id] }],
      },
      'narrow-event',
    );
    const atlas = makeAtlas([wide, narrow]);
    atlas.sources.set(copy.id, copy);
    const [r] = editorialReport(atlas);
    expect(r.layer).toBe('test-layer');
    // wide-event's first claim cites only the ministry; its second cites two originators.
    expect(r.singleOriginator).toEqual([
      { feature: 'wide-event', claim: 'wide-event-deaths-1', originator: 'example ministry' },
      { feature: 'narrow-event', claim: 'n-1', originator: 'example paper' },
    ]);
    expect(r.unarchived).toEqual([ministry.id, copy.id].sort());
    expect(r.syndicatedWithoutOriginator).toEqual([copy.id]);
    expect(r.wide).toEqual([{ feature: 'wide-event', radiusM: 13_000 }]);
    expect(formatReport([r])).toContain('features with a radius over 5 km: 1\n    wide-event (13 km)');
  });

  it('reports an incident of 150,000 claims (a spread of them overflowed the call stack)', () => {
    const atlas = makeAtlas();
    const claims = Array.from({ length: 150_000 }, (_, k) => ({ id: `i-${k}`, topic: 't', statement: 's', by: 'b', date: '2024-01-05', status: 'claimed' as const, sources: [wire.id] }));
    atlas.incidents = [{ id: 'big-incident', title: 'Big', features: ['test-event'], claims }];
    const [r] = editorialReport(atlas);
    expect(r.singleOriginator.filter((s) => s.feature === 'big-incident')).toHaveLength(150_000);
  });

  it('counts two outlets carrying one agency story as one originator', () => {
    const a: Source = { ...wire, id: 'a-2024-01-04-x', publisher: 'Paper A', originator: 'afp' };
    const b: Source = { ...wire, id: 'b-2024-01-04-x', publisher: 'Paper B', originator: 'afp' };
    const f = makeFeature({ claims: [{ id: 'c-1', topic: 't', statement: 's', by: 'b', date: '2024-01-05', status: 'claimed', sources: [a.id, b.id] }] });
    const atlas = makeAtlas([f]);
    atlas.sources.set(a.id, a).set(b.id, b);
    expect(editorialReport(atlas)[0].singleOriginator).toEqual([{ feature: 'test-event', claim: 'c-1', originator: 'afp' }]);
  });
});
