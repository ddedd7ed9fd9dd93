import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCatalog, archivedAtFromUrl, linkRotReport } from '../../scripts/lib/archive';
import type { Source } from '../../src/lib/data/schema';

const PAGE = '<html><body>Iran says toll revised</body></html>';

/** A fake Save Page Now on 127.0.0.1: one URL captures after one pending poll, one is refused. */
function fakeArchive(): Promise<{ server: Server; base: string; requests: string[] }> {
  const requests: string[] = [];
  const polls = new Map<string, number>();
  const body = (req: IncomingMessage) => new Promise<string>((r) => { let s = ''; req.on('data', (c) => (s += c)); req.on('end', () => r(s)); });
  const server = createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const send = (status: number, value: unknown) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(value)); };
    if (req.method === 'POST' && req.url === '/save') {
      const url = new URLSearchParams(await body(req)).get('url') ?? '';
      return url.includes('refused') ? send(200, { job_id: 'job-refused' }) : send(200, { url, job_id: `job-${encodeURIComponent(url)}` });
    }
    const status = /^\/save\/status\/(.+)$/.exec(req.url ?? '');
    if (status) {
      const id = decodeURIComponent(status[1]);
      if (id === 'job-refused') return send(200, { status: 'error', status_ext: 'error:blocked-url', message: 'This URL is excluded.' });
      const n = (polls.get(id) ?? 0) + 1;
      polls.set(id, n);
      return n < 2 ? send(200, { status: 'pending' }) : send(200, { status: 'success', timestamp: '20260102030405', original_url: decodeURIComponent(id.slice(4)) });
    }
    if (req.url?.startsWith('/web/20260102030405id_/')) { res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end(PAGE); }
    send(404, { message: 'not found' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })));
}

const source = (id: string, url: string, extra: Partial<Source> = {}): Source => ({ id, publisher: 'P', title: 'T', url, language: 'en', type: 'newspaper', ...extra });

describe('npm run archive (against a local fake Save Page Now)', () => {
  let fake: Awaited<ReturnType<typeof fakeArchive>>;
  beforeAll(async () => { fake = await fakeArchive(); });
  afterAll(() => fake.server.close());

  it('captures unarchived sources, records URL, time and SHA-256, and reports what is left', async () => {
    const sources = [
      source('live', 'https://example.org/toll'),
      source('blocked', 'https://example.org/refused'),
      source('old', 'https://example.org/old', { archiveUrl: 'https://web.archive.org/web/20240106063703/https://example.org/old' }),
    ];
    const { sources: out, outcomes } = await archiveCatalog(sources, { base: fake.base, fetch, pauseMs: 0, maxPolls: 5 });
    expect(out[0]).toMatchObject({
      archiveUrl: `${fake.base}/web/20260102030405/https://example.org/toll`,
      archivedAt: '2026-01-02T03:04:05Z',
      archiveSha256: createHash('sha256').update(PAGE).digest('hex'),
    });
    expect(out[1].archiveUrl).toBeUndefined();
    expect(outcomes[1]).toEqual({ id: 'blocked', status: 'failed', reason: 'the archive refused: This URL is excluded.' });
    // An existing snapshot gains its time from its URL and is never re-requested.
    expect(out[2].archivedAt).toBe('2024-01-06T06:37:03Z');
    expect(fake.requests.filter((r) => r.includes('old'))).toEqual([]);
    const report = linkRotReport(out, outcomes);
    expect(report).toContain('1 of 3 sources have no archived copy');
    expect(report).toContain('`blocked`: P, https://example.org/refused (last attempt: the archive refused: This URL is excluded.)');
    expect(report).not.toContain('`live`');
  });

  it('fails one source with a reason, not the run, when the archive cannot be reached', async () => {
    const { outcomes } = await archiveCatalog([source('x', 'https://example.org/x')], { base: 'http://127.0.0.1:1', fetch, pauseMs: 0, maxPolls: 1 });
    expect(outcomes[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/could not be reached/) });
  });

  it('reads the snapshot time from a Wayback URL', () => {
    expect(archivedAtFromUrl('https://web.archive.org/web/20240103195521/https://x.org/a')).toBe('2024-01-03T19:55:21Z');
    expect(archivedAtFromUrl('https://archive.ph/abc')).toBeUndefined();
  });
});
