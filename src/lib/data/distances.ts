import type { Atlas, Claim, EventFeature, Problem } from './schema';
import { distanceSpan, timeGap, type Span } from './uncertainty';

/** A reported distance set beside the one computed from the map positions. */
export interface DistanceCheck {
  claim: Claim;
  reference: EventFeature;
  computedM: number;
  /** The distance the two precision circles allow. */
  span: Span;
  /** How far apart the two positions may be wrong together: the sum of their precision radii. */
  toleranceM: number;
  /** True when the reported figure (or range) lies within the tolerance of the computed one. */
  consistent: boolean;
}

/** Features by id: a list is searched (one panel's few lookups), a map is asked (a whole atlas's checks). */
export type Features = readonly EventFeature[] | ReadonlyMap<string, EventFeature>;

const lookup = (features: Features, id: string): EventFeature | undefined =>
  Array.isArray(features) ? features.find((f) => f.id === id) : (features as ReadonlyMap<string, EventFeature>).get(id);

/** Compares every distance claim that names its reference feature with the map positions. */
export function distanceChecks(feature: EventFeature, features: Features): DistanceCheck[] {
  return feature.properties.claims.flatMap((claim) => {
    const reference = claim.from && claim.unit === 'm' ? lookup(features, claim.from) : undefined;
    if (!reference || claim.value === undefined) return [];
    const span = distanceSpan(feature, reference);
    const computedM = span.central;
    const toleranceM = feature.properties.location.radiusM + reference.properties.location.radiusM;
    const low = claim.value;
    const high = claim.valueMax ?? claim.value;
    const gap = computedM < low ? low - computedM : computedM > high ? computedM - high : 0;
    return [{ claim, reference, computedM, span, toleranceM, consistent: gap <= toleranceM }];
  });
}

/**
 * Fails a feature whose position contradicts every reported distance to a reference point,
 * and a distance claim whose reference feature does not exist: not among `known` when given
 * (every feature of the atlas, when `features` are only those the check reads), else not
 * among `features`.
 */
export function checkDistances(features: readonly EventFeature[], fileOf: (layerId: string) => string, known?: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  // One map for every claim: searching the list per claim made an atlas of many distance claims quadratic.
  const byId = new Map<string, EventFeature>();
  for (const f of features) if (!byId.has(f.id)) byId.set(f.id, f);
  for (const f of features) {
    const file = fileOf(f.properties.layer);
    for (const c of f.properties.claims) {
      if (c.from && !(known ? known.has(c.from) : byId.has(c.from))) {
        problems.push({ file, feature: f.id, field: `claims.${c.id}.from`, severity: 'error', message: `names unknown feature "${c.from}"` });
      }
    }
    const byReference = new Map<string, DistanceCheck[]>();
    for (const d of distanceChecks(f, byId)) byReference.set(d.reference.id, [...(byReference.get(d.reference.id) ?? []), d]);
    for (const [ref, checks] of byReference) {
      if (checks.some((d) => d.consistent)) continue;
      const figures = checks.map((d) => `${d.claim.value} m`).join(', ');
      problems.push({
        file,
        feature: f.id,
        field: 'geometry.coordinates',
        severity: 'error',
        message: `is ${Math.round(checks[0].computedM)} m from ${ref}, which contradicts every reported distance (${figures}) beyond the precision radii (${checks[0].toleranceM} m)`,
      });
    }
  }
  return problems;
}

/** A reported time gap (unit "minutes") set beside the one the two events' times allow. */
export interface GapCheck {
  claim: Claim;
  reference: EventFeature;
  span: Span;
  /** True when the reported figure lies within the range the two times allow. */
  consistent: boolean;
}

/** Compares every time-gap claim that names the other event with the times on the map. */
export function gapChecks(feature: EventFeature, features: readonly EventFeature[]): GapCheck[] {
  return feature.properties.claims.flatMap((claim) => {
    const reference = claim.from && claim.unit === 'minutes' ? features.find((f) => f.id === claim.from) : undefined;
    const a = reference?.properties.time;
    const b = feature.properties.time;
    const span = a && b ? timeGap(a, b) : undefined;
    if (!reference || !span || claim.value === undefined) return [];
    const low = claim.value * 60_000;
    const high = (claim.valueMax ?? claim.value) * 60_000;
    return [{ claim, reference, span, consistent: high >= span.min && low <= span.max }];
  });
}

/** Another feature the panel measures against, and the distance and time gap to it. */
export interface Separation {
  other: EventFeature;
  /** Why this pair: part of one incident, linked by a relation, or named by a distance claim. */
  why: 'incident' | 'relation' | 'distance-claim';
  distance: Span;
  gap?: Span;
}

/**
 * The features a reader will compare this one with (the other blast of the same attack,
 * linked events, the reference points of reported distances, in either direction), each with
 * the distance and time gap their precisions allow.
 */
export function separations(feature: EventFeature, atlas: Atlas): Separation[] {
  const why = new Map<string, Separation['why']>();
  for (const inc of atlas.incidents) if (inc.features.includes(feature.id)) for (const id of inc.features) if (!why.has(id)) why.set(id, 'incident');
  for (const r of atlas.relations) {
    if (r.from === feature.id && !why.has(r.to)) why.set(r.to, 'relation');
    if (r.to === feature.id && !why.has(r.from)) why.set(r.from, 'relation');
  }
  for (const c of feature.properties.claims) if (c.from && !why.has(c.from)) why.set(c.from, 'distance-claim');
  for (const f of atlas.features) if (!why.has(f.id) && f.properties.claims.some((c) => c.from === feature.id)) why.set(f.id, 'distance-claim');
  why.delete(feature.id);
  return [...why].flatMap(([id, reason]) => {
    const other = atlas.features.find((f) => f.id === id);
    if (!other) return [];
    const a = feature.properties.time;
    const b = other.properties.time;
    return [{ other, why: reason, distance: distanceSpan(feature, other), gap: a && b ? timeGap(a, b) : undefined }];
  });
}
