import { defineConfig } from 'vitest/config';

// Unit and integration tests. Integration tests run on PGlite, and on PostgreSQL too when
// DATABASE_URL is set (see apps/server/test/db.ts). Browser tests have their own config in e2e/.
export default defineConfig({
  test: {
    include: ['apps/**/*.test.ts', 'packages/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['apps/server/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
