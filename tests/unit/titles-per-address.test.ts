import { describe, expect, it } from 'vitest';
import { titlesPerAddress } from '../../src/lib/data/titles-per-address';
import type { Source } from '../../src/lib/data/schema';

const record = (id: string, url: string, title = id): Source => ({ id, publisher: 'P', title, url, language: 'en', type: url ? 'wire' : 'dataset' });

describe('titles per web address', () => {
  it('counts the titles the records give each address: a story cited by version under one address has several; two files naming one page under one title have one; records with no address are not counted', () => {
    const sources = new Map(
      [
        record('early', 'https://example.org/a', '73 killed'),
        record('later', 'https://example.org/a', 'More than 100 killed'),
        record('file-a-src', 'https://example.org/b', 'A report'),
        record('file-b-src', 'https://example.org/b', 'A report'),
        record('file-a', ''),
        record('file-b', ''),
      ].map((s) => [s.id, s]),
    );
    const counts = titlesPerAddress(sources);
    expect(counts.get('https://example.org/a')).toBe(2);
    expect(counts.get('https://example.org/b')).toBe(1);
    expect(counts.has('')).toBe(false);
    // Counted once per catalogue: the same map gives the same counts object.
    expect(titlesPerAddress(sources)).toBe(counts);
  });
});
