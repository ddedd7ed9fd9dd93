import { findFeature, findRelation } from '../data/load';
import type { Atlas, EventFeature, Problem, Relation } from '../data/schema';
import { sortKey } from '../data/time';
import { readUrl, writeUrl, type UrlState } from './url';

const EMPTY: Atlas = { layers: [], features: [], relations: [], sources: new Map() };

/** What is selected: a feature, a relation between two features, or nothing. */
export type Selection = { kind: 'feature'; id: string } | { kind: 'relation'; id: string } | null;

/** What the app shows (domain) and what the user chose (selection, hidden layers). */
export class AppState {
  atlas = $state.raw<Atlas>(EMPTY);
  problems = $state.raw<Problem[]>([]);
  loaded = $state(false);
  selection = $state.raw<Selection>(null);
  hiddenLayers = $state.raw<ReadonlySet<string>>(new Set());
  /** A message for the user about their last action or the URL (an unknown id, say). */
  notice = $state<string | null>(null);

  selectedId: string | null = $derived(this.selection?.kind === 'feature' ? this.selection.id : null);
  selected: EventFeature | undefined = $derived(findFeature(this.atlas, this.selectedId));
  selectedRelation: Relation | undefined = $derived(
    this.selection?.kind === 'relation' ? findRelation(this.atlas, this.selection.id) : undefined,
  );

  /** Every feature in time order, for the list. */
  ordered: EventFeature[] = $derived(
    [...this.atlas.features].sort((a, b) => sortKey(a.properties.time) - sortKey(b.properties.time)),
  );

  visible: EventFeature[] = $derived(this.ordered.filter((f) => !this.hiddenLayers.has(f.properties.layer)));

  /** Relations whose two ends are both visible. */
  visibleRelations: Relation[] = $derived.by(() => {
    const ids = new Set(this.visible.map((f) => f.id));
    return this.atlas.relations.filter((r) => ids.has(r.from) && ids.has(r.to));
  });

  /** Takes a freshly loaded atlas and applies the URL to it. */
  setAtlas(atlas: Atlas, problems: Problem[]): void {
    this.atlas = atlas;
    this.problems = problems;
    this.loaded = true;
    this.applyUrl(location.search);
  }

  /** Selects what a query string names, or explains why it cannot. */
  applyUrl(search: string): void {
    const url = readUrl(search);
    if (url.feature && !findFeature(this.atlas, url.feature)) {
      return this.refuse(`No feature has the id “${url.feature}”.`);
    }
    if (url.relation && !findRelation(this.atlas, url.relation)) {
      return this.refuse(`No link between events has the id “${url.relation}”.`);
    }
    if (url.feature) this.selection = { kind: 'feature', id: url.feature };
    else if (url.relation) this.selection = { kind: 'relation', id: url.relation };
    else this.selection = null;
  }

  private refuse(what: string): void {
    this.selection = null;
    this.notice = `${what} The link may be old or mistyped; everything else is still on the map and in the list.`;
  }

  /** Selects a feature (or none) and records it in the URL and browser history. */
  select(id: string | null): void {
    this.setSelection(id ? { kind: 'feature', id } : null);
  }

  selectRelation(id: string): void {
    this.setSelection({ kind: 'relation', id });
  }

  private setSelection(next: Selection): void {
    if (next?.kind === this.selection?.kind && next?.id === this.selection?.id) return;
    this.selection = next;
    this.notice = null;
    const state: UrlState = {
      feature: next?.kind === 'feature' ? next.id : null,
      relation: next?.kind === 'relation' ? next.id : null,
    };
    history.pushState(null, '', `${location.pathname}${writeUrl(location.search, state)}${location.hash}`);
  }

  toggleLayer(layerId: string): void {
    const next = new Set(this.hiddenLayers);
    if (next.has(layerId)) next.delete(layerId);
    else next.add(layerId);
    this.hiddenLayers = next;
    if (this.selected && next.has(this.selected.properties.layer)) this.select(null);
  }
}
