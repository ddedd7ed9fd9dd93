/**
 * The feature and relation panels, with everything only they use (claims, citations,
 * distances). They load as their own chunk, started as the page starts, so the first
 * paint of the map does not wait for them; a click arrives after they are there.
 */
export { default as Panel } from './Panel.svelte';
export { default as RelationPanel } from './RelationPanel.svelte';
