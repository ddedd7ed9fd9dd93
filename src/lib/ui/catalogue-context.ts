import { getContext, setContext } from 'svelte';
import type { Originator, Source } from '../data/schema';

const KEY = Symbol('catalogue');

/** What a citation reads of the atlas's catalogue beside its own source record. */
export interface Catalogue {
  originators: ReadonlyMap<string, Originator>;
  sources: ReadonlyMap<string, Source>;
}

const EMPTY: Catalogue = { originators: new Map(), sources: new Map() };

/** Lets every citation read the catalogue (an agency's name, the other versions of a story) without threading the atlas through each panel. */
export function provideCatalogue(get: () => Catalogue): void {
  setContext(KEY, get);
}

/** The atlas's catalogue, or an empty one outside the app (component tests). */
export function useCatalogue(): () => Catalogue {
  return getContext<(() => Catalogue) | undefined>(KEY) ?? (() => EMPTY);
}
