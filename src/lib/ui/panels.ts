/**
 * The feature and relation panels and the story's card, with everything only they use
 * (claims, citations, distances). They load as their own chunk, started as the page
 * starts, so the first paint of the map does not wait for them; a click arrives after they
 * are there, and a story opened from the URL shows its card when they are.
 */
export { default as Panel } from './Panel.svelte';
export { default as RelationPanel } from './RelationPanel.svelte';
export { default as StoryCard } from './StoryCard.svelte';
