import { defineConfig } from 'vitest/config';

/** Browser tests: the built app in Debian's Chromium. Run `npm run build` first. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time: a file keeps Chromium on about one and a half of the two cores, so
    // a second one fills some of the gaps (207–211 s for the suite one file at a time here, 180–227 s two at a time).
    fileParallelism: true,
    maxWorkers: 2,
    // One module graph for the files each worker runs, so they can share a page (sharedPage in browser.ts).
    isolate: false,
  },
});
