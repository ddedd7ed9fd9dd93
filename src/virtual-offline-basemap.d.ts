/** URLs of the offline basemap's GeoJSON files, decoded at build time (scripts/lib/offline-basemap-plugin.ts). */
declare module 'virtual:offline-basemap' {
  export const land: string;
  export const borders: string;
  export const countryLabels: string;
}
