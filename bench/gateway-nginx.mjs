// `npm run bench:gateway` — requests/s through a real nginx to a small upstream API
// (bench/gateway/upstream.mjs), with `auth_request` to a real `tessera serve` (deploy/nginx/gateway.conf,
// as shipped, its ports rewritten) against the same nginx with no check (a second server block in
// the same nginx process, proxying to the same upstream). One warm read token; GET requests.
// Rounds alternate (auth, none, none, auth, …) so both see the same drift of this shared machine;
// medians are reported, with the median of the per-round ratios beside the ratio of the medians.
// Target: with auth ≥ 0.5× without (one subrequest per request).
//
// Load: wrk when installed (BENCH_WRK, default `wrk` on PATH), else autocannon from this process.
// Env: BENCH_GATEWAY_CONNECTIONS (default 32), BENCH_GATEWAY_SECONDS per run (default 3),
// BENCH_GATEWAY_ROUNDS (default 16: quiet runs of 8 rounds minutes apart spread over 0.47–0.54×, as wide as the distance to the target), BENCH_NGINX (default /usr/sbin/nginx), BENCH_NGINX_WORKERS (default 1),
// BENCH_GATEWAY_CONFIG (another nginx config in deploy/nginx/gateway.conf's shape, to size a directive),
// BENCH_TESSERA_NODE_ARGS (node options for `tessera serve` only, space-separated, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
// Without nginx it says so and exits 0 (so `bench:smoke` can include it anywhere).
//
// Where the CPU goes: each run also reads, from /proc, the CPU time (user + system) that Tessera,
// the upstream, the nginx workers and wrk used during it, as microseconds per request: on two
// shared vCPUs the ratio is decided by these sums.
import autocannon from 'autocannon';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { api, createTokenOver, setUpInstance, startChild, startTessera } from './lib/children.mjs';
import { NGINX, freePort, runNginx } from './lib/nginx.mjs';
import { describeMachine } from './lib/machine.mjs';
import { benchDir, repoRoot, startResult, writeResult } from './lib/results.mjs';
import { fmt, median, verdict } from './lib/stats.mjs';

const CONNECTIONS = Number(process.env.BENCH_GATEWAY_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_GATEWAY_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_GATEWAY_ROUNDS ?? 16);
const TARGET = 0.5;
// BENCH_GATEWAY_CONFIG: another config in the shipped one's shape (to size what a directive costs).
const CONFIG = process.env.BENCH_GATEWAY_CONFIG ?? join(repoRoot, 'deploy/nginx/gateway.conf');

if (!existsSync(NGINX)) {
  console.log(`bench:gateway skipped: no nginx at ${NGINX} (set BENCH_NGINX, or install nginx)`);
  process.exit(0);
}
const WRK = process.env.BENCH_WRK ?? 'wrk';
const hasWrk = spawnSync(WRK, ['--version']).error === undefined;

const result = startResult('gateway-nginx', 'npm run bench:gateway', { connections: CONNECTIONS, seconds_per_run: SECONDS, rounds: ROUNDS, load_generator: hasWrk ? 'wrk (1 thread)' : 'autocannon', nginx_workers: Number(process.env.BENCH_NGINX_WORKERS ?? 1) });
console.log(`Gateway through nginx: auth_request to Tessera vs no auth — ${describeMachine(result.machine_before)}\n`);

/** deploy/nginx/gateway.conf with our ports, plus a server block with no check in front of the same upstream. */
function httpSnippet(ports) {
  const shipped = readFileSync(CONFIG, 'utf8')
    .replace(/^(\s*)server 127\.0\.0\.1:7420;/m, `$1server 127.0.0.1:${ports.tessera};`)
    .replace(/^(\s*)server 127\.0\.0\.1:8080;/m, `$1server 127.0.0.1:${ports.api};`)
    .replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${ports.auth};`);
  for (const p of Object.values(ports).slice(0, 3)) if (!shipped.includes(`127.0.0.1:${p};`)) throw new Error('deploy/nginx/gateway.conf no longer has the lines this benchmark rewrites');
  return `${shipped}
  # The baseline: the same nginx and upstream, no check.
  server {
    listen 127.0.0.1:${ports.none};
    location / {
      proxy_pass http://my_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
`;
}

const unit = { us: 1e-3, ms: 1, s: 1000 };
const TICK_US = 1e6 / 100; // USER_HZ: /proc times are in clock ticks of 10 ms on Linux.
/** CPU microseconds (user + system) of a process so far, its waited-for children included when `children` (wrk, run by execFile, for this process); undefined off Linux. */
function cpuUs(pid, children = false) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // Fields 14–17 (utime, stime, cutime, cstime) are at 11–14 after the name.
    return (Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0)) * TICK_US;
  } catch {
    return undefined;
  }
}
/** The pids whose CPU a run counts: the nginx workers are the master's children. */
function processes(named) {
  const out = {};
  for (const [name, pid] of Object.entries(named)) {
    if (name !== 'nginx') {
      out[name] = [pid];
      continue;
    }
    out.nginx = [];
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const f = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ');
        if (Number(f[1]) === pid) out.nginx.push(Number(d));
      } catch { /* gone */ }
    }
  }
  return out;
}
function cpuSnapshot(pids) {
  const s = { wrk: cpuUs(process.pid, true) - cpuUs(process.pid) };
  for (const [name, list] of Object.entries(pids)) s[name] = list.reduce((a, pid) => a + (cpuUs(pid) ?? NaN), 0);
  return s;
}

async function load(url, token) {
  if (hasWrk) {
    const { stdout } = await promisify(execFile)(WRK, ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '-H', `Authorization: Bearer ${token}`, url]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
    const lat = (p) => {
      const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(stdout);
      return m ? Number(m[1]) * unit[m[2]] : NaN;
    };
    const bad = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0) + Number(/Socket errors:.*timeout (\d+)/.exec(stdout)?.[1] ?? 0);
    return { requests_per_second: rps, p50_ms: lat(50), p99_ms: lat(99), errors: bad };
  }
  const r = await new Promise((resolve, reject) => autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { authorization: `Bearer ${token}` } }, (err, res) => (err ? reject(err) : resolve(res))));
  return { requests_per_second: r.requests.average, p50_ms: r.latency.p50, p99_ms: r.latency.p99, errors: r.non2xx + r.errors + r.timeouts };
}

const children = [];
const prefix = mkdtempSync(join(tmpdir(), 'tessera-bench-gateway-'));
try {
  // Embedded PGlite: the check is answered from the token cache, so the database does not matter (its first start, creating it, can be slow).
  const nodeArgs = process.env.BENCH_TESSERA_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const tessera = await startTessera({ TESSERA_DATA_DIR: join(prefix, 'data') }, { name: 'tessera serve', timeoutMs: 180_000, nodeArgs });
  children.push(tessera);
  const { session } = await setUpInstance(tessera);
  const token = (await createTokenOver(tessera.url, session, 'gateway-bench')).secret;
  const upstream = startChild(process.execPath, [join(benchDir, 'gateway/upstream.mjs')], { PATH: process.env.PATH }, { name: 'upstream' });
  children.push(upstream);
  const [, apiPort] = await upstream.waitFor(/listening on 127\.0\.0\.1:(\d+)/);

  const ports = { tessera: tessera.port, api: Number(apiPort), auth: await freePort(), none: await freePort() };
  const servers = [
    { key: 'auth', name: 'nginx + auth_request to Tessera', url: `http://127.0.0.1:${ports.auth}/things` },
    { key: 'none', name: 'nginx, no auth', url: `http://127.0.0.1:${ports.none}/things` },
  ];
  const nginx = await runNginx(httpSnippet(ports), servers[1].url, { readyStatus: 200 });
  children.push(nginx);
  // The check is really there: no token → 401, the token → 200 (and warm in Tessera's cache).
  const refused = await fetch(servers[0].url);
  if (refused.status !== 401) throw new Error(`expected 401 without a token through auth_request, got ${refused.status}`);
  const passed = await fetch(servers[0].url, { headers: { authorization: `Bearer ${token}` } });
  if (passed.status !== 200) throw new Error(`expected 200 with the token, got ${passed.status}: ${await passed.text()}`);
  const validated = await api(tessera.url, 'POST', '/v1/auth/validate', { body: { token } });
  if (!validated.body?.valid) throw new Error('the bench token does not validate');

  // Warm-up: a short run of each (JIT, connection pools).
  for (const s of servers) await load(s.url, token);
  const pids = processes({ tessera: tessera.proc.pid, upstream: upstream.proc.pid, nginx: nginx.child.proc.pid });
  const runs = { auth: [], none: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [servers[1], servers[0]] : servers;
    for (const s of order) {
      const before = cpuSnapshot(pids);
      const r = await load(s.url, token);
      const after = cpuSnapshot(pids);
      const requests = r.requests_per_second * SECONDS;
      r.cpu_us_per_request = Object.fromEntries(Object.keys(after).map((k) => [k, Math.round((after[k] - before[k]) / requests * 10) / 10]));
      if (r.errors) throw new Error(`${s.name}: ${r.errors} failed or non-2xx responses in round ${round + 1}`);
      runs[s.key].push(r);
      const cpu = Object.entries(r.cpu_us_per_request).map(([k, v]) => `${k} ${v}`).join(', ');
      console.log(`round ${round + 1}/${ROUNDS} ${s.name}: ${fmt(r.requests_per_second)} req/s, p50 ${fmt(r.p50_ms, 2)} ms, p99 ${fmt(r.p99_ms, 2)} ms; CPU µs/request: ${cpu}`);
    }
  }
  result.servers = servers.map((s) => ({
    key: s.key, name: s.name,
    median_requests_per_second: median(runs[s.key].map((r) => r.requests_per_second)),
    median_p50_ms: median(runs[s.key].map((r) => r.p50_ms)),
    median_p99_ms: median(runs[s.key].map((r) => r.p99_ms)),
    median_cpu_us_per_request: Object.fromEntries(Object.keys(runs[s.key][0].cpu_us_per_request).map((k) => [k, median(runs[s.key].map((r) => r.cpu_us_per_request[k]))])),
    runs: runs[s.key],
  }));
  const [auth, none] = result.servers;
  const ratio = auth.median_requests_per_second / none.median_requests_per_second;
  // Requests per CPU-second of all four processes: the ratio by CPU time alone. Under other work
  // the lane with the check (four busy processes to three) gets more of the CPUs (the scheduler
  // shares by task), which flatters its ratio by wall clock; this one that cannot flatter.
  const cpuSum = (s) => Object.values(s.median_cpu_us_per_request).reduce((a, v) => a + v, 0);
  result.ratios = {
    auth_over_none: ratio,
    auth_over_none_paired_median: median(runs.auth.map((r, i) => r.requests_per_second / runs.none[i].requests_per_second)),
    auth_over_none_per_cpu: cpuSum(none) / cpuSum(auth),
  };
  console.log('');
  for (const s of result.servers) {
    const cpu = Object.entries(s.median_cpu_us_per_request).map(([k, v]) => `${k} ${fmt(v, 1)}`).join(', ');
    console.log(`${s.name}: median ${fmt(s.median_requests_per_second)} req/s, p50 ${fmt(s.median_p50_ms, 2)} ms, p99 ${fmt(s.median_p99_ms, 2)} ms; CPU µs/request (median): ${cpu}`);
  }
  console.log(`paired per-round ratio (median): ${fmt(result.ratios.auth_over_none_paired_median, 2)}×; per CPU-second of wrk + nginx + Tessera + upstream: ${fmt(result.ratios.auth_over_none_per_cpu, 2)}× (CPUs used: ${fmt(auth.median_requests_per_second * cpuSum(auth) / 1e6, 2)} with auth, ${fmt(none.median_requests_per_second * cpuSum(none) / 1e6, 2)} without)`);
  result.targets = [verdict('requests/s through nginx with auth_request to Tessera ÷ without auth', ratio, TARGET, { unit: '×' })];
  writeResult(result);
} finally {
  for (const c of children.reverse()) await c.stop();
  rmSync(prefix, { recursive: true, force: true });
}
