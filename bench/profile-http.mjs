// Diagnostic (not a benchmark): `node bench/profile-http.mjs` runs `tessera serve` under
// node --cpu-prof with the HTTP benchmark's load for a few seconds, then prints the functions
// with the most self time. Env: BENCH_TESSERA_DIST, BENCH_HTTP_SECONDS (default 5),
// TESSERA_LOG_LEVEL (default warn).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenOver, setUpInstance, startChild } from './lib/children.mjs';
import { createDatabase } from './lib/pg.mjs';
import { tesseraBin } from './lib/tessera.mjs';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'tessera-prof-'));
const db = await createDatabase('profile');
try {
  const child = startChild(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, tesseraBin, 'serve', '--port', '0'], {
    PATH: process.env.PATH, DATABASE_URL: db.url, TESSERA_SECRET: randomBytes(32).toString('hex'), TESSERA_LOG_LEVEL: process.env.TESSERA_LOG_LEVEL ?? 'warn',
  });
  const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
  const node = { ...child, url: `http://127.0.0.1:${port}` };
  const { session } = await setUpInstance(node);
  const token = (await createTokenOver(node.url, session, 'profile')).secret;
  const r = await new Promise((resolve, reject) => autocannon({ url: `${node.url}/v1/auth/validate`, method: 'POST', connections: 50, duration: SECONDS, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) }, (e, x) => (e ? reject(e) : resolve(x))));
  console.log(`${Math.round(r.requests.average)} req/s under the profiler`);
  await child.stop();
  const prof = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  // Self time by where the code lives: a package, Tessera's dist/<folder>, or node itself.
  const bucket = new Map();
  for (const [k, v] of self) {
    const where = / (dist\/[^/:]+|@?[^/ ]+(?:\/[^/ ]+)?)\//.exec(k)?.[1] ?? (k.includes(' node:') ? 'node internals' : k.split(' ')[0]);
    bucket.set(where, (bucket.get(where) ?? 0) + v);
  }
  console.log('\nby location:');
  for (const [k, v] of [...bucket.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
} finally {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
