import { describe, expect, it } from 'vitest';
import { num } from '../../src/lib/ui/strings';

describe('a count as the interface writes it', () => {
  it('is what toLocaleString writes in British English, for small and large, whole and not', () => {
    for (const n of [0, -0, 1, 7, 13, 999, 1000, 1001, 12_345, 100_018, 1_000_000, -5, -999, -1000, 2.5, 0.125, 999.5, 1234.5678]) {
      expect(num(n), String(n)).toBe(n.toLocaleString('en-GB'));
    }
  });
});
