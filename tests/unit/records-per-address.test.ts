import { describe, expect, it } from 'vitest';
import { recordsPerAddress } from '../../src/lib/data/records-per-address';
import type { Source } from '../../src/lib/data/schema';

const record = (id: string, url: string): Source => ({ id, publisher: 'P', title: id, url, language: 'en', type: url ? 'wire' : 'dataset' });

describe('records per web address', () => {
  it('counts the records of each address, a story rewritten under one address having one record per version cited; files with no address are not counted', () => {
    const sources = new Map([record('early', 'https://example.org/a'), record('later', 'https://example.org/a'), record('other', 'https://example.org/b'), record('file-a', ''), record('file-b', '')].map((s) => [s.id, s]));
    const counts = recordsPerAddress(sources);
    expect(counts.get('https://example.org/a')).toBe(2);
    expect(counts.get('https://example.org/b')).toBe(1);
    expect(counts.has('')).toBe(false);
    // Counted once per catalogue: the same map gives the same counts object.
    expect(recordsPerAddress(sources)).toBe(counts);
  });
});
