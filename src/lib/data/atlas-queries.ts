import type { Atlas, EventFeature, Incident, Relation, Route } from './schema';

/** Lookups in a loaded atlas, kept apart from loading so the page can use them without the validators. */

/** Appends in a loop: `push(...list)` overflows the call stack on a file with 100,000 items. */
export function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** Finds a feature by id, or undefined. */
export function findFeature(atlas: Atlas, id: string | null | undefined): EventFeature | undefined {
  return id ? atlas.features.find((f) => f.id === id) : undefined;
}

/** The incidents a feature belongs to (the attack both Kerman explosions are part of). */
export function incidentsOf(atlas: Atlas, featureId: string): Incident[] {
  return atlas.incidents.filter((i) => i.features.includes(featureId));
}

/** The routes that pass through a feature. */
export function routesThrough(atlas: Atlas, featureId: string): Route[] {
  return atlas.routes.filter((r) => r.via.includes(featureId));
}

/** Finds a relation by id, or undefined. */
export function findRelation(atlas: Atlas, id: string | null | undefined): Relation | undefined {
  return id ? atlas.relations.find((r) => r.id === id) : undefined;
}

/** Every source id the atlas cites, from times, positions, claims and relations. */
export function citedSourceIds(atlas: Atlas): Set<string> {
  const ids = new Set<string>();
  for (const f of atlas.features) {
    const p = f.properties;
    for (const id of [...(p.time?.sources ?? []), ...p.location.sources, ...p.claims.flatMap((c) => c.sources)]) ids.add(id);
  }
  for (const r of atlas.relations) for (const id of r.sources) ids.add(id);
  for (const inc of atlas.incidents) for (const c of inc.claims) for (const id of c.sources) ids.add(id);
  for (const route of atlas.routes) for (const id of route.sources) ids.add(id);
  for (const step of atlas.story) for (const id of step.sources) ids.add(id);
  return ids;
}
