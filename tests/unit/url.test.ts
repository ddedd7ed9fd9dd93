import { describe, expect, it } from 'vitest';
import { readUrl, writeUrl } from '../../src/lib/state/url';

describe('url state', () => {
  it('reads the feature id', () => {
    expect(readUrl('?feature=kerman-explosion-1')).toEqual({ feature: 'kerman-explosion-1', relation: null });
    expect(readUrl('')).toEqual({ feature: null, relation: null });
    expect(readUrl('?feature=&relation=rel-a')).toEqual({ feature: null, relation: 'rel-a' });
  });

  it('cuts an overlong id so a hostile URL cannot flood the page', () => {
    expect(readUrl(`?feature=${'x'.repeat(10_000)}`).feature).toHaveLength(120);
  });

  it('writes the id and keeps other parameters', () => {
    expect(writeUrl('?lang=fa', { feature: 'a b', relation: null })).toBe('?lang=fa&feature=a+b');
    expect(writeUrl('?feature=x&lang=fa', { feature: null, relation: 'r' })).toBe('?lang=fa&relation=r');
    expect(writeUrl('', { feature: null, relation: null })).toBe('');
  });
});
