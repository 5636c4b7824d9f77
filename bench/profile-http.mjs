// Diagnostic (not a benchmark): `npm run build && node bench/profile-http.mjs` runs the real
// `tessera serve` (PostgreSQL) under the HTTP benchmark's load and profiles the steady state only:
// after a warm-up, SIGUSR2 starts V8's CPU profiler (bench/profile/steady-state-hook.mjs), and a
// second SIGUSR2 stops it. Prints the functions with the most self time, the self time by
// location, and the inclusive time of the request's main stages.
// Times are in µs per request. PROFILE_TARGET picks the server: serve (default), bare (the
// benchmark's baseline, the bare Fastify route), app or app-fixed (the benchmark's diagnostic
// server: its validate route or its fixed-answer route), for side-by-side readings.
// Env: BENCH_TESSERA_DIST, BENCH_HTTP_SECONDS (default 5), TESSERA_LOG_LEVEL (default info,
// the default), PROFILE_KEEP=1 keeps the .cpuprofile (open it in Chrome's DevTools).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenOver, setUpInstance, startChild } from './lib/children.mjs';
import { createDatabase } from './lib/pg.mjs';
import { benchDir } from './lib/results.mjs';
import { sleep } from './lib/stats.mjs';
import { tesseraBin } from './lib/tessera.mjs';

const BARE_RESPONSE = {
  valid: true, token_id: 'tok_pDRmd0gAsXijCVeq', kind: 'workspace', display_prefix: 'tsrw_YUhafj4q', workspace_id: 'wsp_XrroHmrP4FP8PAjN',
  org_id: 'wsp_XrroHmrP4FP8PAjN', project_id: null, user_id: null, scopes: ['read'], expires_at: '2026-12-29T17:04:06.556Z',
};

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'tessera-prof-'));
const out = join(dir, 'steady.cpuprofile');
const db = await createDatabase('profile');
const load = (url, token, duration, path) => new Promise((resolve, reject) => autocannon({
  url: `${url}${path}`, method: 'POST', connections: 50, duration, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
}, (e, x) => (e ? reject(e) : resolve(x))));
try {
  const target = process.env.PROFILE_TARGET ?? 'serve';
  const hook = ['--import', join(benchDir, 'profile/steady-state-hook.mjs')];
  const env = { PATH: process.env.PATH, PROFILE_OUT: out, BARE_RESPONSE: JSON.stringify(BARE_RESPONSE) };
  let child;
  let token;
  let path = '/v1/auth/validate';
  if (target === 'bare') {
    child = startChild(process.execPath, [...hook, join(benchDir, 'http/bare-server.mjs')], env);
    token = 'tsrw_bare';
  } else if (target === 'app' || target === 'app-fixed') {
    // The HTTP benchmark's diagnostic server: buildApp with no request log, and a fixed-answer route.
    child = startChild(process.execPath, [...hook, join(benchDir, 'http/tessera-app-server.mjs')], { ...env, DATABASE_URL: db.url });
    [, token] = await child.waitFor(/token (\S+)/);
    if (target === 'app-fixed') path = '/bench/fixed';
  } else {
    child = startChild(process.execPath, [...hook, tesseraBin, 'serve', '--port', '0'], {
      ...env, DATABASE_URL: db.url, TESSERA_SECRET: randomBytes(32).toString('hex'), TESSERA_LOG_LEVEL: process.env.TESSERA_LOG_LEVEL ?? 'info',
    });
  }
  const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
  const node = { ...child, url: `http://127.0.0.1:${port}` };
  token ??= (await createTokenOver(node.url, (await setUpInstance(node)).session, 'profile')).secret;
  await load(node.url, token, 3, path); // warm-up: JIT, caches
  child.proc.kill('SIGUSR2');
  await sleep(200);
  const r = await load(node.url, token, SECONDS, path);
  child.proc.kill('SIGUSR2');
  await child.waitFor(/profile written/);
  console.log(`${target}: ${Math.round(r.requests.average)} req/s under the profiler (steady state only)`);
  await child.stop();
  summarize(JSON.parse(readFileSync(out, 'utf8')), r.requests.total);
  if (process.env.PROFILE_KEEP === '1') console.log(`\nprofile kept: ${out}`);
} finally {
  await db.drop();
  if (process.env.PROFILE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}

function summarize(prof, requests) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => {
    const f = n.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${f.lineNumber + 1}`;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const dt = prof.timeDeltas[i + 1] ?? 0;
    total += dt;
    const key = name(byId.get(id));
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  // µs per request (the profile's times are µs); idle is time the server waited for the load.
  const pct = (v) => `${(v / requests).toFixed(2).padStart(6)} µs`;
  console.log(`sampled ${(total / 1e6).toFixed(2)} s over ${requests} requests: ${(total / requests).toFixed(1)} µs per request, idle included`);
  console.log('\nself time:');
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 35))) console.log(`${pct(v)}  ${k}`);
  const bucket = new Map();
  for (const [k, v] of self) {
    const where = / (dist\/[^/:]+|@?[^/ ]+(?:\/[^/ ]+)?)\//.exec(k)?.[1] ?? (k.includes(' node:') ? 'node internals' : k.split(' ')[0]);
    bucket.set(where, (bucket.get(where) ?? 0) + v);
  }
  console.log('\nself time by location:');
  for (const [k, v] of [...bucket.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(v)}  ${k}`);
  console.log('\ninclusive time (Tessera and Fastify functions):');
  for (const [k, v] of [...inclusive.entries()].filter(([k]) => / (dist\/|fastify\/|pino\/|@fastify\/|fast-json-stringify|ajv\/)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${pct(v)}  ${k}`);
}
