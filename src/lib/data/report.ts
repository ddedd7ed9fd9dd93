import { originatorsOf } from './claims';
import type { Atlas, Claim, EventFeature } from './schema';

/** Radius above which a position is too vague for a reader to place the event at city scale. */
export const WIDE_RADIUS_M = 5000;

/** What an editor checks per layer before publishing: thin sourcing, missing archives, vague positions. */
export interface LayerReport {
  layer: string;
  /** Claims (and relations) whose sources all come from one originator. */
  singleOriginator: { feature: string; claim: string; originator: string }[];
  /** Sources cited in this layer with no archived copy. */
  unarchived: string[];
  /** Cited sources marked as republished agency copy without naming the agency. */
  syndicatedWithoutOriginator: string[];
  /** Features whose precision radius exceeds {@link WIDE_RADIUS_M}. */
  wide: { feature: string; radiusM: number }[];
}

type Sourced = { id: string; sources: string[] };

function sourcesOf(f: EventFeature): string[] {
  const p = f.properties;
  return [...(p.time?.sources ?? []), ...p.location.sources, ...p.claims.flatMap((c) => c.sources)];
}

/** Builds the per-layer report; relations and incident claims count for the layer of their first feature. */
export function editorialReport(atlas: Atlas): LayerReport[] {
  return atlas.layers.map((layer) => {
    const features = atlas.features.filter((f) => f.properties.layer === layer.id);
    const ids = new Set(features.map((f) => f.id));
    const owned: { feature: string; item: Sourced }[] = features.flatMap((f) => f.properties.claims.map((c: Claim) => ({ feature: f.id, item: c })));
    for (const inc of atlas.incidents) if (ids.has(inc.features[0])) for (const c of inc.claims) owned.push({ feature: inc.id, item: c });
    for (const r of atlas.relations) if (ids.has(r.from)) owned.push({ feature: r.from, item: r });
    const singleOriginator = owned.flatMap(({ feature, item }) => {
      const keys = originatorsOf(item, atlas.sources);
      return keys.size === 1 ? [{ feature, claim: item.id, originator: [...keys][0].replace(/^\w+:/, '') }] : [];
    });
    const cited = new Set([...features.flatMap(sourcesOf), ...owned.flatMap(({ item }) => item.sources)]);
    const citedSources = [...cited].flatMap((id) => atlas.sources.get(id) ?? []);
    return {
      layer: layer.id,
      singleOriginator,
      unarchived: citedSources.filter((s) => !s.archiveUrl).map((s) => s.id).sort(),
      syndicatedWithoutOriginator: citedSources.filter((s) => s.syndicated && !s.originator).map((s) => s.id).sort(),
      wide: features.filter((f) => f.properties.location.radiusM > WIDE_RADIUS_M).map((f) => ({ feature: f.id, radiusM: f.properties.location.radiusM })),
    };
  });
}

/** The report as text, one heading per layer, for `npm run validate`. */
export function formatReport(reports: readonly LayerReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`\n== ${r.layer}`);
    lines.push(`  claims resting on a single originator: ${r.singleOriginator.length}`);
    for (const s of r.singleOriginator) lines.push(`    ${s.feature} › ${s.claim} (${s.originator})`);
    lines.push(`  cited sources without an archive URL: ${r.unarchived.length}`);
    for (const id of r.unarchived) lines.push(`    ${id}`);
    lines.push(`  syndicated copies without an originator: ${r.syndicatedWithoutOriginator.length}`);
    for (const id of r.syndicatedWithoutOriginator) lines.push(`    ${id}`);
    lines.push(`  features with a radius over ${WIDE_RADIUS_M / 1000} km: ${r.wide.length}`);
    for (const w of r.wide) lines.push(`    ${w.feature} (${(w.radiusM / 1000).toLocaleString('en-GB')} km)`);
  }
  return lines.join('\n');
}
