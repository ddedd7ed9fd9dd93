/** Debian's Chromium; Playwright's own browser download cannot work on these machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * No GPU here: Chromium picks SwiftShader for WebGL by itself. Forcing ANGLE onto
 * SwiftShader (`--use-angle=swiftshader`) also moved 2D canvas and compositing onto it,
 * which made a frame about 3 times and a 2D canvas drawing about 15 times slower (the
 * README's "Test it"). Playwright adds a fresh throw-away profile.
 */
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
