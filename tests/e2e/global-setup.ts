import { chromium, type BrowserServer } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

let server: PreviewServer | undefined;
let browser: BrowserServer | undefined;

/**
 * Serves the built app (`dist/`, one build for every test file) on a free loopback port,
 * and starts one Chromium that every test file connects to.
 */
export async function setup(project: TestProject): Promise<void> {
  [server, browser] = await Promise.all([
    preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false }, logLevel: 'warn' }),
    chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
  ]);
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL; run `npm run build` first');
  project.provide('baseUrl', url);
  project.provide('browserEndpoint', browser.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await Promise.all([server?.close(), browser?.close()]);
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    browserEndpoint: string;
  }
}
