import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test` runs the whole suite on embedded PGlite, and again on PostgreSQL when
// TESSERA_TEST_DATABASE_URL is set (.ci/run always sets it).
const databases = ['pglite', ...(process.env.TESSERA_TEST_DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
  test: {
    // Test files spend much of their time waiting (on spawned servers and CLIs, PostgreSQL, a
    // browser), not computing: vitest's default of one worker fewer than the cores (a single
    // worker on CI's two) leaves a core idle while that file waits. One worker per core.
    maxWorkers: availableParallelism(),
    projects: databases.map((db) => ({
      test: {
        name: db,
        include: ['packages/*/src/**/*.test.ts'],
        env: { TESSERA_TEST_DB: db },
        // PGlite: one migrated database is dumped per run; every test database starts from it.
        // Both: the binary, the console and a migrated PGlite folder are built in the background (prebuild.ts).
        globalSetup: [...(db === 'pglite' ? ['packages/tessera/src/test-support/pglite-template.ts'] : []), 'packages/tessera/src/test-support/prebuild.ts'],
        // Generous: CI runs both projects at once on two cores, and one PGlite start (WASM) can take 10 s there.
        testTimeout: 60_000,
        hookTimeout: 90_000,
      },
    })),
  },
});
