// Diagnostic (not a recorded benchmark): what answering one gateway check costs in CPU at the
// floor, whatever Tessera does, by the way the answer is produced. Three toy servers, each its own
// process, loaded in turn by wrk with the headers nginx's subrequest carries, rounds alternating:
//   node-http-bare    node:http, the bench upstream's answer (bench/gateway/upstream.mjs);
//   node-http-gateway node:http, the gateway's 200 (its twelve headers, a salted SHA-256 of the token);
//   raw-socket        the same bytes written by a keep-alive HTTP/1.1 responder on net.Socket, no node:http.
// The raw responder is a measuring stick only (it parses nothing it should not trust); it sizes what a
// hand-written responder in front of node:http could save per check. `node bench/gateway/responder-floor.mjs`.
// Env: FLOOR_ROUNDS (5), FLOOR_SECONDS (2), FLOOR_CONNECTIONS (32).
import { execFile, spawn } from 'node:child_process';
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const TOKEN = 'tsrw_0123456789abcdefghijABCDEFGHIJ0123456789abcd';
const IDENTITY = [
  'x-tessera-token-id', 'tok_0123456789abcdef0123', 'x-tessera-kind', 'workspace', 'x-tessera-workspace-id', 'ws_0123456789abcdef0123',
  'x-tessera-project-id', '', 'x-tessera-user-id', '', 'x-tessera-scopes', 'read', 'x-tessera-role', '', 'x-tessera-status', 'active',
  'cache-control', 'no-store', 'x-content-type-options', 'nosniff',
];
const mode = process.argv[2];
let n = 0;
const listen = (server) => server.listen(0, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${server.address().port}`));

if (mode === 'node-http-bare') {
  const body = JSON.stringify({ ok: true, items: [1, 2, 3] });
  listen(createHttpServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }));
} else if (mode === 'node-http-gateway') {
  listen(createHttpServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    hash('sha256', `salt${auth.slice(7)}`, 'hex');
    const h = IDENTITY.slice();
    h.push('x-request-id', `req-${(n++).toString(36)}`, 'content-length', '0');
    res.writeHead(200, h);
    res.end();
  }));
} else if (mode === 'raw-socket') {
  let head = 'HTTP/1.1 200 OK\r\n';
  for (let i = 0; i < IDENTITY.length; i += 2) head += `${IDENTITY[i]}: ${IDENTITY[i + 1]}\r\n`;
  listen(createNetServer((s) => {
    s.setNoDelay(true);
    let buf = '';
    s.on('data', (d) => {
      buf += d.latin1Slice(0, d.length);
      let out = '';
      for (let end; (end = buf.indexOf('\r\n\r\n')) !== -1;) {
        const req = buf.slice(0, end);
        buf = buf.slice(end + 4);
        const a = req.indexOf('\r\nAuthorization: Bearer ');
        hash('sha256', `salt${a === -1 ? '' : req.slice(a + 24, req.indexOf('\r\n', a + 24) >>> 0)}`, 'hex');
        out += `${head}x-request-id: req-${(n++).toString(36)}\r\ncontent-length: 0\r\nDate: ${new Date().toUTCString()}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n`;
      }
      if (out) s.write(out, 'latin1');
    });
    s.on('error', () => {});
  }));
} else {
  const ROUNDS = Number(process.env.FLOOR_ROUNDS ?? 5);
  const SECONDS = Number(process.env.FLOOR_SECONDS ?? 2);
  const CONNECTIONS = Number(process.env.FLOOR_CONNECTIONS ?? 32);
  const cpuUs = (pid) => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 1e4;
  };
  const headers = ['Host: tessera_auth', 'X-Original-Method: GET', 'X-Original-URI: /things', 'X-Forwarded-Method: GET', 'X-Forwarded-For: 127.0.0.1', `Authorization: Bearer ${TOKEN}`].flatMap((h) => ['-H', h]);
  const lanes = [];
  for (const name of ['node-http-bare', 'node-http-gateway', 'raw-socket']) {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), name], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise((resolve) => proc.stdout.once('data', (d) => resolve(/:(\d+)/.exec(String(d))[1])));
    lanes.push({ name, proc, url: `http://127.0.0.1:${port}/v1/auth/gateway`, runs: [] });
  }
  try {
    for (let round = -1; round < ROUNDS; round++) {
      const order = round % 2 ? lanes : [...lanes].reverse();
      for (const lane of order) {
        const c0 = cpuUs(lane.proc.pid);
        const { stdout } = await promisify(execFile)('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, ...headers, lane.url]);
        const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]);
        if (round >= 0) lane.runs.push({ rps, cpu: (cpuUs(lane.proc.pid) - c0) / (rps * SECONDS) });
      }
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    for (const l of lanes) console.log(`${l.name.padEnd(18)} median ${Math.round(med(l.runs.map((r) => r.rps)))} req/s, CPU ${med(l.runs.map((r) => r.cpu)).toFixed(1)} µs/request (rounds: ${l.runs.map((r) => r.cpu.toFixed(1)).join(', ')})`);
  } finally {
    for (const l of lanes) l.proc.kill('SIGTERM');
  }
}
