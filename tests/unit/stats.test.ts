import { describe, expect, it } from 'vitest';
import { median } from '../../scripts/lib/stats';

describe('the median the benchmarks print', () => {
  it('is the middle value of an odd count and the mean of the two middle values of an even one, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([198, 52, 164, 64])).toBe(114);
    expect(median([7])).toBe(7);
  });
});
