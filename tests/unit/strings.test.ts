import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadAtlas } from '../../src/lib/data/load';
import { matchesQuery, searchTexts } from '../../src/lib/state/filters';
import { num, t } from '../../src/lib/ui/strings';
import { t as words } from '../../src/lib/ui/strings-panels';

describe('a count as the interface writes it', () => {
  it('is what toLocaleString writes in British English, for small and large, whole and not', () => {
    for (const n of [0, -0, 1, 7, 13, 999, 1000, 1001, 12_345, 100_018, 1_000_000, -5, -999, -1000, 2.5, 0.125, 999.5, 1234.5678]) {
      expect(num(n), String(n)).toBe(n.toLocaleString('en-GB'));
    }
  });
});

describe("the search box's hint", () => {
  it('gives examples that each find something in the atlas the app ships (one once named only an unused originator)', async () => {
    const { atlas } = await loadAtlas((name) => readFile(`geodata/${name}`, 'utf8'));
    const text = searchTexts(atlas.sources);
    const examples = t.searchPlaceholder.replace(/^e\.g\. /, '').split(', ');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) expect(atlas.features.filter((f) => matchesQuery(text(f), example)).length, example).toBeGreaterThan(0);
  });
});

describe('what the status line says after adding files', () => {
  it('ends each file’s sentence, so that the next file’s does not run into its last problem', () => {
    const two = [words.importDone('acled.csv', 3, 0, ['error: acled.csv › line 5: left out: latitude and longitude are not both numbers'], 1), words.importDone('ucdp.csv', 2, 0, [], 0)].join(' ');
    expect(two).toBe('Added 3 features from “acled.csv”. 1 problem left items out: error: acled.csv › line 5: left out: latitude and longitude are not both numbers. Added 2 features from “ucdp.csv”.');
    // More problems than named: the list trails off instead.
    expect(words.importDone('a.csv', 1, 0, ['p1', 'p2', 'p3'], 7)).toBe('Added 1 feature from “a.csv”. 7 problems left items out: p1; p2; p3; …');
    // Warnings keep their items: the status line only says where to read them.
    expect(words.importDone('a.csv', 2, 0, [], 0, 3)).toBe('Added 2 features from “a.csv”. 3 warnings (kept, but read with care) under “Last import”.');
  });
});

describe('unknown ids named by a link', () => {
  const RLO = '\u202e';
  const [FSI, PDI] = ['\u2068', '\u2069'];
  it('isolates each id on its own, so an override in one cannot reverse the quotes and ids after it', () => {
    expect(t.urlUnknown('layer', [`a${RLO}b`, 'c'])).toBe(`No layer has the id “${FSI}a${RLO}b${PDI}”, “c”.`);
    expect(t.urlUnknownActor(['x', `${RLO}y`])).toBe(`No one named “x”, “${FSI}${RLO}y${PDI}” carried out or claimed an event on this map.`);
  });
  it('writes plain ids as they are', () => {
    expect(t.urlUnknown('feature', ['no-such-event'])).toBe('No feature has the id “no-such-event”.');
  });
});
