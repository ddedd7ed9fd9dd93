import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isolated } from '../../src/lib/data/isolate';
import { formatProblem } from '../../src/lib/data/problems';

const [LRI, RLI, FSI, PDI, RLO, PDF] = ['\u2066', '\u2067', '\u2068', '\u2069', '\u202e', '\u202c'];

/**
 * The isolates of a text as UAX #9 matches them (BD9): each isolate initiator against the
 * next PDI at its level; a PDI with no open initiator matches nothing. Returns whether the
 * text's first character opens an isolate that only its last character closes.
 */
function wholeTextIsolated(text: string): boolean {
  const chars = [...text];
  const open: number[] = [];
  for (const [i, ch] of chars.entries()) {
    if (ch === LRI || ch === RLI || ch === FSI) open.push(i);
    else if (ch === PDI && open.length > 0) {
      const from = open.pop()!;
      if (from === 0) return i === chars.length - 1;
    }
  }
  return false;
}

describe('isolated: text from a file kept from changing how the words around it read', () => {
  it('leaves text with no direction controls as it is, Persian and its marks included', () => {
    for (const text of ['Incident 3', 'گلزار شهدا', 'Kermān \u200f(RLM) \u200e(LRM)', '']) expect(isolated(text)).toBe(text);
  });

  it('wraps an override in one isolate, which closes it', () => {
    expect(isolated(`Local ${RLO}officials`)).toBe(`${FSI}Local ${RLO}officials${PDI}`);
  });

  it('closes only isolates of its own: stray PDIs in the text cannot end the wrapping early, and isolates left open are closed', () => {
    const piece = fc.constantFrom(LRI, RLI, FSI, PDI, RLO, PDF, '\u202a', '\u202b', '\u202d', 'a', 'ب', ' ');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 20 }).map((p) => p.join('')), (text) => {
        const out = isolated(text);
        expect(out).toContain(text);
        if (/[\u202a-\u202e\u2066-\u2069]/.test(text)) expect(wholeTextIsolated(out)).toBe(true);
        else expect(out).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps each part of a problem line to itself', () => {
    const line = formatProblem({ severity: 'error', file: `a${RLO}b.geojson`, feature: 'x', field: 'title', message: 'is missing' });
    expect(line).toBe(`error: ${FSI}a${RLO}b.geojson${PDI} › x › title: is missing`);
  });
});
