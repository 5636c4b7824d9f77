import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** Real reverse proxies (nginx, Caddy) as child processes on free loopback ports, for end-to-end tests. */
export const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => existsSync(p));
export const CADDY = ['/usr/bin/caddy', '/usr/local/bin/caddy'].find((p) => existsSync(p));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Proxy {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/** What the echo upstream saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A tiny upstream API: answers every request with what it received (method, URL, headers, body) as JSON, and remembers it. */
export async function startEchoUpstream(): Promise<{ url: string; port: number; seen: Seen[]; stop(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(s);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(s));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`, port, seen,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function until(ready: () => Promise<boolean>, proc: ChildProcess, what: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`${what} did not come up (exit ${proc.exitCode}):\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stopper = (proc: ChildProcess, signal: NodeJS.Signals) => async () => {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill(signal);
  await exited;
};

/** nginx running `httpSnippet` (an http-level config) inside a minimal nginx.conf whose paths are all under `prefix`. */
export async function startNginx(httpSnippet: string, listenPort: number, prefix: string): Promise<Proxy> {
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, d), { recursive: true });
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : '';
  writeFileSync(join(prefix, 'nginx.conf'), `${user}daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path ${prefix}/client_body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;
${httpSnippet}
}
`);
  let out = '';
  const proc = spawn(NGINX!, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const log = () => out + (existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '');
  const url = `http://127.0.0.1:${listenPort}`;
  await until(async () => !!(await fetch(url, { method: 'HEAD' })), proc, 'nginx', log);
  return { url, log, stop: stopper(proc, 'SIGQUIT') };
}

/** Caddy running `caddyfile` unchanged, its `{$VARIABLES}` from `env`, with HOME (its data and config) under `home`. */
export async function startCaddy(caddyfile: string, env: Record<string, string>, listenPort: number, home: string): Promise<Proxy> {
  let out = '';
  const proc = spawn(CADDY!, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
    env: { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${listenPort}`;
  await until(async () => !!(await fetch(url, { method: 'HEAD' })), proc, 'caddy', () => out);
  return { url, log: () => out, stop: stopper(proc, 'SIGTERM') };
}
