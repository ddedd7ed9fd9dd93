import type { ImportPhase } from '../data/import-client';
import { NO_FILTERS, type Filters } from './filters';
import type { UrlState } from './url';

/** What is selected: a feature, a relation between two features, or nothing. */
export type Selection = { kind: 'feature'; id: string } | { kind: 'relation'; id: string } | null;

export type MapView = NonNullable<UrlState['view']>;

/**
 * The view state: what the reader chose to look at (selection, filters and time window,
 * story position, camera) and what the app says to them. It holds no data of its own.
 */
export class ViewState {
  selection = $state.raw<Selection>(null);
  filters = $state.raw<Filters>(NO_FILTERS);
  storyIndex = $state<number | null>(null);
  /** The camera as last reported by the map; restored from the URL at load. */
  view = $state.raw<MapView | null>(null);
  /** The camera the URL asked for at load, which wins over framing the data. */
  initialView = $state.raw<MapView | null>(null);
  /** A message for the user about their last action or the URL (an unknown id, say). */
  notice = $state<string | null>(null);
  /** What happened to the atlas the link names (refused, could not be opened, opening); null when it is the one shown. */
  atlasNotice = $state<string | null>(null);
  /** A short sentence for screen readers about what just changed. */
  announcement = $state('');
  /** The export being written, as a sentence, once it has taken a moment; null when none is. */
  exporting = $state<string | null>(null);
  /** The file being added, and how far it got; null when none is. */
  importing = $state.raw<{ file: string; phase: ImportPhase; done: number; total: number } | null>(null);
}
