import { loadAtlasInApp, type AtlasLoader } from '../data/atlas-client';
import type { ImportPhase } from '../data/import-client';
import { geodataFiles } from '../data/geodata-urls';
import { isShape, shapeKitLoaded } from '../data/geometry';
import type { LoadResult } from '../data/load';
import { calendarsOf, relationTypesOf, textIn, type Manifest, type RelationTypeDef } from '../data/manifest';
import { formatProblem } from '../data/problems';
import type { AtlasChoice } from '../data/remote-atlas';
import type { Atlas, Problem } from '../data/schema';
import { hydrateInBackground } from '../data/stored-feature';
import { EMPTY_ATLAS } from '../data/schema-constants';
import { declareZones } from '../data/time';
import { joinColumns, NO_COLUMNS, prepareAll, withIncidentTexts, type PreparedColumns } from './prepared';

/** The outcome of opening an atlas: loaded, or why not (in one sentence). */
export type OpenOutcome = { ok: true } | { ok: false; reason: string } | { ok: 'stale' };

/**
 * The domain: the loaded atlas (with what files added to it), its manifest, the problems
 * found in its files, and whether it is still loading. It knows nothing of what the reader
 * selected or filtered; that is the view state's.
 */
export class AtlasDomain {
  /** Loads an atlas: the built-in one as the build checked it, others in a worker; tests pass one that loads in place. */
  constructor(private readonly load: AtlasLoader = loadAtlasInApp) {}

  atlas = $state.raw<Atlas>(EMPTY_ATLAS);
  /** Each feature's search text and time span, parallel to `atlas.features` (worked out by the workers). */
  prepared = $state.raw<PreparedColumns>(NO_COLUMNS);
  manifest = $state.raw<Manifest | undefined>(undefined);
  problems = $state.raw<Problem[]>([]);
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  /** How far the atlas being opened has got (its worker's phase), or null when none is being opened. */
  progress = $state.raw<{ phase: ImportPhase; done: number; total: number } | null>(null);
  /** The manifest URL the atlas came from (as `atlas=` named it); null for the atlas built into the app. */
  key = $state<string | null>(null);
  /** The offline basemap's place labels the atlas ships, as parsed JSON (checked by the basemap). */
  places = $state.raw<unknown>(undefined);

  /** Every relation type of the atlas: the built-in ones, those its manifest declares, and those files added to it define. */
  relationTypes: Record<string, RelationTypeDef> = $derived(relationTypesOf(this.manifest, this.atlas));
  /** The calendars dates are shown in besides the Gregorian one: the manifest's, and those files added to the atlas name. */
  calendars: string[] = $derived(calendarsOf(this.manifest, this.atlas));
  title: string | undefined = $derived(this.manifest && textIn(this.manifest.title, this.manifest));
  subtitle: string | undefined = $derived(this.manifest?.subtitle && textIn(this.manifest.subtitle, this.manifest));
  description: string | undefined = $derived(this.manifest && textIn(this.manifest.description, this.manifest));
  /** The start of export file names: the manifest's id. */
  slug: string = $derived(this.manifest?.id ?? 'atlas');

  /** Counts opening attempts, so an answer that arrives after a newer request is dropped. */
  private attempt = 0;
  /** Stops the load of the atlas being opened, when a newer one is asked for. */
  private opening: AbortController | null = null;

  /**
   * Opens the built-in atlas or one at a URL. When it cannot be opened (unreachable, not
   * JSON, no valid manifest), an atlas already loaded stays, and the reason is returned;
   * with nothing loaded yet, the domain is left empty with the problems that say why.
   */
  async open(choice: Exclude<AtlasChoice, { kind: 'refused' }>): Promise<OpenOutcome> {
    const attempt = ++this.attempt;
    this.opening?.abort();
    const opening = (this.opening = new AbortController());
    const key = choice.kind === 'url' ? choice.url.href : null;
    let result: LoadResult;
    const onProgress = (phase: ImportPhase, done: number, total: number) => {
      if (attempt === this.attempt) this.progress = { phase, done, total };
    };
    // Lines and areas are measured by Turf, loaded only for an atlas that has them (see `geometry.ts`); beside the load
    // for an atlas at a URL, which may well have them: asked for once the atlas had come, it would hold it a round trip more.
    const kit = choice.kind === 'url' && !shapeKitLoaded() ? import('../data/shape-kit') : null;
    kit?.catch(() => {});
    try {
      result = await this.load(choice.kind === 'url' ? { kind: 'url', href: choice.url.href } : { kind: 'built-in', files: geodataFiles() }, onProgress, opening.signal);
      if (!shapeKitLoaded() && result.atlas.features.some(isShape)) await (kit ?? import('../data/shape-kit'));
    } catch (err) {
      result = { atlas: EMPTY_ATLAS, problems: [{ file: 'atlas.json', severity: 'error', message: `could not be loaded: ${(err as Error).message}` }] };
    }
    if (attempt !== this.attempt) return { ok: 'stale' };
    this.progress = null;
    if (!result.manifest) {
      const first = result.problems.find((p) => p.severity === 'error');
      // The worker reads a link's manifest as "atlas.json"; the reader knows it by the name the link gave it.
      const named = first && choice.kind === 'url' && first.file === 'atlas.json' ? { ...first, file: choice.url.pathname.split('/').pop() || choice.url.href } : first;
      const reason = named ? formatProblem(named).replace(/^error: /, '') : 'the manifest could not be read';
      if (this.status !== 'ready') this.fail(key, result.problems);
      return { ok: false, reason };
    }
    // The worker declared the manifest's zone abbreviations for itself; the page needs them too.
    declareZones(result.manifest.zones);
    const { features, incidents, sources, originators } = result.atlas;
    this.prepared = withIncidentTexts(result.prepared ?? prepareAll(features, sources, originators), features, incidents, sources, originators);
    this.atlas = result.atlas;
    this.hydrate();
    this.manifest = result.manifest;
    this.problems = result.problems;
    this.places = result.places;
    this.key = key;
    this.status = 'ready';
    return { ok: true };
  }

  /** Leaves the domain empty, with the problems that say why. */
  fail(key: string | null, problems: Problem[]): void {
    this.prepared = NO_COLUMNS;
    this.atlas = EMPTY_ATLAS;
    this.manifest = undefined;
    this.problems = problems;
    this.key = key;
    this.status = 'failed';
  }

  /** The prepared columns of the loaded features followed by those of a file's (for `add`). */
  withFile(prepared: PreparedColumns): PreparedColumns {
    return joinColumns([this.prepared, prepared]);
  }

  /**
   * Takes an atlas with a file's features merged in (after those loaded), the prepared
   * columns of them all (`withFile`: worked out beforehand, so that the page can be handed
   * back between the two), and that file's problems.
   */
  add(merged: Atlas, prepared: PreparedColumns, problems: readonly Problem[]): void {
    // The incidents a file brought (those already here have their words in the texts).
    const had = new Set(this.atlas.incidents.map((i) => i.id));
    const brought = merged.incidents.filter((i) => !had.has(i.id));
    this.prepared = withIncidentTexts(prepared, merged.features, brought, merged.sources, merged.originators);
    this.atlas = merged;
    this.problems = [...this.problems, ...problems];
    // From the start: what an earlier file left unparsed is picked up again (parsed features cost nothing to pass).
    this.hydrate();
  }

  /** Parses the features’ properties in background tasks (see `hydrateInBackground`), until the feature list changes. */
  private hydrate(): void {
    const features = this.atlas.features;
    hydrateInBackground(features, () => this.atlas.features === features);
  }
}
