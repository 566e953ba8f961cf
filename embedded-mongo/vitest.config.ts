import { defineConfig } from 'vitest/config';

// Standalone config for running this package's tests without the monorepo's global setup.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
