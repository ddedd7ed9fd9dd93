import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.geojson': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves files on a free loopback port for the benchmarks' peer pages: `fileOf` maps a
 * request path (without query) to a file on disk; anything unreadable is a 404.
 */
export async function serveFiles(fileOf: (path: string) => string): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const file = fileOf((req.url ?? '/').split('?')[0]);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}/` };
}
