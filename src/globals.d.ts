/** Basemap origins the build allows (vite.config.ts `define`); the CSP lists the same ones. */
declare const __BASEMAP_ORIGINS__: string[];
