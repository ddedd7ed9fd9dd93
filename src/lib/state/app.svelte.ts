import { importExport, parseJsonText } from '../data/import';
import { findFeature, findRelation } from '../data/load';
import { mergeAtlas } from '../data/merge';
import { formatProblem, short } from '../data/validate';
import type { Atlas, EventFeature, Problem, Relation, StoryStep } from '../data/schema';
import { sortKey } from '../data/time';
import { allActors, applyFilters, NO_FILTERS, searchText, timeExtent, type Filters, type TimeWindow } from './filters';
import { readUrl, readUrlChecked, writeUrl, type UrlState } from './url';
import { t } from '../ui/strings';

const EMPTY: Atlas = { layers: [], features: [], relations: [], incidents: [], routes: [], story: [], sources: new Map(), originators: new Map() };

/** What is selected: a feature, a relation between two features, or nothing. */
export type Selection = { kind: 'feature'; id: string } | { kind: 'relation'; id: string } | null;

export type MapView = NonNullable<UrlState['view']>;

/**
 * The app's state, split as domain (the atlas), app (selection, filters, story, camera) and
 * derived views. Every change that a user would want to share is written to the URL.
 */
export class AppState {
  atlas = $state.raw<Atlas>(EMPTY);
  problems = $state.raw<Problem[]>([]);
  loaded = $state(false);

  selection = $state.raw<Selection>(null);
  filters = $state.raw<Filters>(NO_FILTERS);
  storyIndex = $state<number | null>(null);
  /** The camera as last reported by the map; restored from the URL at load. */
  view = $state.raw<MapView | null>(null);
  /** The camera the URL asked for at load, which wins over framing the data. */
  initialView = $state.raw<MapView | null>(null);

  /** A message for the user about their last action or the URL (an unknown id, say). */
  notice = $state<string | null>(null);
  /** A short sentence for screen readers about what just changed. */
  announcement = $state('');

  selectedId: string | null = $derived(this.selection?.kind === 'feature' ? this.selection.id : null);
  selected: EventFeature | undefined = $derived(findFeature(this.atlas, this.selectedId));
  selectedRelation: Relation | undefined = $derived(
    this.selection?.kind === 'relation' ? findRelation(this.atlas, this.selection.id) : undefined,
  );
  storyStep: StoryStep | undefined = $derived(this.storyIndex === null ? undefined : this.atlas.story[this.storyIndex]);

  /** Every feature in time order. */
  ordered: EventFeature[] = $derived(
    [...this.atlas.features].sort((a, b) => sortKey(a.properties.time) - sortKey(b.properties.time)),
  );
  searchTexts: ReadonlyMap<string, string> = $derived(new Map(this.atlas.features.map((f) => [f.id, searchText(f, this.atlas.sources)])));
  /** What the filters let through: the list, map, timeline and counts all show exactly this. */
  visible: EventFeature[] = $derived(applyFilters(this.ordered, this.filters, this.searchTexts));
  visibleIds: ReadonlySet<string> = $derived(new Set(this.visible.map((f) => f.id)));
  actors: string[] = $derived(allActors(this.ordered));
  extent: TimeWindow | null = $derived(timeExtent(this.atlas.features));
  datedCount: number = $derived(this.atlas.features.filter((f) => f.properties.time).length);
  visibleDatedCount: number = $derived(this.visible.filter((f) => f.properties.time).length);

  /** Relations whose two ends are both visible. */
  visibleRelations: Relation[] = $derived(this.atlas.relations.filter((r) => this.visibleIds.has(r.from) && this.visibleIds.has(r.to)));

  /** Takes a freshly loaded atlas and applies the URL to it. */
  setAtlas(atlas: Atlas, problems: Problem[]): void {
    this.atlas = atlas;
    this.problems = problems;
    this.loaded = true;
    const url = readUrl(location.search);
    this.initialView = url.view;
    this.view = url.view;
    this.applyUrl(location.search);
  }

  /** Restores everything a query string names; unknown ids and malformed parts get a message, not an error. */
  applyUrl(search: string): void {
    const { state: url, problems } = readUrlChecked(search);
    const layerIds = new Set(this.atlas.layers.map((l) => l.id));
    const unknownLayers = url.hiddenLayers.filter((id) => !layerIds.has(id));
    if (unknownLayers.length > 0) problems.push(t.urlUnknown('layer', unknownLayers.map(short)));
    const actors = new Set(this.actors);
    const unknownActors = url.hiddenActors.filter((a) => !actors.has(a));
    if (unknownActors.length > 0) problems.push(t.urlUnknownActor(unknownActors.map(short)));
    this.filters = {
      hiddenLayers: new Set(url.hiddenLayers.filter((id) => layerIds.has(id))),
      hiddenActors: new Set(url.hiddenActors.filter((a) => actors.has(a))),
      query: url.query,
      window: url.window,
    };
    const extent = this.extent;
    if (url.window && extent && (url.window.end < extent.start || url.window.start > extent.end)) problems.push(t.urlWindowOutside);
    const stepIndex = url.story ? this.atlas.story.findIndex((s) => s.id === url.story) : -1;
    if (url.story && stepIndex < 0) problems.push(t.urlUnknown('story step', [short(url.story)]));
    this.storyIndex = stepIndex >= 0 ? stepIndex : null;

    const feature = findFeature(this.atlas, url.feature);
    const relation = findRelation(this.atlas, url.relation);
    if (url.feature && !feature) problems.push(t.urlUnknown('feature', [short(url.feature)]));
    if (url.relation && !relation) problems.push(t.urlUnknown('link between events', [short(url.relation)]));
    // Valid ids never hold "%": an unknown one that does was most likely encoded twice.
    if ([url.feature, url.relation, url.story, ...unknownLayers].some((id) => id && /%[0-9a-f]{2}/i.test(id))) problems.push(t.urlEncodedTwice);
    if (feature) this.selection = { kind: 'feature', id: feature.id };
    else if (relation) this.selection = { kind: 'relation', id: relation.id };
    else if (this.storyStep && !url.feature && !url.relation) this.selection = { kind: 'feature', id: this.storyStep.features[0] };
    else this.selection = null;

    this.notice = problems.length > 0 ? `${problems.join(' ')} ${t.urlAdvice}` : null;
  }

  /** The state as the URL records it. */
  private urlState(): UrlState {
    const s = this.selection;
    return {
      feature: s?.kind === 'feature' ? s.id : null,
      relation: s?.kind === 'relation' ? s.id : null,
      story: this.storyStep?.id ?? null,
      window: this.filters.window,
      hiddenLayers: [...this.filters.hiddenLayers],
      hiddenActors: [...this.filters.hiddenActors],
      query: this.filters.query,
      view: this.view,
    };
  }

  /** Writes the URL: a new history entry for discrete choices, a replacement for continuous ones. */
  private writeUrl(mode: 'push' | 'replace'): void {
    const url = `${location.pathname}${writeUrl(location.search, this.urlState())}${location.hash}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    try {
      if (mode === 'push') history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    } catch {
      // Browsers refuse history updates that come too fast; the view still changed, only the link lags.
    }
  }

  /** Selects a feature (or none). */
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
    const f = findFeature(this.atlas, next?.kind === 'feature' ? next.id : null);
    const r = findRelation(this.atlas, next?.kind === 'relation' ? next.id : null);
    this.announcement = f ? `Opened ${f.properties.title}.` : r ? 'Opened a link between two events.' : 'Closed the details panel.';
    this.writeUrl('push');
  }

  private setFilters(next: Filters, mode: 'push' | 'replace'): void {
    this.filters = next;
    if (this.selected && !applyFilters([this.selected], next, this.searchTexts).length) this.selection = null;
    this.announcement = `${this.visible.length} of ${this.atlas.features.length} features shown.`;
    this.writeUrl(mode);
  }

  toggleLayer(layerId: string): void {
    const hiddenLayers = new Set(this.filters.hiddenLayers);
    if (!hiddenLayers.delete(layerId)) hiddenLayers.add(layerId);
    this.setFilters({ ...this.filters, hiddenLayers }, 'push');
  }

  toggleActor(actor: string): void {
    const hiddenActors = new Set(this.filters.hiddenActors);
    if (!hiddenActors.delete(actor)) hiddenActors.add(actor);
    this.setFilters({ ...this.filters, hiddenActors }, 'push');
  }

  setQuery(query: string): void {
    this.setFilters({ ...this.filters, query }, 'replace');
  }

  /** Sets the time window; the full extent (or null) means no time filter. */
  setWindow(window: TimeWindow | null): void {
    const full = !window || (this.extent && window.start <= this.extent.start && window.end >= this.extent.end);
    this.setFilters({ ...this.filters, window: full ? null : window }, 'replace');
  }

  clearFilters(): void {
    this.setFilters(NO_FILTERS, 'push');
  }

  /**
   * Adds the features of a file written by Export GeoJSON. A broken or foreign file gets a
   * message naming what is wrong; nothing already loaded changes.
   */
  importFile(name: string, text: string): void {
    const file = short(name);
    const parsed = parseJsonText(text);
    if ('reason' in parsed) {
      this.notice = t.importNotJson(file, parsed.reason);
      return;
    }
    const { atlas, problems } = importExport(file, parsed.json);
    const errors = problems.filter((p) => p.severity === 'error');
    const { atlas: merged, added, skipped } = mergeAtlas(this.atlas, atlas);
    this.atlas = merged;
    this.problems = [...this.problems, ...errors];
    this.notice = t.importDone(file, added, skipped.length, errors.slice(0, 3).map(formatProblem), errors.length);
    this.announcement = this.notice;
  }

  /** Called by the map when the camera stops. */
  setView(view: MapView): void {
    // Before the data and the URL have been read, writing the URL would erase what it asks for.
    if (!this.loaded) return;
    this.view = view;
    this.writeUrl('replace');
  }

  /** Opens the guided story at a step (clamped), selecting that step's first feature. */
  goToStep(index: number): void {
    if (this.atlas.story.length === 0) return;
    const i = Math.max(0, Math.min(this.atlas.story.length - 1, index));
    const step = this.atlas.story[i];
    this.storyIndex = i;
    this.filters = NO_FILTERS;
    this.selection = { kind: 'feature', id: step.features[0] };
    this.notice = null;
    this.announcement = `Story step ${i + 1} of ${this.atlas.story.length}: ${step.title}.`;
    this.writeUrl('push');
  }

  closeStory(): void {
    this.storyIndex = null;
    this.announcement = 'Left the story.';
    this.writeUrl('push');
  }
}
