import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './machine.mjs';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(benchDir, '..');
export const resultsDir = process.env.BENCH_RESULTS_DIR ?? join(benchDir, 'results');

/** Starts a result: the machine (with its load average) before the run. */
export function startResult(name, command, params = {}) {
  return { name, command, params, started_at: new Date().toISOString(), machine_before: machine() };
}

/** Writes bench/results/<name>.json (small: summaries only, never raw samples). */
export function writeResult(result) {
  result.finished_at = new Date().toISOString();
  result.machine_after = machine();
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${result.name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${relative(process.cwd(), file)} (load average after: ${result.machine_after.load_average.join(' ')})`);
  return file;
}

export function readResult(name) {
  try {
    return JSON.parse(readFileSync(join(resultsDir, `${name}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}
