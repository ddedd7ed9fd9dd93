import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/lib/data/import';
import { convertInputs } from '../../src/lib/data/formats/convert';
import { readText, readUtf8 } from '../../src/lib/data/read-file';

/** A text's bytes in UTF-16 without a byte order mark, little- or big-endian. */
function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const bytes = Buffer.from(text, 'utf16le');
  return new Uint8Array(order === 'le' ? bytes : bytes.swap16());
}

const CSV = 'title,latitude,longitude,date\nA,30.28,57.08,2024-01-03\n';
const KML = '<?xml version="1.0" encoding="UTF-16"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>A</name><Point><coordinates>57.08,30.28</coordinates></Point></Placemark></kml>';

describe('a text file saved as UTF-16 without a byte order mark', () => {
  it.each([
    ['points.csv', CSV],
    ['points.tsv', CSV.replaceAll(',', '\t')],
    ['points.txt', CSV],
    ['points.kml', KML],
    ['points.geojson', '{"type":"FeatureCollection","features":[]}'],
  ])('%s is refused in either byte order, saying what it is and what to do', (name, text) => {
    for (const order of ['le', 'be'] as const) {
      const out = convertInputs([{ name, text: decodeText(utf16(text, order)) }]);
      expect(out, order).toEqual([{ kind: 'refused', file: name, reason: 'the file looks like UTF-16 without a byte order mark; save it as UTF-8 and try again' }]);
    }
  });
});

describe('a file whose bytes are not UTF-8', () => {
  /** What importing these bytes gives, read as the import worker reads a file. */
  async function importBytes(name: string, bytes: Uint8Array<ArrayBuffer>) {
    const read = await readText(new Blob([bytes]), () => {});
    const out = convertInputs([{ name, ...read }]);
    expect(out).toHaveLength(1);
    if (out[0].kind !== 'added') throw new Error(`expected features, got ${JSON.stringify(out[0]).slice(0, 300)}`);
    return out[0];
  }
  const WARNING = { file: expect.any(String), severity: 'warning', message: 'is not UTF-8, so it was read as Windows-1252 (Western European); check its text' };
  const TITLE = 'Kermân café';

  it('is read as Windows-1252, as Excel saves a CSV on Windows, and the report says so', async () => {
    const csv = `title,latitude,longitude,date\n${TITLE},30.28,57.08,2024-01-03\n`;
    const o = await importBytes('latin1.csv', new Uint8Array(Buffer.from(csv, 'latin1')));
    expect(o.atlas.features.map((f) => f.properties.title)).toEqual([TITLE]);
    expect(o.problems).toEqual([{ ...WARNING, file: 'latin1.csv' }]);
  });

  it('is read so in a GeoJSON file too', async () => {
    const json = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'a', geometry: { type: 'Point', coordinates: [57.08, 30.28] }, properties: { title: TITLE, date: '2024-01-03' } }] });
    const o = await importBytes('latin1.geojson', new Uint8Array(Buffer.from(json, 'latin1')));
    expect(o.atlas.features.map((f) => f.properties.title)).toEqual([TITLE]);
    expect(o.problems).toEqual([{ ...WARNING, file: 'latin1.geojson' }]);
  });

  it('leaves a UTF-8 file as it was, with or without a byte order mark, and says nothing of its encoding', async () => {
    const csv = `title,latitude,longitude,date\n${TITLE} کرمان,30.28,57.08,2024-01-03\n`;
    for (const text of [csv, `\ufeff${csv}`]) {
      const o = await importBytes('utf8.csv', new TextEncoder().encode(text));
      expect(o.atlas.features.map((f) => f.properties.title)).toEqual([`${TITLE} کرمان`]);
      expect(o.problems).toEqual([]);
    }
  });

  it('is read as UTF-8 still when most of its text beyond ASCII is, the damaged bytes shown as U+FFFD and named in the report', async () => {
    // A Persian title, then one byte cut from a character, as a download cut short leaves it: read as Windows-1252, every letter would be garbled.
    const good = new TextEncoder().encode('title,latitude,longitude,date\nحمله در کرمان,30.28,57.08,2024-01-03\nB');
    const bytes = new Uint8Array([...good, 0xd8, ...new TextEncoder().encode(',30.29,57.09,2024-01-04\n')]);
    const o = await importBytes('cut.csv', bytes);
    expect(o.atlas.features.map((f) => f.properties.title)).toEqual(['حمله در کرمان', 'B\uFFFD']);
    expect(o.problems).toEqual([{ file: 'cut.csv', severity: 'warning', message: 'is UTF-8 but for some bytes that are not, shown as \uFFFD; check its text, or get the file again' }]);
    expect(await readUtf8(new Blob([bytes]), () => {})).toBeNull();
  });

  it('is never read in two parts: a part of a file is taken only as UTF-8', async () => {
    const text = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"title":"café"}}]}';
    expect(await readUtf8(new Blob([new TextEncoder().encode(text)]), () => {})).toBe(text);
    expect(await readUtf8(new Blob([new Uint8Array(Buffer.from(text, 'latin1'))]), () => {})).toBeNull();
  });
});
