import { describe, expect, it } from 'vitest';
import { EMPTY_URL, readUrl, writeUrl, type UrlState } from '../../src/lib/state/url';

describe('url state', () => {
  it('reads the feature id and nothing else from a plain link', () => {
    expect(readUrl('?feature=kerman-explosion-1')).toEqual({ ...EMPTY_URL, feature: 'kerman-explosion-1' });
    expect(readUrl('')).toEqual(EMPTY_URL);
  });

  it('round-trips every part of the state', () => {
    const state: UrlState = {
      feature: 'iran-strike-erbil',
      relation: null,
      story: 'step-2',
      window: { start: Date.parse('2024-01-03T00:00Z'), end: Date.parse('2024-01-16T12:00Z') },
      hiddenLayers: ['kerman-reference', 'pakistan-strike'],
      hiddenActors: ['Islamic State'],
      query: 'missiles idlib',
      view: { zoom: 5.5, lat: 33.12345, lon: 50.5 },
    };
    const query = writeUrl('', state);
    expect(query).toContain('from=2024-01-03T00%3A00Z');
    expect(readUrl(query)).toEqual(state);
  });

  it('cuts an overlong value so a hostile URL cannot flood the page', () => {
    expect(readUrl(`?feature=${'x'.repeat(10_000)}`).feature).toHaveLength(120);
  });

  it('ignores a malformed window or map view instead of trusting it', () => {
    expect(readUrl('?from=yesterday&to=2024-01-05').window).toBeNull();
    expect(readUrl('?from=2024-01-05&to=2024-01-01').window).toBeNull();
    expect(readUrl('?map=5/95/10').view).toBeNull();
    expect(readUrl('?map=a/b/c').view).toBeNull();
  });

  it('keeps parameters it does not own', () => {
    expect(writeUrl('?lang=fa&feature=x', { ...EMPTY_URL, feature: 'a b' })).toBe('?lang=fa&feature=a+b');
    expect(writeUrl('?feature=x', EMPTY_URL)).toBe('');
  });
});
