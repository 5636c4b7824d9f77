// `npm run bench` — every benchmark in turn (each in its own process), then
// docs/benchmarks.md re-rendered from bench/results/*.json. `--smoke` (npm run bench:smoke):
// tiny sizes and durations, to check the harnesses work, not to measure.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchDir } from './lib/results.mjs';

const smoke = process.argv.includes('--smoke');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const benches = [
  ['inprocess', []],
  ['peers', []],
  ['http', []],
  ['scale', []],
  ['create', ['--expose-gc']],
  ['propagation', []],
  ['sdk-propagation', []],
  ['gateway-nginx', []],
  ['sdk-verify', ['--expose-gc']],
].filter(([name]) => !only.length || only.includes(name));

const smokeEnv = {
  BENCH_SECONDS: '0.5', BENCH_COLD_TOKENS: '200', BENCH_HTTP_SECONDS: '1', BENCH_HTTP_ROUNDS: '1', BENCH_HTTP_CONNECTIONS: '10',
  BENCH_SCALE_SIZES: '1000,5000', BENCH_SCALE_SAMPLE: '200', BENCH_MEMORY_TOKENS: '500', BENCH_REVOCATIONS: '5',
  BENCH_GATEWAY_SECONDS: '1', BENCH_GATEWAY_ROUNDS: '1', BENCH_GATEWAY_CONNECTIONS: '8',
  BENCH_SDK_ROUNDS: '1', BENCH_SDK_SEGMENT_SECONDS: '0.2', BENCH_SDK_HTTP_SECONDS: '1', BENCH_SDK_MEMORY_SIZES: '2000',
  // Smoke runs never overwrite the committed results.
  BENCH_RESULTS_DIR: join(benchDir, 'results/smoke'),
};
const failed = [];
for (const [name, flags] of benches) {
  console.log(`\n=== bench:${name}\n`);
  const r = spawnSync(process.execPath, [...flags, join(benchDir, `${name}.mjs`)], { stdio: 'inherit', env: { ...process.env, ...(smoke ? smokeEnv : {}) } });
  if (r.status !== 0) failed.push(name);
}
if (!smoke) spawnSync(process.execPath, [join(benchDir, 'render.mjs')], { stdio: 'inherit' });
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
