import { describe, expect, it } from 'vitest';
import { EMPTY_URL, readUrl, readUrlChecked, writeUrl, type UrlState } from '../../src/lib/state/url';
import { NO_ACTOR } from '../../src/lib/state/filters';

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

describe('hostile links', () => {
  const problems = (search: string) => readUrlChecked(search).problems.join(' ');

  it('names a repeated, overlong or double-encoded parameter instead of trusting it', () => {
    expect(problems('?feature=a&feature=b')).toMatch(/names “feature” 2 times/);
    expect(readUrlChecked('?feature=a&feature=b').state.feature).toBe('a');
    expect(problems(`?feature=${'x'.repeat(5000)}`)).toMatch(/longer than 120 characters/);
    expect(problems(`?${'hide=x&'.repeat(500)}`)).toMatch(/more than 50 times/);
    expect(readUrlChecked(`?${Array.from({ length: 500 }, (_, i) => `hide=l${i}`).join('&')}`).state.hiddenLayers).toHaveLength(50);
  });

  it('says when a value holds %-codes that are not text, as a link cut inside one leaves them', () => {
    expect(problems('?q=%E0%A4%A')).toBe('The link’s “q” holds %-codes that are not text (shown as \uFFFD): it may have been cut.');
    expect(problems('?feature=kerman%FF')).toMatch(/“feature” holds %-codes that are not text/);
    expect(problems('?q=%D8%AF%D8%A7%D9%86%D8%B4')).toBe('');
  });

  it('writes a search no longer than a link is read back', () => {
    const q = new URLSearchParams(writeUrl('', { ...EMPTY_URL, query: 'x'.repeat(5000) })).get('q')!;
    expect(q).toHaveLength(readUrl(`?q=${'x'.repeat(5000)}`).query.length);
    expect(q.length).toBeLessThan(5000);
  });

  it('reads the name older links gave to features with no actor', () => {
    expect(readUrl('?hideActor=No+actor+(reference+places)&hideActor=Iran').hiddenActors).toEqual([NO_ACTOR, 'Iran']);
  });

  it('explains a reversed, half or non-numeric time window and an impossible map view, and drops them', () => {
    expect(problems('?from=2024-01-20&to=2024-01-01')).toMatch(/ends before it starts/);
    // A window ending where it starts is empty, not reversed.
    expect(problems('?from=2024-01-03&to=2024-01-03')).toMatch(/is empty: it ends where it starts/);
    expect(problems('?from=2024-01-03T10:00Z&to=2024-01-03T13:30%2B03:30')).toMatch(/is empty/);
    // Date.parse reads 30 February as 1 March, which would make this window look reversed.
    expect(problems('?from=2024-02-30T00:00Z&to=2024-03-01T00:00Z')).toMatch(/names a day the calendar does not have/);
    expect(readUrl('?from=2024-02-30T00:00Z&to=2024-03-05T00:00Z').window).toBeNull();
    expect(readUrl('?from=2024-02-29T00:00Z&to=2024-03-01T00:00Z').window).not.toBeNull();
    expect(problems('?from=abc&to=def')).toMatch(/not a pair of ISO 8601 dates or times with a time zone/);
    expect(problems('?from=2024-01-05')).toMatch(/only one end/);
    expect(problems('?map=5/NaN/Infinity')).toMatch(/not zoom\/latitude\/longitude/);
    expect(problems('?map=//')).toMatch(/not zoom\/latitude\/longitude/);
    expect(readUrlChecked('?from=abc&to=def&map=//').state).toEqual(EMPTY_URL);
  });

  it('reads a window the same in every time zone: a time without Z or an offset, or another form of date, is named and dropped', () => {
    // Date.parse would read these in the reader's own zone: 10:00 in Tehran is 06:30 UTC.
    for (const [from, to] of [['2024-01-03T10:00', '2024-01-03T14:00'], ['Jan 3 2024', 'Jan 4 2024'], ['1', '2']]) {
      const read = readUrlChecked(`?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      expect(read.state.window).toBeNull();
      expect(read.problems.join(' ')).toMatch(/not a pair of ISO 8601 dates or times with a time zone/);
    }
    expect(readUrl('?from=2024-01-03&to=2024-01-04').window).toEqual({ start: Date.UTC(2024, 0, 3), end: Date.UTC(2024, 0, 4) });
    expect(readUrl('?from=2024-01-03T10:00%2B03:30&to=2024-01-03T11:00:30.5Z').window).toEqual({ start: Date.UTC(2024, 0, 3, 6, 30), end: Date.UTC(2024, 0, 3, 11, 0, 30, 500) });
  });

  it('writes a window that reads back as itself, to the second or millisecond when it is not a whole minute', () => {
    for (const window of [{ start: Date.UTC(2024, 0, 3, 11, 30), end: Date.UTC(2024, 0, 3, 11, 30, 30) }, { start: Date.UTC(2024, 0, 3, 11, 30, 0, 250), end: Date.UTC(2024, 0, 4) }]) {
      const link = writeUrl('', { ...EMPTY_URL, window });
      expect(readUrlChecked(link)).toEqual({ state: { ...EMPTY_URL, window }, problems: [] });
    }
    expect(writeUrl('', { ...EMPTY_URL, window: { start: Date.UTC(2024, 0, 3, 11, 30), end: Date.UTC(2024, 0, 4) } })).toBe('?from=2024-01-03T11%3A30Z&to=2024-01-04T00%3A00Z');
  });

  it('has nothing to say about a plain link', () => {
    expect(readUrlChecked('?feature=kerman-explosion-1&from=2024-01-03T00:00Z&to=2024-01-05T00:00Z&map=5/30/50').problems).toEqual([]);
  });
});
