import type { AppState } from '../state/app.svelte';
import { t } from './strings';

/** The exports the menu offers: every feature as GeoJSON, or the shown ones as GeoJSON, CSV or KML. */
export type ExportKind = 'all' | 'shown' | 'csv' | 'kml';

/** Offers text, in pieces (strings and Blobs), to the user as a file download. */
export function downloadText(fileName: string, parts: BlobPart[], mime: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Writes one export of what the app holds and offers it as a download. Each writer loads on
 * its first use (this module too, from the menu): most visits never export, and the page
 * starts faster without them. Large exports are written in steps, so the page keeps
 * answering while they take seconds. File names start with the atlas's id; the files are
 * named after its title.
 */
export async function saveExport(app: AppState, kind: ExportKind): Promise<void> {
  // The CSV's lines written ahead wait while an export is made (see csv-ahead.ts; its module is loaded for any large atlas).
  const { whileExporting } = await import('../data/csv-ahead');
  await whileExporting(() => writeExport(app, kind));
}

/**
 * What an export is named: the atlas's title and id, unless its features came from files
 * added to the map. Those are named by their files ("Added from acled-2023.csv"), alone or
 * after the atlas's title, so that a file holding only ACLED rows is not titled as the
 * Kerman atlas; the file names the same way ("kerman-with-acled-2023-events-shown.csv"). `rows`
 * are the exported features' rows in the index.
 */
function exportIdentity(app: AppState, rows: ArrayLike<number> | null): { slug: string; name: string } {
  const { atlas, index } = app;
  const own = new Set(app.domain.manifest?.layers.map((l) => l.id) ?? []);
  const layerRows = new Set<number>();
  if (rows) for (let k = 0; k < rows.length; k++) layerRows.add(index.layer[rows[k]]);
  else for (let i = 0; i < index.n; i++) layerRows.add(index.layer[i]);
  const ids = [...layerRows].map((r) => index.layerIds[r]);
  const files = [...new Set(ids.filter((id) => !own.has(id)).map((id) => atlas.layers.find((l) => l.id === id)?.file ?? id))];
  const title = app.domain.title ?? t.appTitle;
  if (files.length === 0) return { slug: app.domain.slug, name: title };
  const added = `added from ${files.slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`;
  const stem = files[0].replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'added';
  // Mixed, the file name says so too: 13,000 ACLED rows beside 13 of the atlas's events were saved as "kerman-events-shown".
  const more = files.length > 1 ? '-and-more' : '';
  if (ids.some((id) => own.has(id))) return { slug: `${app.domain.slug}-with-${stem}${more}`, name: `${title}, with features ${added}` };
  return { slug: `${stem}${more}`, name: `Features ${added}` };
}

async function writeExport(app: AppState, kind: ExportKind): Promise<void> {
  const { atlas, index, shown } = app;
  const { slug, name } = exportIdentity(app, kind === 'all' ? null : shown.rows);
  if (kind === 'csv') {
    // Served from the lines written ahead where it can be (see csv-ahead.ts).
    const { csvOfShown } = await import('../data/csv-ahead');
    downloadText(`${slug}-events-shown.csv`, await csvOfShown(atlas, index.order, shown.rows), 'text/csv');
  } else if (kind === 'kml') {
    const { kmlPartsInSteps } = await import('../data/kml');
    downloadText(`${slug}-events-shown.kml`, await kmlPartsInSteps(atlas, app.visible, name), 'application/vnd.google-earth.kml+xml');
  } else {
    const { exportPartsInSteps } = await import('../data/export');
    // The shown ones in the atlas's order, as "all" lists them: runs of the workers' pieces (see piece-blobs.ts), which a
    // worker reads through once; in the list's time order they would lie all over the pieces.
    const features = kind === 'all' ? atlas.features : atlas.features.filter((_, i) => shown.mask[i] === 1);
    // With the relation types and calendars of the manifest and of the files added, which the atlas does not hold.
    const definitions = { relationTypes: app.relationTypes, calendars: app.domain.calendars };
    downloadText(`${slug}-events${kind === 'all' ? '' : '-shown'}.geojson`, await exportPartsInSteps(atlas, features, name, definitions), 'application/geo+json');
  }
}
