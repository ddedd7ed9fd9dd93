import { getContext, setContext } from 'svelte';
import type { Originator } from '../data/schema';

const KEY = Symbol('originators');

/** Lets every citation name the agency a story comes from without threading the map through each panel. */
export function provideOriginators(get: () => ReadonlyMap<string, Originator>): void {
  setContext(KEY, get);
}

/** The catalogue's originators, or an empty map outside the app (component tests). */
export function useOriginators(): () => ReadonlyMap<string, Originator> {
  return getContext<(() => ReadonlyMap<string, Originator>) | undefined>(KEY) ?? (() => new Map());
}
