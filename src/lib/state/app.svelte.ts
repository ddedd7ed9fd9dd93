import { findFeature } from '../data/load';
import type { Atlas, EventFeature, Problem } from '../data/schema';
import { sortKey } from '../data/time';
import { readUrl, writeUrl } from './url';

const EMPTY: Atlas = { layers: [], features: [], sources: new Map() };

/** What the app shows (domain) and what the user chose (selection, hidden layers). */
export class AppState {
  atlas = $state.raw<Atlas>(EMPTY);
  problems = $state.raw<Problem[]>([]);
  loaded = $state(false);
  selectedId = $state<string | null>(null);
  hiddenLayers = $state.raw<ReadonlySet<string>>(new Set());
  /** A message for the user about their last action or the URL (an unknown id, say). */
  notice = $state<string | null>(null);

  selected: EventFeature | undefined = $derived(findFeature(this.atlas, this.selectedId));

  /** Every feature in time order, for the list. */
  ordered: EventFeature[] = $derived(
    [...this.atlas.features].sort((a, b) => sortKey(a.properties.time) - sortKey(b.properties.time)),
  );

  visible: EventFeature[] = $derived(this.ordered.filter((f) => !this.hiddenLayers.has(f.properties.layer)));

  /** Takes a freshly loaded atlas and applies the URL to it. */
  setAtlas(atlas: Atlas, problems: Problem[]): void {
    this.atlas = atlas;
    this.problems = problems;
    this.loaded = true;
    this.applyUrl(location.search);
  }

  /** Selects the feature named in a query string, or explains why it cannot. */
  applyUrl(search: string): void {
    const { feature } = readUrl(search);
    if (feature && !findFeature(this.atlas, feature)) {
      this.selectedId = null;
      this.notice = `No feature has the id “${feature}”. The link may be old or mistyped; every feature is still on the map and in the list.`;
      return;
    }
    this.selectedId = feature;
  }

  /** Selects a feature (or none) and records it in the URL and browser history. */
  select(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.notice = null;
    const query = writeUrl(location.search, { feature: id });
    history.pushState(null, '', `${location.pathname}${query}${location.hash}`);
  }

  toggleLayer(layerId: string): void {
    const next = new Set(this.hiddenLayers);
    if (next.has(layerId)) next.delete(layerId);
    else next.add(layerId);
    this.hiddenLayers = next;
    if (this.selected && next.has(this.selected.properties.layer)) this.select(null);
  }
}
