import { spawn } from 'node:child_process';
import { tesseraBin } from './tessera.mjs';

/**
 * A child process whose output is scanned for start-up lines then discarded (a server logging
 * every request must never block on a full pipe). `stop()` sends SIGTERM and waits.
 */
export function startChild(command, args, env, { name = command } = {}) {
  const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let head = '';
  const waiters = [];
  const scan = (chunk) => {
    if (head.length < 64 * 1024) {
      head += chunk.toString();
      for (const w of [...waiters]) {
        const m = w.pattern.exec(head);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  proc.stdout.on('data', scan);
  proc.stderr.on('data', scan);
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(({ code, signal }) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`${name} exited (${code ?? signal}) before printing ${w.pattern}:\n${head.slice(-2000)}`));
  });
  return {
    proc,
    output: () => head,
    waitFor(pattern, timeoutMs = 30_000) {
      const m = pattern.exec(head);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const w = { pattern, resolve, reject };
        waiters.push(w);
        setTimeout(() => {
          if (waiters.includes(w)) {
            waiters.splice(waiters.indexOf(w), 1);
            reject(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${head.slice(-2000)}`));
          }
        }, timeoutMs).unref();
      });
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

export async function api(url, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(url + path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

/** The real `tessera serve` (the built binary) on a free port; `nodeArgs` go to node before it (e.g. `--cpu-prof`). */
export async function startTessera(env, { name = 'tessera serve', timeoutMs = 30_000, nodeArgs = [] } = {}) {
  const child = startChild(process.execPath, [...nodeArgs, tesseraBin, 'serve', '--port', '0'], {
    PATH: process.env.PATH, HOME: process.env.HOME, ...env,
  }, { name });
  const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/, timeoutMs);
  return { ...child, url: `http://127.0.0.1:${port}`, port: Number(port) };
}

/** First-run setup through the API (the printed setup code), then a workspace token. */
export async function setUpInstance(node) {
  const [, code] = await node.waitFor(/Setup code: +([0-9A-Za-z]+)/);
  const setup = await api(node.url, 'POST', '/v1/setup', {
    body: { setup_code: code, email: 'bench@example.com', password: 'benchmark-password', name: 'Bench', workspace: { name: 'Bench', slug: 'bench' } },
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  return { session: setup.body.token, workspace: setup.body.workspace };
}

export async function createTokenOver(url, session, name) {
  const r = await api(url, 'POST', '/v1/workspaces/bench/tokens', { token: session, body: { kind: 'workspace', name, scopes: ['read'], expires_in_days: 30 } });
  if (r.status !== 201) throw new Error(`token creation failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
