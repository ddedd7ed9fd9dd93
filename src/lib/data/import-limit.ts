/**
 * The largest file the import accepts: past this the tab would outgrow its memory. Apart from
 * `import-client.ts` so the page can say so before it loads the import's code.
 */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
