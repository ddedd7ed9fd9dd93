import { describe, expect, it } from 'vitest';
import { joinTexts, splitTexts } from '../../src/lib/data/joined-texts';

describe('joined texts', () => {
  it('give back the same strings in order, empty ones and ones beyond one UTF-16 unit included, through a structured clone', () => {
    for (const list of [[], [''], ['event-1', '', 'كرمان', '🇮🇷 flag', 'a\nb', '']]) {
      const joined = joinTexts(list);
      expect(joined.ends.length).toBe(list.length);
      expect(splitTexts(structuredClone(joined))).toEqual(list);
    }
  });
});
