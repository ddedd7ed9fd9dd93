import { defineConfig } from 'vitest/config';

/** Browser tests: the built app in Debian's Chromium. Run `npm run build` first. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // One module graph for every file, so files can share a page (sharedPage in browser.ts).
    isolate: false,
  },
});
