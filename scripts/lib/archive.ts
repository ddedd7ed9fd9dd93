import { createHash } from 'node:crypto';
import type { Source } from '../../src/lib/data/schema';

/** How the archiver talks to a Save Page Now service; a test passes a local fake. */
export interface ArchiveOptions {
  /** The archive's origin, `https://web.archive.org` unless a test or mirror says otherwise. */
  base: string;
  fetch: typeof globalThis.fetch;
  /** `LOW access:secret` for Save Page Now 2 with an archive.org account; anonymous otherwise. */
  authorization?: string;
  /** Pause between status polls and between sources (the service rate-limits). */
  pauseMs: number;
  /** How many status polls to wait for one capture before giving up on it. */
  maxPolls: number;
  log?: (line: string) => void;
}

/** What happened to one source. */
export type ArchiveOutcome =
  | { id: string; status: 'archived'; archiveUrl: string; archivedAt: string; archiveSha256: string }
  | { id: string; status: 'failed'; reason: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** "20240106063703" (a Wayback timestamp, UTC) as "2024-01-06T06:37:03Z". */
export function waybackTimeToIso(ts: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}

/** The snapshot time written in a Wayback Machine URL (`/web/<14 digits>/…`), if it has one. */
export function archivedAtFromUrl(archiveUrl: string): string | undefined {
  const m = /\/web\/(\d{14})(?:[a-z_]*)\//.exec(archiveUrl);
  return m ? waybackTimeToIso(m[1]) : undefined;
}

async function json(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/**
 * Asks Save Page Now to capture one URL, waits for the capture, then downloads the captured
 * bytes exactly as archived (the `id_` form) and hashes them, so anyone can later check the
 * snapshot has not changed.
 */
export async function archiveOne(source: Source, o: ArchiveOptions): Promise<ArchiveOutcome> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
  if (o.authorization) headers.Authorization = o.authorization;
  try {
    const start = await o.fetch(`${o.base}/save`, { method: 'POST', headers, body: new URLSearchParams({ url: source.url, skip_first_archive: '1' }) });
    const job = await json(start);
    if (!start.ok || typeof job.job_id !== 'string') return { id: source.id, status: 'failed', reason: `save request answered ${start.status}: ${String(job.message ?? 'no job id')}` };
    for (let i = 0; i < o.maxPolls; i++) {
      const res = await o.fetch(`${o.base}/save/status/${encodeURIComponent(job.job_id)}`, { headers });
      const st = await json(res);
      if (st.status === 'success' && typeof st.timestamp === 'string') {
        const original = typeof st.original_url === 'string' ? st.original_url : source.url;
        const archivedAt = waybackTimeToIso(st.timestamp);
        if (!archivedAt) return { id: source.id, status: 'failed', reason: `unreadable snapshot time ${JSON.stringify(st.timestamp)}` };
        const raw = await o.fetch(`${o.base}/web/${st.timestamp}id_/${original}`);
        if (!raw.ok) return { id: source.id, status: 'failed', reason: `the snapshot could not be read back (${raw.status})` };
        const archiveSha256 = createHash('sha256').update(Buffer.from(await raw.arrayBuffer())).digest('hex');
        return { id: source.id, status: 'archived', archiveUrl: `${o.base}/web/${st.timestamp}/${original}`, archivedAt, archiveSha256 };
      }
      if (st.status === 'error') return { id: source.id, status: 'failed', reason: `the archive refused: ${String(st.message ?? st.status_ext ?? 'error')}` };
      await sleep(o.pauseMs);
    }
    return { id: source.id, status: 'failed', reason: `no snapshot after ${o.maxPolls} polls` };
  } catch (err) {
    return { id: source.id, status: 'failed', reason: `the archive could not be reached (${(err as Error).message})` };
  }
}

/**
 * Archives every source that has no archived copy yet, one after another, and fills in the
 * snapshot time of copies whose URL carries one. Returns the updated sources (same order) and
 * what happened to each attempt.
 */
export async function archiveCatalog(sources: readonly Source[], o: ArchiveOptions): Promise<{ sources: Source[]; outcomes: ArchiveOutcome[] }> {
  const outcomes: ArchiveOutcome[] = [];
  const updated: Source[] = [];
  for (const s of sources) {
    if (s.archiveUrl) {
      const archivedAt = s.archivedAt ?? archivedAtFromUrl(s.archiveUrl);
      updated.push(archivedAt ? { ...s, archivedAt } : s);
      continue;
    }
    o.log?.(`archiving ${s.id} (${s.url})`);
    const outcome = await archiveOne(s, o);
    outcomes.push(outcome);
    o.log?.(outcome.status === 'archived' ? `  → ${outcome.archiveUrl}` : `  ✗ ${outcome.reason}`);
    updated.push(outcome.status === 'archived' ? { ...s, archiveUrl: outcome.archiveUrl, archivedAt: outcome.archivedAt, archiveSha256: outcome.archiveSha256 } : s);
    if (o.pauseMs > 0) await sleep(o.pauseMs);
  }
  return { sources: updated, outcomes };
}

/** The link-rot report: every source still without an archived copy, with the live URL a reader depends on. */
export function linkRotReport(sources: readonly Source[], outcomes: readonly ArchiveOutcome[] = []): string {
  const reasons = new Map(outcomes.flatMap((o) => (o.status === 'failed' ? [[o.id, o.reason] as const] : [])));
  const missing = sources.filter((s) => !s.archiveUrl);
  const lines = [`# Link-rot report`, '', `${missing.length} of ${sources.length} sources have no archived copy. If their pages change or vanish, the citation cannot be checked.`, ''];
  for (const s of missing) lines.push(`- \`${s.id}\`: ${s.publisher}, ${s.url}${reasons.has(s.id) ? ` (last attempt: ${reasons.get(s.id)})` : ''}`);
  return `${lines.join('\n')}\n`;
}
