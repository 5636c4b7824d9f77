// `npm run bench:propagation` — revocation propagation across nodes. Three real `tessera serve`
// processes share one PostgreSQL database behind real nginx (deploy/nginx/tessera.conf when the
// tree has it). Validators loop on POST /v1/auth/validate against every node directly and
// through nginx. For each of many revocations: a fresh token is created, validated on every node
// (so every node has it warm), then revoked through one node (in turn). From the moment the
// revoke call returns (T), per node, the moment it started refusing lies between two measured
// bounds: upper = arrival of its first refusal − T (includes that response's own latency, which
// on a loaded machine dominates); lower = send time of its last acceptance − T (0 if none after T).
// Any validation sent at or after T + 100 ms that still answers valid is a violation.
// Targets: zero violations (asserted: the command exits 1 otherwise); p99 propagation < 100 ms.
//
// Env: BENCH_REVOCATIONS (default 200), BENCH_VALIDATORS (loops per target, default 2),
// BENCH_PROPAGATION_CONTROL (default 1; 0 to leave it out): a negative control: a proxy in front of node 3 that answers
// from its own 1-second cache with no invalidation (a node as Unkey-style caches behave), which
// the harness must catch (violations and ~1 s propagation); it is reported apart from the targets.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { api, createTokenOver, setUpInstance, startTessera } from './lib/children.mjs';
import { startNginx } from './lib/nginx.mjs';
import { createDatabase, postgresVersion } from './lib/pg.mjs';
import { describeMachine } from './lib/machine.mjs';
import { startResult, writeResult } from './lib/results.mjs';
import { fmt, sleep, summarize, verdict } from './lib/stats.mjs';

const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 200);
const VALIDATORS = Number(process.env.BENCH_VALIDATORS ?? 2);
const GRACE_MS = 100;
const TIMEOUT_MS = 5000;

const result = startResult('propagation', 'npm run bench:propagation', { revocations: REVOCATIONS, validators_per_target: VALIDATORS, nodes: 3, grace_ms: GRACE_MS });
console.log(`Revocation propagation — ${describeMachine(result.machine_before)}\n`);
result.postgres_version = await postgresVersion();

const database = await createDatabase('propagation');
const nodes = [];
let nginx;
let running = true;
let control;

/** The negative control: caches valid answers for `ttlMs` and never hears of revocations. */
function staleProxy(upstream, ttlMs) {
  const cache = new Map();
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const hit = cache.get(body);
    let answer = hit && performance.now() - hit.at < ttlMs ? hit.answer : undefined;
    if (!answer) {
      const r = await fetch(`${upstream}${req.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      answer = await r.text();
      if (JSON.parse(answer).valid === true) cache.set(body, { answer, at: performance.now() });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) })));
}

try {
  // As deploy/nginx/tessera.conf says to run nodes behind it.
  const env = { DATABASE_URL: database.url, TESSERA_SECRET: randomBytes(32).toString('hex'), TESSERA_LOG_LEVEL: 'warn', TESSERA_TRUST_PROXY: 'true' };
  nodes.push(await startTessera(env, { name: 'node 1' }));
  const { session } = await setUpInstance(nodes[0]);
  nodes.push(await startTessera(env, { name: 'node 2' }), await startTessera(env, { name: 'node 3' }));
  nginx = await startNginx(nodes.map((n) => `127.0.0.1:${n.port}`));
  result.nginx_config_source = nginx.source;
  console.log(`3 nodes (${nodes.map((n) => n.port).join(', ')}) behind nginx on ${nginx.port} (config from ${nginx.source})`);
  const targets = [...nodes.map((n, i) => ({ name: `node ${i + 1}`, url: n.url })), { name: 'nginx', url: nginx.url }];
  if (process.env.BENCH_PROPAGATION_CONTROL !== '0') {
    control = await staleProxy(nodes[2].url, 1000);
    targets.push({ name: 'control: stale proxy', url: control.url, control: true });
  }

  let current; // the revocation in progress: { token, id, T, seen: Map(target → { valid, refusedAt }) }
  let requests = 0;
  const validator = async (target) => {
    while (running) {
      const rev = current;
      if (!rev) {
        await sleep(2);
        continue;
      }
      const sent = performance.now();
      let valid;
      try {
        const r = await fetch(`${target.url}/v1/auth/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: rev.token }) });
        const body = await r.json();
        if (r.status !== 200) throw new Error(`${target.name}: ${r.status} ${JSON.stringify(body)}`);
        valid = body.valid === true;
      } catch (err) {
        if (!running) return;
        rev.errors.push(`${target.name}: ${err.message}`);
        continue;
      }
      const received = performance.now();
      requests++;
      target.latencies.push(received - sent);
      const s = rev.seen.get(target.name);
      if (valid) {
        s.valid++;
        if (rev.T !== undefined && sent >= rev.T + GRACE_MS) rev.violations.push({ target: target.name, control: !!target.control, sent_after_ms: sent - rev.T });
        if (rev.T !== undefined) s.lastValidSent = Math.max(s.lastValidSent ?? -Infinity, sent - rev.T);
      } else if (s.refusedAt === undefined) {
        s.refusedAt = received;
      }
    }
  };
  const loops = targets.flatMap((t) => Array.from({ length: VALIDATORS }, () => validator(t)));

  for (const t of targets) t.latencies = [];
  const perNode = Object.fromEntries(targets.map((t) => [t.name, []]));
  const perNodeLower = Object.fromEntries(targets.map((t) => [t.name, []]));
  const all = [];
  const allLower = [];
  let violations = [];
  const errors = [];
  const start = performance.now();
  for (let i = 0; i < REVOCATIONS; i++) {
    const created = await createTokenOver(nodes[(i + 1) % 3].url, session, `propagation-${i}`);
    const rev = { token: created.secret, id: created.id, seen: new Map(targets.map((t) => [t.name, { valid: 0 }])), violations: [], errors: [] };
    current = rev;
    // Every target has answered valid at least twice: every node holds it warm.
    const w0 = performance.now();
    while ([...rev.seen.values()].some((s) => s.valid < 2)) {
      if (performance.now() - w0 > TIMEOUT_MS) throw new Error(`token ${i} never validated everywhere: ${JSON.stringify([...rev.seen])} ${rev.errors.slice(0, 3)}`);
      await sleep(1);
    }
    const via = nodes[i % 3];
    const revoked = await api(via.url, 'DELETE', `/v1/tokens/${created.id}`, { token: session });
    rev.T = performance.now();
    if (revoked.status !== 200 && revoked.status !== 204) throw new Error(`revoke failed: ${revoked.status} ${JSON.stringify(revoked.body)}`);
    // Watch until every target has refused and the grace window has passed (plus a margin).
    while ([...rev.seen.values()].some((s) => s.refusedAt === undefined) || performance.now() < rev.T + GRACE_MS + 150) {
      if (performance.now() - rev.T > TIMEOUT_MS) break;
      await sleep(2);
    }
    current = undefined;
    await sleep(20); // let in-flight requests for this token land
    for (const t of targets) {
      const s = rev.seen.get(t.name);
      const ms = s.refusedAt === undefined ? TIMEOUT_MS : Math.max(0, s.refusedAt - rev.T);
      const lower = Math.max(0, s.lastValidSent ?? 0);
      perNode[t.name].push(ms);
      perNodeLower[t.name].push(lower);
      if (!t.control) {
        all.push(ms);
        allLower.push(lower);
      }
    }
    violations = violations.concat(rev.violations.map((v) => ({ ...v, revocation: i })));
    errors.push(...rev.errors);
    if ((i + 1) % 50 === 0) console.log(`  ${i + 1} revocations, ${violations.filter((v) => !v.control).length} violations (control: ${violations.filter((v) => v.control).length}), worst so far ${fmt(Math.max(...all), 1)} ms`);
  }
  running = false;
  await Promise.all(loops);
  const elapsed = (performance.now() - start) / 1000;

  console.log('');
  result.requests = requests;
  result.requests_per_second = requests / elapsed;
  result.per_target_ms = Object.fromEntries(Object.entries(perNode).map(([k, v]) => [k, summarize(v)]));
  result.all_ms = summarize(all);
  result.per_target_lower_bound_ms = Object.fromEntries(Object.entries(perNodeLower).filter(([k]) => !k.startsWith('control')).map(([k, v]) => [k, summarize(v)]));
  result.all_lower_bound_ms = summarize(allLower);
  result.request_latency_ms = Object.fromEntries(targets.map((t) => [t.name, summarize(t.latencies)]));
  const controlViolations = violations.filter((v) => v.control);
  violations = violations.filter((v) => !v.control);
  result.violations = violations.length;
  result.violating_revocations = new Set(violations.map((v) => v.revocation)).size;
  result.violation_max_sent_after_ms = violations.length ? Math.max(...violations.map((v) => v.sent_after_ms)) : null;
  result.violation_examples = violations.slice(0, 10);
  if (violations.length) console.log(`violations: ${violations.length} acceptances in ${result.violating_revocations} of ${REVOCATIONS} revocations, the latest sent ${fmt(result.violation_max_sent_after_ms, 1)} ms after the revoke returned`);
  if (control) {
    result.control = { violations: controlViolations.length, ms: result.per_target_ms['control: stale proxy'] };
    delete result.per_target_ms['control: stale proxy'];
    console.log(`negative control (stale proxy, 1 s cache): ${controlViolations.length} violations, propagation p50 ${fmt(result.control.ms.p50, 1)} ms — the harness ${controlViolations.length ? 'catches' : 'DID NOT catch'} a node without invalidation`);
  }
  result.errors = errors.length;
  result.error_examples = errors.slice(0, 5);
  for (const [k, s] of Object.entries(result.per_target_ms)) {
    const lo = result.per_target_lower_bound_ms[k];
    const lat = result.request_latency_ms[k];
    console.log(`${k}: propagation upper bound p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms, max ${fmt(s.max, 1)} ms; lower bound p50 ${fmt(lo.p50, 1)} ms, p99 ${fmt(lo.p99, 1)} ms, max ${fmt(lo.max, 1)} ms; validate request latency p50 ${fmt(lat.p50, 1)} ms, p99 ${fmt(lat.p99, 1)} ms`);
  }
  console.log(`all: upper bound p50 ${fmt(result.all_ms.p50, 1)} ms, p99 ${fmt(result.all_ms.p99, 1)} ms, max ${fmt(result.all_ms.max, 1)} ms; lower bound p99 ${fmt(result.all_lower_bound_ms.p99, 1)} ms, max ${fmt(result.all_lower_bound_ms.max, 1)} ms over ${fmt(REVOCATIONS)} revocations × ${targets.filter((t) => !t.control).length} targets; ${fmt(requests)} validations (${fmt(result.requests_per_second)}/s), ${errors.length} errors`);
  console.log('');
  result.targets = [
    verdict(`successful validations sent ≥ ${GRACE_MS} ms after the revoke returned`, violations.length, 0, { higherIsBetter: false }),
    verdict('p99 propagation, upper bound: first refusal arrived (ms)', result.all_ms.p99, 100, { higherIsBetter: false, unit: ' ms' }),
    verdict('p99 propagation, lower bound: last acceptance sent (ms)', result.all_lower_bound_ms.p99, 100, { higherIsBetter: false, unit: ' ms' }),
  ];
} finally {
  running = false;
  await control?.close();
  await nginx?.stop();
  for (const n of nodes) await n.stop();
  await database.drop();
}
writeResult(result);
// The safety property is an assertion, not just a figure: late acceptances fail the command.
if (result.violations) {
  console.error(`FAILED: ${result.violations} validations succeeded ≥ ${GRACE_MS} ms after their token's revoke call returned`);
  process.exitCode = 1;
}
