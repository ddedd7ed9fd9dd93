/** The bundled atlas as the build loaded and checked it (scripts/lib/checked-atlas-plugin.ts): each call gives a fresh copy. */
declare module 'virtual:checked-atlas' {
  const checked: () => import('./lib/data/load').LoadResult;
  export default checked;
}
