// `npm run bench:http` — POST /v1/auth/validate on the real `tessera serve` (built binary,
// PostgreSQL) with a warm valid token, against a bare Fastify route answering the same JSON
// shape (http/bare-server.mjs), each server in its own child process, the same autocannon load
// (programmatic, same connections and duration) from this process. Runs alternate (A, B, C, A,
// B, C, …) and medians are reported. Tessera runs twice: with its default log level (info: a
// log line per request) and with TESSERA_LOG_LEVEL=warn. Target: Tessera (default config)
// ≥ 0.8× the baseline's requests/s.
//
// Diagnostic servers (BENCH_HTTP_DIAGNOSE=0 leaves them out) split the difference: Tessera's app
// (buildApp, request log off) serving both the real route and a fixed-answer route.
// Many short alternating rounds rather than a few long ones: on this shared 2-CPU machine the
// speed of everything drifts by ±20% within a minute, and a server measured only in a slow
// minute would look slower than it is. Each round also gives a paired ratio (Tessera ÷ bare in
// the same round), whose median is printed beside the ratio of the medians (the verdict).
// Env: BENCH_HTTP_CONNECTIONS (default 50), BENCH_HTTP_SECONDS (per run, default 3),
// BENCH_HTTP_ROUNDS (default 12).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { api, createTokenOver, setUpInstance, startChild, startTessera } from './lib/children.mjs';
import { createDatabase, postgresVersion } from './lib/pg.mjs';
import { describeMachine } from './lib/machine.mjs';
import { benchDir, startResult, writeResult } from './lib/results.mjs';
import { fmt, median, sleep, verdict } from './lib/stats.mjs';

const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 12);

const result = startResult('http', 'npm run bench:http', { connections: CONNECTIONS, seconds_per_run: SECONDS, rounds: ROUNDS, pipelining: 1 });
console.log(`HTTP validate vs bare Fastify — ${describeMachine(result.machine_before)}\n`);
result.postgres_version = await postgresVersion();

function load(url, token, duration, path = '/v1/auth/validate') {
  return new Promise((resolve, reject) => {
    autocannon({
      url: `${url}${path}`, method: 'POST', connections: CONNECTIONS, duration, pipelining: 1,
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
    }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

const databases = [];
const children = [];
try {
  const servers = [];
  for (const level of ['info', 'warn']) {
    const db = await createDatabase(`http_${level}`);
    databases.push(db);
    const node = await startTessera({ DATABASE_URL: db.url, TESSERA_SECRET: randomBytes(32).toString('hex'), TESSERA_LOG_LEVEL: level }, { name: `tessera (${level})` });
    children.push(node);
    const { session } = await setUpInstance(node);
    const token = (await createTokenOver(node.url, session, 'http-bench')).secret;
    const check = await api(node.url, 'POST', '/v1/auth/validate', { body: { token } });
    if (check.status !== 200 || check.body.valid !== true) throw new Error(`token does not validate: ${JSON.stringify(check.body)}`);
    servers.push({ name: `Tessera, TESSERA_LOG_LEVEL=${level}${level === 'info' ? ' (default)' : ''}`, key: `tessera_${level}`, url: node.url, token, response: check.body });
  }
  const bare = startChild(process.execPath, [join(benchDir, 'http/bare-server.mjs')], { PATH: process.env.PATH, BARE_RESPONSE: JSON.stringify(servers[0].response) }, { name: 'bare fastify' });
  children.push(bare);
  const [, port] = await bare.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
  servers.push({ name: 'bare Fastify route, same JSON shape', key: 'bare', url: `http://127.0.0.1:${port}`, token: servers[0].token });
  if (process.env.BENCH_HTTP_DIAGNOSE !== '0') {
    // Where the difference goes: Tessera's app (buildApp, logger off) serving the real route and
    // a fixed-answer route in one process.
    const db = await createDatabase('http_app');
    databases.push(db);
    const appServer = startChild(process.execPath, [join(benchDir, 'http/tessera-app-server.mjs')], {
      PATH: process.env.PATH, DATABASE_URL: db.url, BARE_RESPONSE: JSON.stringify(servers[0].response), ...(process.env.BENCH_TESSERA_DIST ? { BENCH_TESSERA_DIST: process.env.BENCH_TESSERA_DIST } : {}),
    }, { name: 'tessera app server' });
    children.push(appServer);
    const [, appPort] = await appServer.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    const [, appToken] = await appServer.waitFor(/token (\S+)/);
    const url = `http://127.0.0.1:${appPort}`;
    servers.push({ name: 'diagnostic: Tessera app (buildApp, no request log), POST /v1/auth/validate', key: 'app_validate', url, token: appToken, diagnostic: true });
    servers.push({ name: 'diagnostic: Tessera app (buildApp, no request log), fixed-answer route', key: 'app_fixed', url, token: appToken, path: '/bench/fixed', diagnostic: true });
  }

  for (const s of servers) {
    await load(s.url, s.token, 2, s.path); // warm-up: JIT, connections, caches
    s.runs = [];
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of servers) {
      await sleep(500);
      const r = await load(s.url, s.token, SECONDS, s.path);
      if (r.non2xx || r.errors || r.timeouts) throw new Error(`${s.name}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
      s.runs.push({ requests_per_second: r.requests.average, p50_ms: r.latency.p50, p99_ms: r.latency.p99, max_ms: r.latency.max, total: r.requests.total });
      console.log(`round ${round} ${s.name}: ${fmt(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    }
  }
  // The token must still be valid: every run above measured successful validations.
  const after = await api(servers[0].url, 'POST', '/v1/auth/validate', { body: { token: servers[0].token } });
  if (after.body.valid !== true) throw new Error('the token stopped validating during the benchmark');

  console.log('');
  result.servers = servers.map((s) => ({
    name: s.name, key: s.key, runs: s.runs, diagnostic: !!s.diagnostic,
    median_requests_per_second: median(s.runs.map((r) => r.requests_per_second)),
    median_p50_ms: median(s.runs.map((r) => r.p50_ms)),
    median_p99_ms: median(s.runs.map((r) => r.p99_ms)),
  }));
  for (const s of result.servers) console.log(`${s.name}: median ${fmt(s.median_requests_per_second)} req/s, p50 ${s.median_p50_ms} ms, p99 ${s.median_p99_ms} ms`);
  const [info, warn, base] = result.servers;
  const rps = (key) => result.servers.find((s) => s.key === key)?.median_requests_per_second;
  result.ratios = { default_over_bare: info.median_requests_per_second / base.median_requests_per_second, warn_over_bare: warn.median_requests_per_second / base.median_requests_per_second };
  const paired = (s) => median(s.runs.map((r, i) => r.requests_per_second / base.runs[i].requests_per_second));
  result.ratios.default_over_bare_paired_median = paired(info);
  result.ratios.warn_over_bare_paired_median = paired(warn);
  console.log(`paired (each round's Tessera ÷ that round's bare), median over ${ROUNDS} rounds: ${fmt(result.ratios.default_over_bare_paired_median, 2)}× default, ${fmt(result.ratios.warn_over_bare_paired_median, 2)}× warn`);
  if (rps('app_fixed')) {
    result.ratios.app_fixed_route_over_bare = rps('app_fixed') / rps('bare');
    result.ratios.app_validate_over_app_fixed_route = rps('app_validate') / rps('app_fixed');
    console.log(`diagnostic: Tessera's app plumbing alone (fixed-answer route) = ${fmt(result.ratios.app_fixed_route_over_bare, 2)}× bare Fastify; the validate route = ${fmt(result.ratios.app_validate_over_app_fixed_route, 2)}× the fixed-answer route in the same app`);
  }
  console.log('');
  result.targets = [
    verdict('Tessera (default config) req/s ÷ bare Fastify req/s', result.ratios.default_over_bare, 0.8, { unit: '×' }),
    verdict('Tessera (TESSERA_LOG_LEVEL=warn) req/s ÷ bare Fastify req/s', result.ratios.warn_over_bare, 0.8, { unit: '×' }),
  ];
} finally {
  for (const c of children) await c.stop();
  for (const d of databases) await d.drop();
}
writeResult(result);
