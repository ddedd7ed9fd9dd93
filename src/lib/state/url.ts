/** The parts of the app's state that live in the URL, so any view can be shared. */
export interface UrlState {
  feature: string | null;
  relation: string | null;
}

/** Longest id accepted from a URL; longer text is cut before it reaches a message. */
const MAX_ID = 120;

export function readUrl(search: string): UrlState {
  const params = new URLSearchParams(search);
  const id = (key: string) => {
    const raw = params.get(key);
    return raw === null || raw === '' ? null : raw.slice(0, MAX_ID);
  };
  return { feature: id('feature'), relation: id('relation') };
}

/** The query string for a state, keeping any other parameters already present. */
export function writeUrl(search: string, state: UrlState): string {
  const params = new URLSearchParams(search);
  for (const key of ['feature', 'relation'] as const) {
    const value = state[key];
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
