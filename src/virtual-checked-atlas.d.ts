/** The bundled atlas as the build loaded and checked it (scripts/lib/checked-atlas-plugin.ts): each call gives a fresh copy. */
declare module 'virtual:checked-atlas' {
  const checked: () => import('./lib/data/load').LoadResult;
  export default checked;
}

/** The bounds (west, south, east, north) of the bundled atlas's features, to frame it in; null when it has none. */
declare module 'virtual:checked-atlas-frame' {
  const frame: [number, number, number, number] | null;
  export default frame;
}
