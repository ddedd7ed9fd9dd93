import { describe, expect, it } from 'vitest';
import { convertInputs } from '../../src/lib/data/formats/convert';
import { toCsv } from '../../src/lib/data/csv';
import type { EventFeature } from '../../src/lib/data/schema';
import { makeAtlas, makeFeature } from './fixtures';

/** The features adding this CSV text gives. */
function featuresOf(name: string, text: string): EventFeature[] {
  const [out] = convertInputs([{ name, text }]);
  if (out.kind !== 'added') throw new Error(`expected features, got ${JSON.stringify(out).slice(0, 300)}`);
  return out.atlas.features;
}

describe('cells the CSV export defused for spreadsheets', () => {
  it('come back as they were when this map’s own CSV export is added back, and only then', () => {
    const noted = makeFeature({}, 'noted');
    noted.properties.location = { ...noted.properties.location, note: '-5 dead' };
    const atlas = makeAtlas([makeFeature({ title: '=1+1' }, 'formula'), noted, makeFeature({ title: "'quoted" }, 'apostrophe'), makeFeature({ title: '@once\tmore' }, 'at')]);
    const csv = toCsv(atlas, atlas.features);
    // The export itself still defuses them.
    expect(csv).toContain(",'=1+1,");
    expect(csv).toContain(",'-5 dead,");
    const back = featuresOf('events.csv', csv);
    expect(back.map((f) => [f.id, f.properties.title])).toEqual([
      ['formula', '=1+1'],
      ['noted', 'Test event'],
      ['apostrophe', "'quoted"],
      ['at', '@once\tmore'],
    ]);
    // The position note is read back into the position, undefused too.
    expect(back[1].properties.location.note).toBe('-5 dead');
    // Any other CSV keeps them: its apostrophes were not written by this map.
    const other = featuresOf('other.csv', "title,latitude,longitude,note\n'=1+1,30.28,57.08,'-5 dead\n")[0];
    expect(other.properties.title).toBe("'=1+1");
    expect(other.properties.claims.find((c) => c.topic === 'record')!.statement).toContain("'-5 dead");
  });

  it('give back a text that itself starts with apostrophes before a formula sign', () => {
    const titles = ["'=x", "''=x", "'-5", "''", "'", "'plain", '-5', '=x'];
    const atlas = makeAtlas(titles.map((title, i) => makeFeature({ title }, `t${i}`)));
    const back = featuresOf('events.csv', toCsv(atlas, atlas.features));
    expect(back.map((f) => f.properties.title)).toEqual(titles);
  });
});
