import { describe, expect, it } from 'vitest';
import { looksLikeMojibake, repairMojibake } from '../../scripts/lib/mojibake';
import { toMojibake } from '../fixtures/seed/make-mojibake';

describe('repairMojibake', () => {
  it('turns "â€“" back into an en dash', () => {
    const result = repairMojibake('15:50â€“16:00 local time');

    expect(result).toEqual({ text: '15:50–16:00 local time', unrecoverable: 0 });
  });

  it('restores a Persian sentence garbled by a cp1252 round trip', () => {
    const persian = 'گزارش خبرنگار ما از کرمان';
    const garbled = toMojibake(persian);
    expect(garbled).toContain('Ú¯'); // گ is DA AF, read as "Ú" + "¯"

    const result = repairMojibake(garbled);

    expect(result).toEqual({ text: persian, unrecoverable: 0 });
  });

  it('writes one U+FFFD per character whose byte was dropped, counts them and does not throw', () => {
    // ف is D9 81 and ح is D8 AD; 0x81 and the soft hyphen 0xAD were lost in the seed's mix-up.
    const garbled = toMojibake('فرح', 'drop');
    expect(garbled).toBe('Ù' + 'Ø±' + 'Ø');

    const result = repairMojibake(garbled);

    expect(result).toEqual({ text: '\uFFFDر\uFFFD', unrecoverable: 2 });
  });

  it('maps a C1 control kept by a Latin-1 decoder back to its byte (latin-1 fallback)', () => {
    const garbled = toMojibake('فرح', 'keep-c1');
    expect(garbled).toContain('\u0081');

    const result = repairMojibake(garbled);

    expect(result).toEqual({ text: 'فرح', unrecoverable: 0 });
  });

  it('reads a Turkish-decoded lead byte (ğ for 0xF0) so a flag emoji comes back', () => {
    const result = repairMojibake('#IranğŸ‡®ğŸ‡·');

    expect(result).toEqual({ text: '#Iran🇮🇷', unrecoverable: 0 });
  });

  it('keeps characters no code page produced and does not count replacement characters already there', () => {
    const result = repairMojibake('already \uFFFD and 中文, plus Ã©');

    expect(result).toEqual({ text: 'already \uFFFD and 中文, plus é', unrecoverable: 0 });
  });
});

describe('looksLikeMojibake', () => {
  it('recognises garbled text and leaves clean text alone', () => {
    expect(looksLikeMojibake(toMojibake('Kerman – گزارش'))).toBe(true);
    expect(looksLikeMojibake('Kerman – گزارش, café')).toBe(false);
  });
});
