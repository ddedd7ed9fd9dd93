import { describe, expect, it } from 'vitest';
import { readUrl, writeUrl } from '../../src/lib/state/url';

describe('url state', () => {
  it('reads the feature id', () => {
    expect(readUrl('?feature=kerman-explosion-1')).toEqual({ feature: 'kerman-explosion-1' });
    expect(readUrl('')).toEqual({ feature: null });
    expect(readUrl('?feature=')).toEqual({ feature: null });
  });

  it('cuts an overlong id so a hostile URL cannot flood the page', () => {
    expect(readUrl(`?feature=${'x'.repeat(10_000)}`).feature).toHaveLength(120);
  });

  it('writes the id and keeps other parameters', () => {
    expect(writeUrl('?lang=fa', { feature: 'a b' })).toBe('?lang=fa&feature=a+b');
    expect(writeUrl('?feature=x&lang=fa', { feature: null })).toBe('?lang=fa');
    expect(writeUrl('', { feature: null })).toBe('');
  });
});
