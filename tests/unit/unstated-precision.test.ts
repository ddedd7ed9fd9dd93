import { describe, expect, it } from 'vitest';
import { CsvAhead } from '../../src/lib/data/csv-ahead';
import { csvLinesInSteps, toCsv } from '../../src/lib/data/csv';
import { buildExport } from '../../src/lib/data/export';
import { unstatedLocation } from '../../src/lib/data/formats/common';
import { toKml } from '../../src/lib/data/kml';
import { PRECISION_NOT_STATED, precisionUnstated } from '../../src/lib/data/unstated-precision';
import { makeAtlas, makeFeature, wire } from './fixtures';

/** Two events: one whose file stated no precision (the 1 m placeholder), one placed within 2 km. */
function atlasOfTwo() {
  const unstated = makeFeature({ location: unstatedLocation([wire.id]) }, 'unstated');
  const stated = makeFeature({}, 'stated');
  return makeAtlas([unstated, stated]);
}

/** The cells of each data row by column name (the test rows hold no quoted comma before `position_note`). */
function rowsOf(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.split('\r\n').filter(Boolean);
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').slice(0, names.indexOf('position_basis') + 1).map((cell, i) => [names[i], cell])));
}

describe('a position whose file stated no precision, exported', () => {
  it('is recognised by its note alone', () => {
    expect(precisionUnstated(unstatedLocation([]))).toBe(true);
    expect(precisionUnstated(makeFeature().properties.location)).toBe(false);
  });

  it('has an empty precision_m in the CSV, beside the note saying so; a stated precision keeps its number', () => {
    const atlas = atlasOfTwo();
    const csv = toCsv(atlas, atlas.features);
    const [unstated, stated] = rowsOf(csv);
    expect([unstated.precision_m, unstated.position_basis]).toEqual(['', 'reported']);
    expect(csv).toContain(`"${PRECISION_NOT_STATED.replace(/"/g, '""')}"`);
    expect([stated.precision_m, stated.position_basis]).toEqual(['2000', 'estimate']);
  });

  it('is written alike by every way the CSV is written: at once, in steps, and ahead', async () => {
    const atlas = atlasOfTwo();
    const once = toCsv(atlas, atlas.features);
    expect(await new Blob(await csvLinesInSteps(atlas, atlas.features)).text()).toBe(once);
    const order = Uint32Array.of(0, 1);
    const ahead = new CsvAhead(atlas, order);
    await ahead.hurry();
    expect(await new Blob((await ahead.parts(order))!).text()).toBe(once);
  });

  it('has no precision_m data in the KML, and its description gives no radius', () => {
    const atlas = atlasOfTwo();
    const kml = toKml(atlas, atlas.features, 'x');
    const [unstated, stated] = kml.split('<Placemark').slice(1);
    expect(unstated).not.toContain('<Data name="precision_m">');
    expect(unstated).toContain('<Data name="position_basis"><value>reported</value></Data>');
    expect(unstated).toContain('Position: reported. Coordinates as given in the file');
    expect(unstated).not.toContain('within 1 m');
    expect(stated).toContain('<Data name="precision_m"><value>2000</value></Data>');
    expect(stated).toContain('Position: estimate, within 2,000 m.');
  });

  it('keeps its radius in the GeoJSON export, whose schema requires one, with the note saying it is a placeholder', () => {
    const atlas = atlasOfTwo();
    const [unstated] = buildExport(atlas).features;
    expect(unstated.properties.location).toEqual({ basis: 'reported', radiusM: 1, note: PRECISION_NOT_STATED, sources: [wire.id] });
  });
});
