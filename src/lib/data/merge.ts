import { layerOf, pickColumns, type PreparedColumns } from '../state/prepared';
import type { Atlas, EventFeature, LayerDef, Problem, Source } from './schema';
import { quote, short } from './schema';
import { hexRgb } from './colour';
import { ARTICLE_KEYS, sameArticle } from './same-article';
// An imported file's lines and areas are measured (anchors, extents) once merged: the Turf they need comes with the import's code.
import './shape-kit';

/**
 * Colours for layers that arrive in an imported file: ten, so that the six layers of an
 * ACLED file's event types (or UCDP's three) never share one (see `importColours`).
 */
const IMPORT_COLOURS = ['#8a3ffc', '#007d79', '#b28600', '#9f1853', '#198038', '#1192e8', '#fa4d56', '#002d9c', '#ee538b', '#8a3800'];

/** How far apart two colours look, roughly: the "redmean" weighting of their RGB difference. */
function colourDistance([r1, g1, b1]: readonly number[], [r2, g2, b2]: readonly number[]): number {
  const r = (r1 + r2) / 2;
  return Math.sqrt((2 + r / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - r) / 256) * (b1 - b2) ** 2);
}

/**
 * The colours of `count` new layers: each in turn the palette's colour that looks least like
 * every colour already on the map (`used`, and those just picked), the first of equals, so
 * that an imported layer is not mistaken for one loaded before it (picked in palette order,
 * a file's green came out beside the built-in atlas's green). After ten, the palette comes
 * round again.
 */
export function importColours(used: readonly string[], count: number): string[] {
  const inUse = used.map(hexRgb).filter((c): c is [number, number, number] => c !== null);
  const out: string[] = [];
  let left = [...IMPORT_COLOURS];
  for (let k = 0; k < count; k++) {
    if (left.length === 0) left = [...IMPORT_COLOURS];
    let best = 0;
    let farthest = -1;
    left.forEach((colour, i) => {
      const rgb = hexRgb(colour)!;
      const nearest = inUse.reduce((d, c) => Math.min(d, colourDistance(rgb, c)), Infinity);
      if (nearest > farthest) [best, farthest] = [i, nearest];
    });
    const [picked] = left.splice(best, 1);
    out.push(picked);
    inUse.push(hexRgb(picked)!);
  }
  return out;
}

export interface MergeResult {
  atlas: Atlas;
  added: number;
  /** Ids already on the map; the loaded version is kept. */
  skipped: string[];
  /** Positions in the extra atlas's feature list of the features added, in order. */
  kept: number[];
  /** Features and links left out because they cite a source the file records otherwise than the one of that id already loaded. */
  problems: Problem[];
}

/** How two records of one source id differ, member by member: "its published 2024-02-01 here, 2024-01-20 loaded". */
function differences(theirs: Source, ours: Source): string {
  const said = (v: string | undefined) => (v ? quote(short(v)) : 'none');
  return ARTICLE_KEYS.filter((k) => theirs[k] !== ours[k])
    .map((k) => `its ${k} ${said(theirs[k])} here, ${said(ours[k])} loaded`)
    .join('; ');
}

/**
 * The source ids the extra atlas records otherwise than the loaded one does. Its features
 * citing them would be shown with the loaded record, as if that article said what the file says.
 */
function conflictingSources(base: Atlas, extra: Atlas): Map<string, Source> {
  const out = new Map<string, Source>();
  for (const [id, s] of extra.sources) {
    const loaded = base.sources.get(id);
    if (loaded && !sameArticle(loaded, s)) out.set(id, s);
  }
  return out;
}

/** Every source id a feature cites: its time, its position and its claims. */
function citedBy(f: EventFeature): string[] {
  const p = f.properties;
  return [...(p.time?.sources ?? []), ...p.location.sources, ...p.claims.flatMap((c) => c.sources)];
}

/**
 * Adds an imported atlas to the loaded one without changing anything already loaded:
 * features, relations, incidents, routes, layers and sources whose ids exist keep their
 * loaded version, and relation types their loaded definition.
 * `onMap` answers whether a feature id is loaded: the page passes its index's map, so
 * adding a file to a million events does not first gather a million ids again. `layerOf`
 * gives the layer of the extra atlas's feature at a position: the page reads its prepared
 * column, so that no feature's properties are parsed to merge (see `stored-feature.ts`).
 */
export function mergeAtlas(
  base: Atlas,
  extra: Atlas,
  onMap: { has(id: string): boolean } = new Set(base.features.map((f) => f.id)),
  layerOf: (i: number) => string = (i) => extra.features[i].properties.layer,
): MergeResult {
  const newFeatures: EventFeature[] = [];
  const skipped: string[] = [];
  const kept: number[] = [];
  const problems: Problem[] = [];
  // Rare: only then is a feature's citations read (its properties may not be parsed yet, see stored-feature.ts).
  const conflicting = conflictingSources(base, extra);
  const conflictOf = (ids: readonly string[]) => ids.find((id) => conflicting.has(id));
  const leaveOut = (file: string, item: string, id: string) => {
    const theirs = conflicting.get(id)!;
    const ours = base.sources.get(id)!;
    problems.push({
      file,
      feature: short(item),
      severity: 'error',
      message: `left out: cites source ${quote(id)}, which this file records otherwise than the source of that id already loaded (${differences(theirs, ours)})`,
    });
  };
  extra.features.forEach((f, i) => {
    if (onMap.has(f.id)) {
      skipped.push(f.id);
      return;
    }
    const conflict = conflicting.size > 0 ? conflictOf(citedBy(f)) : undefined;
    if (conflict) {
      leaveOut(extra.layers.find((l) => l.id === layerOf(i))?.file ?? '', f.id, conflict);
      return;
    }
    newFeatures.push(f);
    kept.push(i);
  });
  const layerIds = new Set(base.layers.map((l) => l.id));
  const used = new Set<string>();
  /** Added features that name a layer already loaded, by layer: they are drawn and listed in it, so the report says so. */
  const joining = new Map<string, number>();
  for (const i of kept) {
    const id = layerOf(i);
    used.add(id);
    if (layerIds.has(id)) joining.set(id, (joining.get(id) ?? 0) + 1);
  }
  for (const [id, n] of joining) {
    const loaded = base.layers.find((l) => l.id === id)!;
    problems.push({
      file: extra.layers.find((l) => l.id === id)?.file ?? loaded.file,
      severity: 'warning',
      message: `${n === 1 ? '1 added feature names' : `${n} added features name`} the loaded layer ${quote(short(loaded.title))} (${id}): shown in it, each citing its own sources, though it came from this file`,
    });
  }
  const arriving = extra.layers.filter((l) => !layerIds.has(l.id) && used.has(l.id));
  const colours = importColours(base.layers.map((l) => l.color), arriving.length);
  // A converter’s own word on a layer (its format, an ACLED event type) stays; a layer with none says which file it came from.
  const newLayers: LayerDef[] = arriving.map((l, i) => ({ ...l, color: colours[i], description: l.description || `Imported from ${l.file}.` }));
  const sources = new Map(base.sources);
  for (const [id, s] of extra.sources) if (!sources.has(id)) sources.set(id, s);
  // The added ids are gathered only if a link or incident asks: a file of 100,000 points has neither.
  let newIds: Set<string> | null = null;
  const known = (id: string) => onMap.has(id) || (newIds ??= new Set(newFeatures.map((f) => f.id))).has(id);
  const relationIds = new Set(base.relations.map((r) => r.id));
  const newRelations = extra.relations.filter((r) => !relationIds.has(r.id) && known(r.from) && known(r.to) && !conflictOf(r.sources));
  const originators = new Map(extra.originators);
  for (const [id, o] of base.originators) originators.set(id, o);
  const incidentIds = new Set(base.incidents.map((i) => i.id));
  const newIncidents = extra.incidents.filter((i) => !incidentIds.has(i.id) && i.features.every(known));
  const routeIds = new Set(base.routes.map((r) => r.id));
  const newRoutes = extra.routes.filter((r) => !routeIds.has(r.id) && r.via.every(known) && !conflictOf(r.sources));
  return {
    atlas: {
      ...base,
      layers: [...base.layers, ...newLayers],
      features: base.features.concat(newFeatures),
      relations: [...base.relations, ...newRelations],
      incidents: [...base.incidents, ...newIncidents],
      routes: newRoutes.length > 0 ? [...base.routes, ...newRoutes] : base.routes,
      sources,
      originators,
      ...mergedDefinitions(base, extra),
    },
    added: newFeatures.length,
    skipped,
    kept,
    problems,
  };
}

/**
 * The relation types and calendars a file brings, added to those files brought before: a
 * type already defined keeps its definition, as anything loaded keeps its version. Nothing
 * when neither defines any, so an atlas of files without them stays as it was.
 */
function mergedDefinitions(base: Atlas, extra: Atlas): Pick<Atlas, 'relationTypes' | 'calendars'> {
  const out: Pick<Atlas, 'relationTypes' | 'calendars'> = {};
  if (base.relationTypes || extra.relationTypes) out.relationTypes = { ...extra.relationTypes, ...base.relationTypes };
  if (base.calendars || extra.calendars) out.calendars = [...new Set([...(base.calendars ?? []), ...(extra.calendars ?? [])])];
  return out;
}

/**
 * Merges what a file added (its atlas and prepared columns, as an import hands them over)
 * into the loaded atlas, the columns cut to the features kept. `onMap` as for `mergeAtlas`.
 */
export function mergeFile(base: Atlas, file: { atlas: Atlas; prepared: PreparedColumns }, onMap: { has(id: string): boolean }): MergeResult & { prepared: PreparedColumns } {
  const merged = mergeAtlas(base, file.atlas, onMap, (i) => layerOf(file.prepared, i));
  return { ...merged, prepared: merged.kept.length === file.atlas.features.length ? file.prepared : pickColumns(file.prepared, merged.kept) };
}

/**
 * The problems of an imported file that still concern what the map shows: a warning about
 * a feature the merge left out as already on the map (its loaded version kept) would tell
 * of a copy that was never added ("the event was added without a time"), so it goes with it.
 */
export function problemsOfAdded(problems: readonly Problem[], skipped: readonly string[]): Problem[] {
  if (skipped.length === 0) return [...problems];
  const gone = new Set(skipped);
  return problems.filter((p) => p.featureId === undefined || !gone.has(p.featureId));
}
