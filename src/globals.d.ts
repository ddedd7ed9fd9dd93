/** Basemap origins the build allows (vite.config.ts `define`); the CSP lists the same ones. */
declare const __BASEMAP_ORIGINS__: string[];
/** Sites other than its own that `?atlas=` may load from (vite.config.ts `define`, from ATLAS_ORIGINS); connect-src lists them. */
declare const __ATLAS_ORIGINS__: string[];
