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
    globalSetup: ['test/global-setup.ts'],
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
