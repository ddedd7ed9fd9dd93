/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { atlasOrigins, basemapOrigins, contentSecurityPolicy, workerSecurityPolicy } from './csp.config.ts';
import { checkedAtlas } from './scripts/lib/checked-atlas-plugin.ts';
import { offlineBasemap } from './scripts/lib/offline-basemap-plugin.ts';

const origins = basemapOrigins();
const atlases = atlasOrigins();
/** The atlas folder this build bundles: `geodata/`, or any other with `ATLAS_DIR=path/to/folder npm run build`. */
const atlasDir = resolve(process.env.ATLAS_DIR ?? 'geodata');

/** Writes the Content-Security-Policy into the built index.html (the dev server's HMR needs inline styles, so not there). */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(origins, false, atlases) }, injectTo: 'head-prepend' }],
  };
}

/** The bundled atlas's title and description go into index.html, so a hosted copy is named before any script runs. */
function atlasHead(): Plugin {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return {
    name: 'atlas-head',
    transformIndexHtml(html) {
      let manifest: { title?: Record<string, string>; description?: Record<string, string>; defaultLanguage?: string };
      try {
        manifest = JSON.parse(readFileSync(resolve(atlasDir, 'atlas.json'), 'utf8'));
      } catch {
        return html;
      }
      const lang = manifest.defaultLanguage ?? 'en';
      const pick = (texts?: Record<string, string>) => (texts ? (texts[lang] ?? Object.values(texts)[0] ?? '') : '');
      return html.replace('%ATLAS_TITLE%', escape(pick(manifest.title))).replace('%ATLAS_DESCRIPTION%', escape(pick(manifest.description)));
    },
  };
}

/** `vite preview` (npm start, the browser tests) sends the policies as headers: the page's, with frame-ancestors, and the worker's. */
function cspHeaders(): Plugin {
  return {
    name: 'csp-headers',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const worker = /maplibre-gl-worker[^/]*\.mjs(\?|$)/.test(req.url ?? '');
        res.setHeader('Content-Security-Policy', worker ? workerSecurityPolicy(origins) : contentSecurityPolicy(origins, true, atlases));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), offlineBasemap(), checkedAtlas(atlasDir), cspMeta(), cspHeaders(), atlasHead()],
  define: { __BASEMAP_ORIGINS__: JSON.stringify(origins), __ATLAS_ORIGINS__: JSON.stringify(atlases) },
  resolve: { alias: { '@atlas-dir': atlasDir } },
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // Data files stay files: fetched from the app's own origin (the CSP needs no data: for connections).
    assetsInlineLimit: (file) => (/\.(geo)?json$/.test(file) ? false : undefined),
  },
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    environment: 'node',
    // One module graph for every file: valibot, Turf and the rest are loaded once, not per file (49 s → 26 s here).
    isolate: false,
    // Vitest's default leaves one of a machine's cores idle (n − 1 workers): on these 2-core machines the
    // unit tests then ran one file at a time (61 s → 41 s with both cores).
    maxWorkers: 2,
    // A bound for failure only: the property tests take 2–3 s here, and twice that while svelte-check runs beside them (`npm run test:static`).
    testTimeout: 30_000,
  },
});
