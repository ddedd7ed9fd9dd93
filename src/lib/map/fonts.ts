import type { FontFacesSpecification } from 'maplibre-gl';
import notoLatin from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import notoLatinExt from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import notoLatinBold from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import vazirArabic from '@fontsource/vazirmatn/files/vazirmatn-arabic-400-normal.woff2?url';

/** Font stacks the map's symbol layers name in `text-font`. */
export const FONT_REGULAR = 'Atlas Sans Regular';
export const FONT_BOLD = 'Atlas Sans Bold';

const LATIN = ['U+0000-00FF', 'U+0131', 'U+0152-0153', 'U+02BB-02BC', 'U+02C6', 'U+02DA', 'U+02DC', 'U+2000-206F', 'U+20AC', 'U+2122', 'U+2191', 'U+2193', 'U+2212', 'U+2215', 'U+FEFF', 'U+FFFD'];
const LATIN_EXT = ['U+0100-02AF', 'U+0304', 'U+0308', 'U+0329', 'U+1E00-1E9F', 'U+1EF2-1EFF', 'U+2020', 'U+20A0-20AB', 'U+20AD-20C0', 'U+2113', 'U+2C60-2C7F', 'U+A720-A7FF'];
const ARABIC = ['U+0600-06FF', 'U+0750-077F', 'U+0870-088E', 'U+0890-0891', 'U+0898-08E1', 'U+08E3-08FF', 'U+200C-200E', 'U+FB50-FDFF', 'U+FE70-FE74', 'U+FE76-FEFC'];

/**
 * Bundled font files for map labels (MapLibre's `font-faces`), so labels render with no
 * glyph server: Noto Sans for Latin script, Vazirmatn for Persian.
 */
export const fontFaces: FontFacesSpecification = {
  [FONT_REGULAR]: [
    { url: notoLatin, 'unicode-range': LATIN },
    { url: notoLatinExt, 'unicode-range': LATIN_EXT },
    { url: vazirArabic, 'unicode-range': ARABIC },
  ],
  [FONT_BOLD]: [
    { url: notoLatinBold, 'unicode-range': LATIN },
    { url: vazirArabic, 'unicode-range': ARABIC },
  ],
};
