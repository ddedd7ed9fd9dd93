/** The parts of the app's state that live in the URL, so any view can be shared. */
export interface UrlState {
  feature: string | null;
}

/** Longest id accepted from a URL; longer text is cut before it reaches a message. */
const MAX_ID = 120;

export function readUrl(search: string): UrlState {
  const raw = new URLSearchParams(search).get('feature');
  return { feature: raw === null || raw === '' ? null : raw.slice(0, MAX_ID) };
}

/** The query string for a state, keeping any other parameters already present. */
export function writeUrl(search: string, state: UrlState): string {
  const params = new URLSearchParams(search);
  if (state.feature) params.set('feature', state.feature);
  else params.delete('feature');
  const text = params.toString();
  return text ? `?${text}` : '';
}
