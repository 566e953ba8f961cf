import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One runner for the whole monorepo; workspace packages resolve to their TypeScript source, unbuilt.
export default defineConfig({
  resolve: {
    alias: {
      '@rapport/core': source('./core/src/index.ts'),
      '@rapport/embedded-mongo': source('./embedded-mongo/src/index.ts'),
      '@rapport/schemas': source('./schemas/src/index.ts'),
    },
  },
  test: {
    include: [
      'core/**/*.test.ts',
      'embedded-mongo/**/*.test.ts',
      'schemas/**/*.test.ts',
      'plugins/**/*.test.ts',
      'test/**/*.test.ts',
      'admin-ui/src/**/*.test.ts',
      'ui-shared/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['test/kit/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
