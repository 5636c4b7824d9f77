import type { TestProject } from 'vitest/node';
import { buildConsole } from './browser.js';
import { compiledBinary, migratedDataDir } from './built-binary.js';

/**
 * Vitest global setup of both projects: starts the builds that the binary, CLI and browser tests
 * share (build-cache.ts) at the start of the run, in the background, so no test waits for them
 * unless it needs them, and so they are made by this process, which outlives any test: a build
 * started by a test file that times out waiting for it would die with that file's worker, and the
 * next file would start it again from nothing. Already built for these sources: nothing to do.
 * A build still running at the end of the run (a run of a few files that need none) is stopped.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const abort = new AbortController();
  const { signal } = abort;
  const builds = Promise.allSettled([
    compiledBinary(signal).then((bin) => (project.name === 'pglite' ? migratedDataDir(bin, signal) : undefined)),
    buildConsole(signal),
  ]);
  return async () => {
    abort.abort();
    await builds; // a failed build fails the test that needs it, which builds it again and reports why
  };
}
