/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { basemapOrigins, contentSecurityPolicy, workerSecurityPolicy } from './csp.config.ts';
import { offlineBasemap } from './scripts/lib/offline-basemap-plugin.ts';

const origins = basemapOrigins();

/** Writes the Content-Security-Policy into the built index.html (the dev server's HMR needs inline styles, so not there). */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(origins) }, injectTo: 'head-prepend' }],
  };
}

/** `vite preview` (npm start, the browser tests) sends the policies as headers: the page's, with frame-ancestors, and the worker's. */
function cspHeaders(): Plugin {
  return {
    name: 'csp-headers',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const worker = /maplibre-gl-worker[^/]*\.mjs(\?|$)/.test(req.url ?? '');
        res.setHeader('Content-Security-Policy', worker ? workerSecurityPolicy(origins) : contentSecurityPolicy(origins, true));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), offlineBasemap(), cspMeta(), cspHeaders()],
  define: { __BASEMAP_ORIGINS__: JSON.stringify(origins) },
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
    environment: 'node',
  },
});
