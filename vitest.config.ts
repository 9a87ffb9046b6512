import { defineConfig } from 'vitest/config';

/**
 * All tests: test/**\/*.test.ts, in two projects sharing the settings below.
 *  - unit: test/unit (pure code, no database servers started)
 *  - infra: test/infra (CDK template assertions, cdk-nag; no servers)
 *  - integration: everything else; its globalSetup starts one PostgreSQL and
 *    one MariaDB server for the run (URLs via inject('postgresUrl'/'mysqlUrl')).
 * `vitest run --project unit` runs only the first.
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    pool: 'forks',
    // Two cores: at most two test files at a time (each may hold a ~3 s PGlite).
    maxWorkers: 2,
    fileParallelism: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // CDK template assertions and cdk-nag: no database servers either.
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/infra/**', '**/node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
