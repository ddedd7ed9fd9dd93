import type { ReadFile } from './load';
import { urlReader } from './remote-atlas';

/** Where an atlas's files are: the ones built into the app (absolute URLs by file name), or next to a hosted manifest. */
export type AtlasSource = { kind: 'built-in'; files: Record<string, string> } | { kind: 'url'; href: string };

/** Reads an atlas's files by name, wherever they are. */
export function readerOf(source: AtlasSource): ReadFile {
  if (source.kind === 'url') return urlReader(new URL(source.href));
  return async (name) => {
    const url = Object.hasOwn(source.files, name) ? source.files[name] : undefined;
    if (!url) throw new Error('no such file in the atlas this map was built with');
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.text();
  };
}
