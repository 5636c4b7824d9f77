// Diagnostic (not a recorded benchmark): Tessera's CPU per gateway check against the small
// upstream's CPU per request, each server loaded straight by wrk with the headers nginx's
// subrequest carries, alternating rounds. `node bench/gateway/direct-cpu.mjs` after `npm run build`.
// Env: DIRECT_ROUNDS (6), DIRECT_SECONDS (3), DIRECT_CONNECTIONS (32), BENCH_TESSERA_NODE_ARGS;
// DIRECT_BUILDS=`name=/path/to/dist,…` compares several builds of Tessera (e.g. a copy of the
// last commit's dist against the working tree's), each its own process, round by round.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTokenOver, setUpInstance, startChild } from '../lib/children.mjs';
import { distDir } from '../lib/tessera.mjs';
import { benchDir } from '../lib/results.mjs';
import { fmt, median } from '../lib/stats.mjs';

const ROUNDS = Number(process.env.DIRECT_ROUNDS ?? 6);
const SECONDS = Number(process.env.DIRECT_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.DIRECT_CONNECTIONS ?? 32);
const cpuUs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(f[11]) * 1e4, system: Number(f[12]) * 1e4 };
};
// What nginx's /_tessera_check subrequest sends (deploy/nginx/gateway.conf).
const checkHeaders = (token) => [
  'Host: tessera_auth', 'X-Original-Method: GET', 'X-Original-URI: /things', 'X-Forwarded-Method: GET', 'X-Forwarded-For: 127.0.0.1',
  'User-Agent: wrk', 'Accept: */*', `Authorization: Bearer ${token}`,
].flatMap((h) => ['-H', h]);

const prefix = mkdtempSync(join(tmpdir(), 'tessera-direct-'));
const children = [];
try {
  const nodeArgs = process.env.BENCH_TESSERA_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const builds = (process.env.DIRECT_BUILDS ?? `tessera=${distDir}`).split(',').map((b) => b.split('='));
  const lanes = [];
  for (const [name, dist] of builds) {
    const child = startChild(process.execPath, [...nodeArgs, join(dist, 'bin/tessera.js'), 'serve', '--port', '0'], { PATH: process.env.PATH, HOME: process.env.HOME, TESSERA_DATA_DIR: join(prefix, name) }, { name });
    children.push(child);
    const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/, 180_000);
    const node = { ...child, url: `http://127.0.0.1:${port}` };
    const { session } = await setUpInstance(node);
    const token = (await createTokenOver(node.url, session, 'direct')).secret;
    const url = `${node.url}/v1/auth/gateway`;
    const check = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (check.status !== 200) throw new Error(`${name}: check answered ${check.status}`);
    lanes.push({ name, pid: child.proc.pid, url, token });
  }
  const upstream = startChild(process.execPath, [join(benchDir, 'gateway/upstream.mjs')], { PATH: process.env.PATH }, { name: 'upstream' });
  children.push(upstream);
  const [, apiPort] = await upstream.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
  lanes.push({ name: 'upstream', pid: upstream.proc.pid, url: `http://127.0.0.1:${apiPort}/things`, token: lanes[0].token });
  const out = Object.fromEntries(lanes.map((l) => [l.name, []]));
  for (let round = -1; round < ROUNDS; round++) {
    for (const lane of round % 2 ? lanes : [...lanes].reverse()) {
      const c0 = cpuUs(lane.pid);
      const { stdout } = await promisify(execFile)('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, ...checkHeaders(lane.token), lane.url]);
      const c1 = cpuUs(lane.pid);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]);
      if (/Non-2xx/.test(stdout)) throw new Error(`${lane.name}: non-2xx answers`);
      const n = rps * SECONDS;
      const r = { rps, user: (c1.user - c0.user) / n, system: (c1.system - c0.system) / n };
      if (round >= 0) out[lane.name].push(r);
      console.log(`${round < 0 ? 'warm-up' : `round ${round + 1}`} ${lane.name}: ${fmt(rps)} req/s, CPU µs/request user ${fmt(r.user, 1)} system ${fmt(r.system, 1)} total ${fmt(r.user + r.system, 1)}`);
    }
  }
  for (const [name, rs] of Object.entries(out)) {
    console.log(`${name}: median ${fmt(median(rs.map((r) => r.rps)))} req/s; CPU µs/request median user ${fmt(median(rs.map((r) => r.user)), 1)}, system ${fmt(median(rs.map((r) => r.system)), 1)}, total ${fmt(median(rs.map((r) => r.user + r.system)), 1)}`);
  }
  const total = (r) => r.user + r.system;
  for (const [name] of builds) console.log(`${name} ÷ upstream CPU per request (median of rounds): ${fmt(median(out[name].map((r, i) => total(r) / total(out.upstream[i]))), 2)}×`);
  if (builds.length > 1) for (const [name] of builds.slice(1)) console.log(`${name} ÷ ${builds[0][0]} CPU per request (median of rounds): ${fmt(median(out[name].map((r, i) => total(r) / total(out[builds[0][0]][i]))), 2)}×`);
} finally {
  for (const c of children.reverse()) await c.stop();
  rmSync(prefix, { recursive: true, force: true });
}
