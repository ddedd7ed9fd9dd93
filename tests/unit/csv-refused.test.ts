import { describe, expect, it } from 'vitest';
import { convertInputs } from '../../src/lib/data/formats/convert';

/** Why a CSV with this text is refused. */
function reason(text: string): string {
  const [out] = convertInputs([{ name: 'x.csv', text }]);
  if (out.kind !== 'refused') throw new Error(`expected a refusal, got ${JSON.stringify(out).slice(0, 300)}`);
  return out.reason;
}

const HEADER = 'title,latitude,longitude,date,notes';

describe('a CSV that gives no rows is refused with what is wrong with it', () => {
  it('names the line where a quotation mark opens and is never closed, and what to do', () => {
    // A formula typed into a cell unquoted: its second quoted argument opens a quote that never closes.
    const text = [HEADER, 'A,30.1,57.1,2024-01-03,=HYPERLINK("http://evil.example","click")', 'B,30.2,57.2,2024-01-04,fine', 'C,30.3,57.3,2024-01-05,fine', ''].join('\n');
    expect(reason(text)).toBe('a quotation mark opened on line 2 is never closed, so the rest of the file reads as one cell; fix the file, or put that cell in quotes and double each quotation mark inside it');
  });

  it('says a file with a header row alone has no data rows', () => {
    expect(reason(`${HEADER}\n`)).toBe('it has a header row but no data rows');
    expect(reason(`\ufeff${HEADER}\r\n\r\n`)).toBe('it has a header row but no data rows');
  });

  it('says an empty file is empty', () => {
    expect(reason('')).toBe('the file is empty');
    expect(reason('\ufeff \r\n\n')).toBe('the file is empty');
  });

  it('names the first row that does not fit the header when none does', () => {
    expect(reason(`${HEADER}\nA,30.1\nB,30.2\n`)).toBe('none of its rows could be read (line 2: it has 2 fields where the header has 5)');
  });
});
