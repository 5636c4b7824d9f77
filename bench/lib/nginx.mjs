import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { startChild } from './children.mjs';
import { repoRoot } from './results.mjs';

export const NGINX = process.env.BENCH_NGINX ?? '/usr/sbin/nginx';
/** The documented example config, when the tree has one: the benchmark runs it with our upstreams. */
export const EXAMPLE_CONFIG = join(repoRoot, 'deploy/nginx/tessera.conf');

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The `upstream` and `server` blocks: from deploy/nginx/tessera.conf when present, else our own. */
function httpBlocks(upstreams, port) {
  const servers = upstreams.map((u) => `    server ${u};`).join('\n');
  if (existsSync(EXAMPLE_CONFIG)) {
    let conf = readFileSync(EXAMPLE_CONFIG, 'utf8');
    // The example's own upstream servers get our nodes' addresses (keeping their options), and
    // its listen address ours; everything else runs as documented.
    conf = conf.replace(/(upstream\s+[\w-]+\s*\{)([^}]*)\}/, (_m, open, body) => {
      const lines = body.match(/^[ \t]*server[ \t]+[^;\n]+;[ \t]*$/gm) ?? [];
      let rest = body;
      for (const l of lines) rest = rest.replace(l, '');
      const ours = lines.length === upstreams.length
        ? lines.map((l, i) => l.replace(/(server\s+)\S+/, `$1${upstreams[i]}`)).join('\n')
        : servers;
      return `${open}\n${ours}\n${rest}}`;
    });
    conf = conf.replace(/^([ \t]*)listen[ \t]+[^;\n]+;/gm, `$1listen 127.0.0.1:${port};`);
    return { conf, source: 'deploy/nginx/tessera.conf' };
  }
  return {
    source: 'bench/lib/nginx.mjs (built-in)',
    conf: `
  upstream tessera {
${servers}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://tessera;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }`,
  };
}

/** nginx.conf around an http-level `http` snippet, every path under `prefix`. Workers: BENCH_NGINX_WORKERS (default 1). */
export function mainConfig(prefix, http) {
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : '';
  return `${user}daemon off;
worker_processes ${process.env.BENCH_NGINX_WORKERS ?? 1};
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
${http}
}
`;
}

/**
 * Real nginx as a child process (daemon off) in a temporary prefix, running `http` (an
 * http-level snippet, or a function of the prefix returning one); ready once `readyUrl` answers
 * (any status, or `readyStatus`).
 */
export async function runNginx(http, readyUrl, { readyStatus } = {}) {
  const prefix = mkdtempSync(join(tmpdir(), 'tessera-bench-nginx-'));
  for (const d of ['logs', 'tmp']) mkdirSync(join(prefix, d));
  const config = mainConfig(prefix, typeof http === 'function' ? http(prefix) : http);
  writeFileSync(join(prefix, 'nginx.conf'), config);
  const child = startChild(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'logs/error.log')], { PATH: process.env.PATH }, { name: 'nginx' });
  for (let i = 0; ; i++) {
    const status = await fetch(readyUrl).then((r) => r.status, () => null);
    if (status !== null && (readyStatus === undefined || status === readyStatus)) break;
    if (i > 200 || child.proc.exitCode !== null) throw new Error(`nginx did not start: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child, config,
    async stop() {
      await child.stop();
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** Real nginx balancing over `upstreams` ("host:port"). */
export async function startNginx(upstreams) {
  const port = await freePort();
  const { conf, source } = httpBlocks(upstreams, port);
  const url = `http://127.0.0.1:${port}`;
  const nginx = await runNginx(conf, `${url}/v1/setup`);
  return { url, port, source, config: nginx.config, stop: nginx.stop };
}
