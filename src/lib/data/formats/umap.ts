/**
 * uMap's own export (a `.umap` file): `{"type": "umap", "properties": {...}, "layers": [...]}`,
 * each layer a GeoJSON FeatureCollection with its settings in `_umap_options` (`_storage` in
 * older files). All its layers become one layer here; each feature's record says which uMap layer it was on.
 */
import { FileContext, looksProjected, PROJECTED, text } from './common';
import { addFeature } from './feature';
import { draftFromProperties } from './geojson';
import type { ConvertResult, InputFile } from './types';
import { isObject, type Json } from './json';

/** True for a parsed uMap export. */
export const isUmap = (json: unknown): json is Json => isObject(json) && json.type === 'umap';

export function convertUmap(input: InputFile, json: Json): ConvertResult {
  if (!Array.isArray(json.layers)) return { file: input.name, refused: 'it is a uMap file without a list of "layers"' };
  const mapName = isObject(json.properties) ? text(json.properties.name, 200) : undefined;
  const ctx = new FileContext(input, 'uMap', mapName ? `uMap: ${mapName}` : input.name);
  let n = 0;
  json.layers.forEach((layer, li) => {
    if (!isObject(layer) || !Array.isArray(layer.features)) return ctx.problem(`layer ${li + 1}`, 'left out: it is not a FeatureCollection');
    const options = isObject(layer._umap_options) ? layer._umap_options : isObject(layer._storage) ? layer._storage : {};
    const layerName = text(options.name, 200) ?? `layer ${li + 1}`;
    layer.features.forEach((f) => {
      const i = n++;
      if (!isObject(f) || f.type !== 'Feature') return ctx.problem(`feature ${i + 1}`, 'left out: it is not a GeoJSON Feature');
      const d = draftFromProperties(ctx, f, i);
      d.record = `On the uMap layer "${layerName}".${d.record ? ` ${d.record}` : ''}`;
      addFeature(ctx, d);
    });
  });
  if (looksProjected(ctx)) return { file: input.name, refused: PROJECTED };
  return ctx.result();
}
