import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Serves `files` (text by name) under `prefix` from Vite's preview as a static host with
 * compressed copies made ahead serves them (a CDN's cache, nginx's `gzip_static`): each
 * gzipped once, when the plugin is made, and sent as it is to a browser that accepts gzip.
 * Vite's preview compresses every response on the fly instead, and for a 117 MB atlas
 * that was up to 745 ms of the server's CPU a load, on the same two cores as the page being
 * measured: a cost a reader's machine never bears.
 */
export function precompressed(prefix: string, files: Record<string, string>): Plugin {
  const bodies = new Map(Object.entries(files).map(([name, text]) => {
    const raw = Buffer.from(text);
    return [name, { raw, gzip: gzipSync(raw) }];
  }));
  return {
    name: 'precompressed-files',
    configurePreviewServer(server) {
      // Added before the preview's own middleware, its compression included.
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        const body = path.startsWith(prefix) ? bodies.get(decodeURIComponent(path.slice(prefix.length))) : undefined;
        if (!body) return next();
        const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Vary', 'Accept-Encoding');
        if (gzip) res.setHeader('Content-Encoding', 'gzip');
        const bytes = gzip ? body.gzip : body.raw;
        res.setHeader('Content-Length', String(bytes.length));
        res.end(bytes);
      });
    },
  };
}
