import { distance } from '@turf/turf';
import type { Claim, EventFeature, Problem } from './schema';

/** A reported distance set beside the one computed from the map positions. */
export interface DistanceCheck {
  claim: Claim;
  reference: EventFeature;
  computedM: number;
  /** How far apart the two positions may be wrong together: the sum of their precision radii. */
  toleranceM: number;
  /** True when the reported figure (or range) lies within the tolerance of the computed one. */
  consistent: boolean;
}

/** Compares every distance claim that names its reference feature with the map positions. */
export function distanceChecks(feature: EventFeature, features: readonly EventFeature[]): DistanceCheck[] {
  return feature.properties.claims.flatMap((claim) => {
    const reference = claim.from ? features.find((f) => f.id === claim.from) : undefined;
    if (!reference || claim.value === undefined) return [];
    const computedM = distance(feature.geometry.coordinates, reference.geometry.coordinates, { units: 'meters' });
    const toleranceM = feature.properties.location.radiusM + reference.properties.location.radiusM;
    const low = claim.value;
    const high = claim.valueMax ?? claim.value;
    const gap = computedM < low ? low - computedM : computedM > high ? computedM - high : 0;
    return [{ claim, reference, computedM, toleranceM, consistent: gap <= toleranceM }];
  });
}

/**
 * Fails a feature whose position contradicts every reported distance to a reference point,
 * and a distance claim whose reference feature does not exist.
 */
export function checkDistances(features: readonly EventFeature[], fileOf: (layerId: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const f of features) {
    const file = fileOf(f.properties.layer);
    for (const c of f.properties.claims) {
      if (c.from && !features.some((r) => r.id === c.from)) {
        problems.push({ file, feature: f.id, field: `claims.${c.id}.from`, severity: 'error', message: `names unknown feature "${c.from}"` });
      }
    }
    const byReference = new Map<string, DistanceCheck[]>();
    for (const d of distanceChecks(f, features)) byReference.set(d.reference.id, [...(byReference.get(d.reference.id) ?? []), d]);
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
