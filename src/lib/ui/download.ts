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

async function writeExport(app: AppState, kind: ExportKind): Promise<void> {
  const { atlas, index, shown } = app;
  const slug = app.domain.slug;
  const name = app.domain.title ?? t.appTitle;
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
    downloadText(`${slug}-events${kind === 'all' ? '' : '-shown'}.geojson`, await exportPartsInSteps(atlas, features, name), 'application/geo+json');
  }
}
