/**
 * Repair of "mojibake": UTF-8 text whose bytes were once decoded as Windows-1252 (cp1252)
 * and saved again, so that "–" (E2 80 93) reads "â€“" and Persian "پ" (D9 BE) reads "Ù¾".
 */

/** The 27 characters cp1252 puts at 0x80–0x9F, keyed by code point. 0xA0–0xFF equal their code point. */
const CP1252_HIGH: ReadonlyMap<number, number> = new Map([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86],
  [0x2021, 0x87], [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c],
  [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95],
  [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b],
  [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

/**
 * The six letters where Windows-1254 (Turkish) differs from cp1252 in 0xD0–0xFE. Seen in the wild
 * when part of a text went through a Turkish decoder: the seed writes the flag emoji 🇮🇷
 * (F0 9F 87 AE …) as "ğŸ‡®…", with "ğ" where cp1252 would give "ð" (0xF0).
 */
const CP1254_LETTERS: ReadonlyMap<number, number> = new Map([
  [0x011e, 0xd0], [0x0130, 0xdd], [0x015e, 0xde], [0x011f, 0xf0], [0x0131, 0xfd], [0x015f, 0xfe],
]);

const REPLACEMENT = '\uFFFD';

function countReplacements(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === REPLACEMENT) n++;
  return n;
}

/**
 * Undoes one round of UTF-8-read-as-Windows-1252 mojibake.
 *
 * Method: every character is turned back into the single byte cp1252 gave it, and the byte
 * string is decoded as UTF-8 again. Characters that cannot be mapped that way are handled by
 * fallbacks, in this order:
 *
 * 1. Latin-1 fallback. A character U+0080–U+00FF that cp1252 does not produce (the C1 controls,
 *    e.g. U+0081) goes back to the byte with the same number. cp1252 leaves 0x81, 0x8D, 0x8F,
 *    0x90 and 0x9D undefined, and a lenient decoder (Latin-1, WHATWG, Python's "replace" with
 *    a C1 table) keeps them as U+0081, U+008D, U+008F, U+0090, U+009D; this restores the byte.
 * 2. Windows-1254 letters (ğ Ğ ı İ ş Ş) go back to their Turkish code page byte; see
 *    CP1254_LETTERS.
 * 3. Anything else (a character no single-byte code page here produces, including an existing
 *    U+FFFD) is taken to be text that was never garbled and is kept as its own UTF-8 bytes.
 *
 * Unrecoverable bytes: where the original mix-up dropped a byte (the five undefined ones above
 * and the soft hyphen 0xAD, which vanished in the seed), the UTF-8 sequence it belonged to is
 * cut short. The decoder then replaces that broken sequence with one U+FFFD, so each lost
 * character becomes exactly one "�" (for example Persian "ف" = D9 81 and "ح" = D8 AD). The
 * function never throws; `unrecoverable` counts the U+FFFD it introduced (replacement
 * characters already present in the input are not counted).
 */
export function repairMojibake(text: string): { text: string; unrecoverable: number } {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (CP1252_HIGH.has(cp)) bytes.push(CP1252_HIGH.get(cp)!);
    else if (cp <= 0xff) bytes.push(cp); // 0xA0–0xFF as in cp1252, and the latin-1 fallback for U+0080–U+009F
    else if (CP1254_LETTERS.has(cp)) bytes.push(CP1254_LETTERS.get(cp)!);
    else bytes.push(...encoder.encode(ch));
  }
  const repaired = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(Uint8Array.from(bytes));
  return { text: repaired, unrecoverable: countReplacements(repaired) - countReplacements(text) };
}

/**
 * A cheap signature test: true when the text contains a UTF-8 lead byte read as cp1252
 * (Ã Â â Ø Ù Ú Û × …) followed by a character that cp1252 gives to a continuation byte
 * (0x80–0xBF). Correct text almost never has such pairs; mojibake is full of them.
 */
export function looksLikeMojibake(text: string): boolean {
  const continuation = '[\\u0080-\\u00BF\\u20AC\\u201A\\u0192\\u201E\\u2026\\u2020\\u2021\\u02C6\\u2030\\u0160\\u2039\\u0152\\u017D\\u2018\\u2019\\u201C\\u201D\\u2022\\u2013\\u2014\\u02DC\\u2122\\u0161\\u203A\\u0153\\u017E\\u0178]';
  return new RegExp(`[\\u00C2-\\u00F4]${continuation}`).test(text);
}
