import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { THROUGH_ANOTHER_PROGRAM, databaseFreeTests } from './packages/tessera/src/test-support/test-partition.js';

// `npm test` runs the suite on embedded PGlite, and again on PostgreSQL when
// TESSERA_TEST_DATABASE_URL is set (.ci/run always sets it): every file that can tell the two
// apart runs on both. test-support/test-partition.ts says which files run once, and why.
const databases = ['pglite', ...(process.env.TESSERA_TEST_DATABASE_URL ? ['postgres'] : [])];
const once = {
  // Never reach a database: PGlite's project, which always exists.
  databaseFree: databaseFreeTests(fileURLToPath(new URL('.', import.meta.url))),
  // Drive the server through the CLI, a browser or the docs: on PostgreSQL when there is one.
  e2e: THROUGH_ANOTHER_PROGRAM,
};
const excluded = (db: string): string[] => (db === 'pglite' ? (databases.length > 1 ? once.e2e : []) : once.databaseFree);

export default defineConfig({
  test: {
    // Test files spend much of their time waiting (on spawned servers and CLIs, PostgreSQL, a
    // browser), not computing: vitest's default of one worker fewer than the cores (a single
    // worker on CI's two) leaves a core idle while that file waits. One worker per core.
    maxWorkers: availableParallelism(),
    projects: databases.map((db) => ({
      test: {
        name: db,
        // One module graph per worker, not one per test file: a fresh graph re-imports Fastify,
        // Kysely, pg and PGlite's WebAssembly for each of ~200 files, which measured as half of
        // every worker's time (30 November, same load: 1,762 s isolated, 894 s shared). Test files
        // therefore must not rely on module state another file set up or left: no vi.mock (inject
        // the dependency, as setup-cost.test.ts does; lint refuses it), no stubbed globals.
        isolate: false,
        include: ['packages/*/src/**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/dist/**', ...excluded(db)],
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
