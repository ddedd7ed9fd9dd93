import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/lib/data/csv';
import { convertInputs, type FileOutcome } from '../../src/lib/data/formats/convert';
import { unstatedLocation } from '../../src/lib/data/formats/common';
import { toKml } from '../../src/lib/data/kml';
import { loadAtlas } from '../../src/lib/data/load';
import type { Atlas, EventFeature } from '../../src/lib/data/schema';
import { PRECISION_NOT_STATED, precisionUnstated } from '../../src/lib/data/unstated-precision';
import { makeAtlas, makeFeature, wire } from './fixtures';

const MODIFIED = Date.UTC(2024, 1, 1);

/** What opening one file gives, as the import worker converts it. */
function opened(name: string, text: string): Extract<FileOutcome, { kind: 'added' }> {
  const [o] = convertInputs([{ name, text, modified: MODIFIED }]);
  if (o.kind !== 'added') throw new Error(`not added: ${JSON.stringify(o)}`);
  return o;
}

const record = (f: EventFeature) => f.properties.claims.find((c) => c.topic === 'record')!.statement;
const positionOf = (f: EventFeature) => {
  const { basis, radiusM, note } = f.properties.location;
  return { basis, radiusM, note };
};

/** The atlas, one event of it in each form of position: stated, and left unstated by its file. */
function withUnstated(): Atlas {
  return makeAtlas([makeFeature({}, 'stated'), makeFeature({ location: unstatedLocation([wire.id]) }, 'unstated')]);
}

describe('this map’s own CSV and KML exports, opened again, keep each position’s precision, basis and note', () => {
  const exports: [string, (atlas: Atlas) => string][] = [
    ['kerman-events.csv', (atlas) => toCsv(atlas, atlas.features)],
    ['kerman-events.kml', (atlas) => toKml(atlas, atlas.features, 'Kerman')],
  ];

  it.each(exports)('%s: the Kerman atlas’s positions come back as the atlas has them, citing the file', async (name, write) => {
    const { atlas } = await loadAtlas((file) => readFile(`geodata/${file}`, 'utf8'));
    const back = opened(name, write(atlas));
    expect(back.atlas.features.map((f) => [f.id, positionOf(f)])).toEqual(atlas.features.map((f) => [f.id, positionOf(f)]));
    for (const f of back.atlas.features) {
      expect(f.properties.location.sources, f.id).toEqual(f.properties.claims[0].sources);
      // Read, so not repeated among the fields the record lists.
      expect(record(f), f.id).not.toMatch(/precision_m|position_basis|position_note/);
    }
    expect(back.problems.filter((p) => p.severity === 'warning')).toEqual([]);
  });

  it.each(exports)('%s: a position whose file stated no precision comes back as one, not as a stated 1 m', (name, write) => {
    const back = opened(name, write(withUnstated())).atlas.features;
    expect(back.map((f) => [f.id, precisionUnstated(f.properties.location), f.properties.location.radiusM])).toEqual([
      ['stated', false, 2000],
      ['unstated', true, 1],
    ]);
    expect(record(back[1])).not.toMatch(/precision_m|position_basis|position_note/);
  });

  it('reads the "1" that earlier exports wrote for an unstated precision as the placeholder it was, by its note (in a KML, by its description)', () => {
    const atlas = withUnstated();
    const csv = toCsv(atlas, atlas.features).replace(',,reported,', ',1,reported,');
    expect(precisionUnstated(opened('old.csv', csv).atlas.features[1].properties.location)).toBe(true);
    // A KML of then wrote precision_m 1 and no position_note; its description held the note.
    const kml = toKml(atlas, atlas.features, 'x')
      .replace(/<Data name="position_note"><value>[^<]*<\/value><\/Data>/g, '')
      .replace('<Data name="position_basis"><value>reported', '<Data name="precision_m"><value>1</value></Data><Data name="position_basis"><value>reported');
    const [stated, unstated] = opened('old.kml', kml).atlas.features;
    expect(precisionUnstated(unstated.properties.location)).toBe(true);
    // A stated precision without its note keeps its number, and a note saying the file gave none.
    expect(positionOf(stated)).toMatchObject({ basis: 'estimate', radiusM: 2000, note: expect.stringMatching(/gives no note/) });
  });

  it('names a precision or basis it cannot read, by the row, and gives the position the placeholder, keeping the values in the record', () => {
    const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({}, 'b'), makeFeature({}, 'c')]);
    const [header, a, b, c] = toCsv(atlas, atlas.features).split('\r\n');
    const text = [header, a.replace(',2000,estimate,', ',about 2 km,estimate,'), b.replace(',2000,estimate,', ',2000,guessed,'), c.replace(',2000,estimate,', ',-5,,'), ''].join('\r\n');
    const back = opened('edited.csv', text);
    expect(back.atlas.features.map((f) => precisionUnstated(f.properties.location))).toEqual([true, true, true]);
    expect(back.problems.map((p) => [p.feature, p.severity, p.message])).toEqual([
      ['line 2', 'warning', `its precision_m "about 2 km" is not a positive number of metres; the position was added as one whose precision the file does not state (a 1 m placeholder)`],
      ['line 3', 'warning', `its position_basis "guessed" is not one of reported, derived, estimate; the position was added as one whose precision the file does not state (a 1 m placeholder)`],
      ['line 4', 'warning', `its precision_m "-5" is not a positive number of metres, and it gives no position_basis; the position was added as one whose precision the file does not state (a 1 m placeholder)`],
    ]);
    expect(record(back.atlas.features[0])).toContain('precision_m: about 2 km; position_basis: estimate; position_note: Placed at the city centre.');
  });

  it('leaves a file without these fields as before: precision not stated', () => {
    const back = opened('plain.csv', 'latitude,longitude,title\n30.28,57.07,A\n');
    expect(back.atlas.features[0].properties.location.note).toBe(PRECISION_NOT_STATED);
    expect(back.problems).toEqual([]);
    // A basis without a precision is no position the app can draw: the placeholder, and the basis kept in the record.
    const basisOnly = opened('basis.csv', 'latitude,longitude,title,position_basis\n30.28,57.07,A,estimate\n').atlas.features[0];
    expect(precisionUnstated(basisOnly.properties.location)).toBe(true);
    expect(record(basisOnly)).toContain('position_basis: estimate');
  });
});
