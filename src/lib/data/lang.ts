/** Scripts written right to left (ISO 15924), for languages whose locale data does not say. */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi']);

/**
 * The direction of text in a language (`fa` → rtl, `de` → ltr): from Intl's text info where
 * the engine has it, else from the language's likely script. Unknown tags read left to right.
 */
export function textDirection(lang: string): 'ltr' | 'rtl' {
  try {
    const locale = new Intl.Locale(lang) as Intl.Locale & { getTextInfo?: () => { direction?: string }; textInfo?: { direction?: string } };
    const info = locale.getTextInfo?.() ?? locale.textInfo;
    if (info?.direction === 'rtl' || info?.direction === 'ltr') return info.direction;
    const script = locale.maximize().script;
    return script && RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** A language tag safe for a `lang` attribute: the tag as Intl normalises it, or undefined when it is none. */
export function langTag(lang: string): string | undefined {
  try {
    return new Intl.Locale(lang).toString();
  } catch {
    return undefined;
  }
}
