import type { RunningImport } from '../data/import-client';
import { MAX_IMPORT_BYTES } from '../data/import-limit';
import type { ColumnMapping } from '../data/formats/types';
import { findRelation } from '../data/atlas-queries';
import { atlasChoice, choiceKey } from '../data/remote-atlas';
import { short } from '../data/schema-constants';
import { HYDRATE_LIMIT } from '../data/stored-feature';
import type { EventFeature, Relation, StoryStep } from '../data/schema';
import { Indexer, matchRows, sameRowsOr, SearchCache, shownRows, totals, type FeatureIndex, type Shown } from './feature-index';
import { NO_FILTERS, type Filters, type TimeWindow } from './filters';
import { readUrl, readUrlChecked, writeUrl, type UrlState } from './url';
import { AtlasDomain } from './domain.svelte';
import { ViewState, type MapView, type Selection } from './view.svelte';
import { t } from '../ui/strings';

export type { MapView, Selection } from './view.svelte';

/** The domain's key when the link's atlas was refused at load and none is open: no link names it. */
const REFUSED = 'refused:';

/** Continuous changes write the link at most this often, in milliseconds (see `AppState.writeUrl`). */
const URL_EVERY_MS = 100;
/** The continuous changes the link follows by replacing its history entry (see `AppState.replacing`). */
type Continuous = 'query' | 'window';

/** One file's line in the import summary. */
export interface ImportReport {
  file: string;
  format?: string;
  added?: number;
  skipped?: number;
  /** Why the file was not used at all. */
  refused?: string;
  /** Every problem, one line each, naming the line or feature (the first 1,000). */
  problems: string[];
  problemCount?: number;
  /** How many of them are warnings (the item kept), the others errors (the item left out). */
  warningCount?: number;
  /** Of the features already on the map, the ids of those the file gives otherwise (found after the merge). */
  revised?: string[];
}

/** A CSV waiting for the user to say which columns hold what. */
export interface PendingMapping {
  file: File;
  columns: string[];
  /** The first values of each column, shown beside its name. */
  samples: Record<string, string[]>;
}

/**
 * The app: the domain (the loaded atlas, `domain`), the view state (selection, filters,
 * story, camera, messages, `ui`), and the views derived from both. Every change that a user
 * would want to share is written to the URL.
 */
export class AppState {
  readonly domain = new AtlasDomain();
  readonly ui = new ViewState();

  get atlas() {
    return this.domain.atlas;
  }
  get manifest() {
    return this.domain.manifest;
  }
  get problems() {
    return this.domain.problems;
  }
  get relationTypes() {
    return this.domain.relationTypes;
  }
  /** True once the atlas has loaded or failed to; before that the URL must not be rewritten. */
  get loaded() {
    return this.domain.status !== 'loading';
  }
  get selection() {
    return this.ui.selection;
  }
  get filters() {
    return this.ui.filters;
  }
  get storyIndex() {
    return this.ui.storyIndex;
  }
  get view() {
    return this.ui.view;
  }
  get initialView() {
    return this.ui.initialView;
  }

  /**
   * What the link opened at load (as `chosenKey` writes it) when it also names a camera,
   * which then wins: the map does not move to what the link opened. Null when the link
   * names no camera; undefined until the link has been applied to its atlas.
   */
  linkChoice = $state.raw<string | null | undefined>(undefined);

  /** What is chosen now (a story step, a feature or a link between events), as one string. */
  get chosenKey(): string {
    return `${this.storyIndex ?? ''} ${this.selection?.kind ?? ''} ${this.selection?.id ?? ''}`;
  }
  get notice() {
    return this.ui.notice;
  }
  set notice(text: string | null) {
    this.ui.notice = text;
  }
  get announcement() {
    return this.ui.announcement;
  }
  get importing() {
    return this.ui.importing;
  }

  selectedId: string | null = $derived(this.selection?.kind === 'feature' ? this.selection.id : null);
  selected: EventFeature | undefined = $derived(this.feature(this.selectedId));
  selectedRelation: Relation | undefined = $derived(
    this.selection?.kind === 'relation' ? findRelation(this.atlas, this.selection.id) : undefined,
  );
  storyStep: StoryStep | undefined = $derived(this.storyIndex === null ? undefined : this.atlas.story[this.storyIndex]);

  private indexer = new Indexer();
  /** The features as typed columns, built once per atlas and extended when a file adds features. */
  index: FeatureIndex = $derived(this.indexer.index(this.atlas.features, this.domain.prepared, this.atlas.layers.map((l) => l.id)));
  private searchCache = $derived(new SearchCache(this.index));
  // Primitive and same-reference views of the filters, so a timeline step does not re-run the search.
  private query = $derived(this.filters.query);
  private hiddenActors = $derived(this.filters.hiddenActors);
  // The same for what `shown` reads besides the match: a keystroke that lets through the same rows changes none of them.
  private timeWindow = $derived(this.filters.window);
  private hiddenLayers = $derived(this.filters.hiddenLayers);
  private searchRows: Uint8Array | null = $derived(this.query.trim() ? this.searchCache.match(this.query) : null);
  /**
   * The rows `match` gave last. A keystroke that lets through the same rows ("pla" to
   * "plac" in an atlas of places) gives the same array again, so nothing that reads it (the
   * map's points, the counts, the list, the histogram) is done again.
   */
  private lastMatch: Uint8Array | null = null;
  /** Rows the actor and search filters let through (the map's GPU layer reads this too). */
  match: Uint8Array = $derived((this.lastMatch = sameRowsOr(this.lastMatch, matchRows(this.index, this.hiddenActors, this.searchRows))));
  /** What the filters let through: the list, map, timeline and counts all show exactly this. */
  shown: Shown = $derived(shownRows(this.index, this.match, { window: this.timeWindow, hiddenLayers: this.hiddenLayers }));
  /** Features per layer and per actor, whatever the filters. */
  totals = $derived(totals(this.index));
  /** How many features are shown. */
  shownCount: number = $derived(this.shown.rows.length);
  /** The shown features, in time order: built only when read (an export), not on every step. */
  visible: EventFeature[] = $derived(this.shownSlice(0, this.shownCount));

  /** Shown features `from` to `to` (exclusive) in time order: the rows a virtual list draws. */
  shownSlice(from: number, to: number): EventFeature[] {
    return Array.from(this.shown.rows.subarray(from, to), (i) => this.atlas.features[i]);
  }
  actors: string[] = $derived(this.index.actors);
  extent: TimeWindow | null = $derived(this.index.extent);
  datedCount: number = $derived(this.index.datedCount);
  visibleDatedCount: number = $derived(this.shown.datedCount);

  /** Relations whose two ends are both visible. */
  visibleRelations: Relation[] = $derived(this.atlas.relations.filter((r) => this.isShown(r.from) && this.isShown(r.to)));

  /** True when the filters show the feature with this id. */
  isShown(id: string): boolean {
    const i = this.index.row.get(id);
    return i !== undefined && this.shown.mask[i] === 1;
  }

  /** The feature with this id, found through the index. */
  feature(id: string | null | undefined): EventFeature | undefined {
    const i = id ? this.index.row.get(id) : undefined;
    return i === undefined ? undefined : this.atlas.features[i];
  }

  /** Opens the atlas the URL names (the built-in one by default), then applies the rest of the URL to it. */
  async start(): Promise<void> {
    const url = readUrl(location.search);
    this.ui.initialView = url.view;
    this.ui.view = url.view;
    const choice = atlasChoice(location.search, location.href, __ATLAS_ORIGINS__);
    if (choice.kind === 'refused') {
      // Keyed as no atlas at all, so a later link to the built-in one opens it.
      this.domain.fail(REFUSED, []);
      this.ui.atlasNotice = t.atlasRefused(choice.value, choice.reason);
    } else {
      const outcome = await this.domain.open(choice);
      if (outcome.ok === false) this.ui.atlasNotice = t.atlasFailed(choice.kind === 'url' ? short(choice.url.href) : t.builtInAtlas, outcome.reason);
    }
    this.applyUrl(location.search);
    this.linkChoice = this.ui.initialView ? this.chosenKey : null;
    this.urlApplied = true;
  }

  /**
   * False until the first link has been applied to the loaded atlas. The map exists before
   * the atlas arrives, and framing the data moves its camera: a URL written from that move
   * would erase the selection the link asks for before it is read.
   */
  private urlApplied = false;

  /**
   * Follows a link that names another atlas than the one shown: opens it and applies the
   * link again; one that is refused or cannot be opened leaves the atlas shown as it is.
   * Returns false when the link's atlas is not (yet) the one shown.
   */
  private followAtlas(search: string): boolean {
    const choice = atlasChoice(search, location.href, __ATLAS_ORIGINS__);
    if (choice.kind === 'refused') {
      this.ui.atlasNotice = t.atlasRefused(choice.value, choice.reason, this.domain.title);
      return true;
    }
    if (choiceKey(choice) === this.domain.key) {
      // The atlas that failed at load stays named; any other link clears the message.
      if (this.domain.status !== 'failed') this.ui.atlasNotice = null;
      return true;
    }
    const name = choice.kind === 'url' ? short(choice.url.href) : t.builtInAtlas;
    this.ui.atlasNotice = t.atlasOpening(name);
    const key = choiceKey(choice);
    void this.domain.open(choice).then((outcome) => {
      // The reader may have followed another link meanwhile: only that link's atlas is spoken of.
      if (outcome.ok === 'stale' || choiceKey(atlasChoice(location.search, location.href, __ATLAS_ORIGINS__)) !== key) return;
      if (outcome.ok) {
        this.ui.atlasNotice = null;
        this.applyUrl(location.search);
      } else this.ui.atlasNotice = t.atlasFailed(name, outcome.reason, this.domain.title);
    });
    return false;
  }

  /** Restores everything a query string names; unknown ids and malformed parts get a message, not an error. */
  applyUrl(search: string): void {
    // A replacement still waiting would write the state left behind over the link followed.
    clearTimeout(this.urlPending);
    this.replacing = null;
    // Ids in a link to another atlas mean nothing here: they are applied once that atlas is open.
    if (!this.followAtlas(search)) return;
    const { state: url, problems } = readUrlChecked(search);
    const layerIds = new Set(this.atlas.layers.map((l) => l.id));
    const unknownLayers = url.hiddenLayers.filter((id) => !layerIds.has(id));
    if (unknownLayers.length > 0) problems.push(t.urlUnknown('layer', unknownLayers.map(short)));
    const actors = new Set(this.actors);
    const unknownActors = url.hiddenActors.filter((a) => !actors.has(a));
    if (unknownActors.length > 0) problems.push(t.urlUnknownActor(unknownActors.map(short)));
    this.ui.filters = {
      hiddenLayers: new Set(url.hiddenLayers.filter((id) => layerIds.has(id))),
      hiddenActors: new Set(url.hiddenActors.filter((a) => actors.has(a))),
      query: url.query,
      window: url.window,
    };
    const extent = this.extent;
    if (url.window && extent && (url.window.end <= extent.start || url.window.start >= extent.end)) problems.push(t.urlWindowOutside);
    const stepIndex = url.story ? this.atlas.story.findIndex((s) => s.id === url.story) : -1;
    if (url.story && stepIndex < 0) problems.push(t.urlUnknown('story step', [short(url.story)]));
    this.ui.storyIndex = stepIndex >= 0 ? stepIndex : null;

    const feature = this.feature(url.feature);
    const relation = findRelation(this.atlas, url.relation);
    if (url.feature && !feature) problems.push(t.urlUnknown('feature', [short(url.feature)]));
    if (url.relation && !relation) problems.push(t.urlUnknown('link between events', [short(url.relation)]));
    // Valid ids never hold "%": an unknown one that does was most likely encoded twice.
    if ([url.feature, url.relation, url.story, ...unknownLayers].some((id) => id && /%[0-9a-f]{2}/i.test(id))) problems.push(t.urlEncodedTwice);
    // A link may name a step with filters that hide its events (a step started here clears them): kept as linked, and said,
    // after any advice on what is wrong with the link, which this is not.
    const storyFiltered = this.storyStep?.features.some((id) => this.feature(id) && !this.isShown(id));
    if (feature) this.ui.selection = { kind: 'feature', id: feature.id };
    else if (relation) this.ui.selection = { kind: 'relation', id: relation.id };
    else if (this.storyStep && !url.feature && !url.relation) this.ui.selection = { kind: 'feature', id: this.storyStep.features[0] };
    else this.ui.selection = null;

    // With no atlas open (it could not be), the link's ids name nothing: the atlas's own message says why, and the link to the built-in one keeps the rest.
    if (problems.length > 0) problems.push(t.urlAdvice);
    if (storyFiltered) problems.push(t.urlStoryFiltered);
    else if (feature && !this.isShown(feature.id)) problems.push(t.urlFeatureFiltered);
    this.ui.notice = problems.length > 0 && this.domain.status !== 'failed' ? problems.join(' ') : null;
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

  /** A replacement of the link waiting for its turn (see `writeUrl`), and when the link was last written. */
  private urlPending: ReturnType<typeof setTimeout> | undefined;
  private urlWrittenAt = -Infinity;

  /**
   * Writes the URL: a new history entry for discrete choices, at once; a replacement for
   * continuous ones (a drag, a scrub, playback, typing), at most once every `URL_EVERY_MS`,
   * the last one always written, with the state as it is then. Each write is a navigation
   * within the page, for which Chromium also fetches and decodes the page's icon again:
   * writing the link at every frame of a scrub cost about a fifth of each frame.
   */
  private writeUrl(change: 'push' | 'replace' | Continuous): void {
    const mode = this.modeOf(change);
    // A new history entry says everything a replacement still waiting would.
    clearTimeout(this.urlPending);
    const wait = mode === 'push' ? 0 : this.urlWrittenAt + URL_EVERY_MS - performance.now();
    if (wait <= 0) this.writeUrlNow(mode);
    else this.urlPending = setTimeout(() => this.writeUrlNow(mode), wait);
  }

  /**
   * The continuous change (typing a search, moving the time window) whose replacements the
   * current history entry takes, or null. Another one starts with a new entry, so that Back
   * returns to the state before it: typing right after hiding an actor kept the search but
   * lost the entry where only the actor was hidden.
   */
  private replacing: Continuous | null = null;

  private modeOf(change: 'push' | 'replace' | Continuous): 'push' | 'replace' {
    if (change === 'push' || change === 'replace') {
      if (change === 'push') this.replacing = null;
      return change;
    }
    const mode = this.replacing === change ? 'replace' : 'push';
    this.replacing = change;
    return mode;
  }

  private writeUrlNow(mode: 'push' | 'replace'): void {
    this.urlWrittenAt = performance.now();
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
    this.ui.selection = next;
    this.ui.notice = null;
    const f = this.feature(next?.kind === 'feature' ? next.id : null);
    const r = findRelation(this.atlas, next?.kind === 'relation' ? next.id : null);
    this.ui.announcement = f ? `Opened ${f.properties.title}.` : r ? 'Opened a link between two events.' : 'Closed the details panel.';
    this.writeUrl('push');
  }

  private setFilters(next: Filters, mode: 'push' | Continuous): void {
    this.ui.filters = next;
    if (this.selected && !this.isShown(this.selected.id)) this.ui.selection = null;
    this.ui.announcement = `${this.shownCount} of ${this.atlas.features.length} features shown.`;
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
    this.setFilters({ ...this.filters, query }, 'query');
  }

  /** Sets the time window; the full extent (or null) means no time filter. */
  setWindow(window: TimeWindow | null): void {
    const full = !window || (this.extent && window.start <= this.extent.start && window.end >= this.extent.end);
    this.setFilters({ ...this.filters, window: full ? null : window }, 'window');
  }

  clearFilters(): void {
    this.setFilters(NO_FILTERS, 'push');
  }

  private runningImport: RunningImport | null = null;
  /** What the last import did, file by file: features added and every problem; null before any. */
  importSummary = $state.raw<ImportReport[] | null>(null);
  /** CSV files whose columns were not recognised, waiting in turn for the user to pick them. */
  private mappingQueue = $state.raw<PendingMapping[]>([]);
  /** What an import says once done, loaded with the import's code (see `importFiles`). */
  private importWords!: (typeof import('../ui/strings-panels'))['t'];
  /** The CSV whose columns the dialog asks for now. */
  pendingMapping: PendingMapping | null = $derived(this.mappingQueue[0] ?? null);

  /**
   * Adds the features of the files picked or dropped: the app's own export and the formats in
   * `data/formats/`, read, converted and checked in a worker. A broken, foreign or too large
   * file gets a message naming it and saying what is wrong; nothing already loaded changes, whatever happens.
   */
  async importFiles(inputs: File[], mappings: Record<string, ColumnMapping> = {}): Promise<void> {
    if (inputs.length === 0) return;
    const label = inputs.length === 1 ? short(inputs[0].name) : `${inputs.length} files`;
    // An import whose code is still loading counts as running.
    if (this.runningImport || this.ui.importing) {
      this.ui.notice = t.importBusy;
      return;
    }
    this.ui.notice = null;
    this.ui.importing = { file: label, phase: 'reading', done: 0, total: inputs.reduce((n, f) => n + f.size, 0) };
    // The import's code (its client, the pieces, the merge, its words) loads on first use, not with the page.
    let client: typeof import('../data/import-client');
    let applying: typeof import('./apply-import');
    try {
      let words: typeof import('../ui/strings-panels');
      [client, applying, words] = await Promise.all([import('../data/import-client'), import('./apply-import'), import('../ui/strings-panels')]);
      this.importWords = words.t;
    } catch (err) {
      this.ui.importing = null;
      this.ui.notice = t.importFailed(label, (err as Error).message);
      return;
    }
    // Checked once its words have loaded with the import's code: nothing of the file is read.
    const large = inputs.find((f) => f.size > MAX_IMPORT_BYTES);
    if (large) {
      this.ui.importing = null;
      this.ui.notice = this.importWords.importTooLarge(short(large.name), Math.ceil(large.size / 1_048_576), MAX_IMPORT_BYTES / 1_048_576);
      return;
    }
    const run = client.importInWorker(inputs, mappings, (phase, done, total) => (this.ui.importing = { file: label, phase, done, total }), this.domain.atlas.sources);
    this.runningImport = run;
    const outcome = await run.result;
    this.ui.importing = null;
    if (outcome.type === 'cancelled') this.ui.notice = this.importWords.importCancelled(label);
    else if (outcome.type === 'failed') this.ui.notice = t.importFailed(label, outcome.reason);
    else this.ui.notice = await applying.applyOutcomes(this, outcome.outcomes, inputs);
    // Running until merged: another import must not start between a merge and its addition.
    this.runningImport = null;
    // The workers go on to send the features' export texts, unless the page holds too many features to keep them.
    run.keepWriting(outcome.type === 'done' && this.atlas.features.length <= HYDRATE_LIMIT);
    this.ui.announcement = this.notice ?? '';
  }

  /** Queues a CSV whose columns the dialog must ask for (see `apply-import.ts`). */
  waitForMapping(pending: PendingMapping): void {
    this.mappingQueue = [...this.mappingQueue, pending];
  }

  /** Imports the waiting CSV with the columns the user picked; resolves once it is added. */
  async confirmMapping(mapping: ColumnMapping): Promise<void> {
    const [pending, ...rest] = this.mappingQueue;
    this.mappingQueue = rest;
    if (pending) await this.importFiles([pending.file], { [pending.file.name]: mapping });
  }

  /** Drops the waiting CSV: nothing of it is added. */
  cancelMapping(): void {
    const [pending, ...rest] = this.mappingQueue;
    this.mappingQueue = rest;
    // The dialog came after an import, which loaded these words.
    if (pending) this.ui.notice = this.importWords.mappingCancelled(short(pending.file.name));
  }

  /** Stops the files being added; nothing of them is kept. */
  cancelImport(): void {
    this.runningImport?.cancel();
  }

  /** Called by the map when the camera stops. */
  setView(view: MapView): void {
    // Before the data and the URL have been read, writing the URL would erase what it asks for.
    if (!this.urlApplied) return;
    this.ui.view = view;
    this.writeUrl('replace');
  }

  /** Opens the guided story at a step (clamped), selecting that step's first feature. */
  goToStep(index: number): void {
    if (this.atlas.story.length === 0) return;
    const i = Math.max(0, Math.min(this.atlas.story.length - 1, index));
    const step = this.atlas.story[i];
    this.ui.storyIndex = i;
    this.ui.filters = NO_FILTERS;
    this.ui.selection = { kind: 'feature', id: step.features[0] };
    this.ui.notice = null;
    this.ui.announcement = `Story step ${i + 1} of ${this.atlas.story.length}: ${step.title}.`;
    this.writeUrl('push');
  }

  closeStory(): void {
    this.ui.storyIndex = null;
    this.ui.announcement = 'Left the story.';
    this.writeUrl('push');
  }
}
