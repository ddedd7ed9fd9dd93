import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/lib/data/import';
import { convertInputs } from '../../src/lib/data/formats/convert';

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
