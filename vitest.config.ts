import { defineConfig } from 'vitest/config';

// One runner for unit, property, integration and end-to-end tests. E2E tests launch Debian's
// Chromium through playwright-core and need more time than unit tests.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time even on two cores (vitest's default there is one): most of a file's time
    // is spent waiting on worker threads, Chromium and SQLite, so the suite takes about 7 minutes
    // instead of 11.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
