/** Debian's Chromium; Playwright's own browser download cannot work on these machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * No GPU here: Chromium picks SwiftShader for WebGL by itself. Forcing ANGLE onto
 * SwiftShader (`--use-angle=swiftshader`) also moves 2D canvas and compositing onto it,
 * which made every frame about 3 times and every 2D canvas draw about 15 times slower
 * (scripts/tmp-free measurement in README, "Which Chromium flags"). Playwright adds a fresh
 * throw-away profile.
 */
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(process.env.EXTRA_FLAGS ? process.env.EXTRA_FLAGS.split(' ') : [])];
