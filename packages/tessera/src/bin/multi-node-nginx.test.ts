import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, envWith, onPostgres, type BinaryHarness, type Child } from '../test-support/built-binary.js';
import { NGINX, freePort, startNginx, type Proxy } from '../test-support/proxies.js';

/**
 * Three real `tessera serve` processes sharing one fresh PostgreSQL schema, behind a real nginx
 * running deploy/nginx/tessera.conf (only its node ports and listen address rewritten): a token
 * created through the balancer validates on every node, and once revoked through the balancer
 * every node refuses it.
 */
const EXAMPLE = fileURLToPath(new URL('../../../../deploy/nginx/tessera.conf', import.meta.url));
const NODES = 3;

const skipReason = !NGINX
  ? 'nginx is not installed (.ci/run installs it)'
  : !process.env.TESSERA_TEST_DATABASE_URL
    ? 'no PostgreSQL: set TESSERA_TEST_DATABASE_URL'
    : !onPostgres
      ? 'runs in the postgres project only'
      : null;

/** deploy/nginx/tessera.conf with these node ports and this listen port (its http-level snippet, as shipped otherwise). */
function exampleSnippet(example: string, nodePorts: number[], listenPort: number): string {
  const snippet = example
    .replace(/^\s*server\s+127\.0\.0\.1:\d+[^;]*;\n/gm, '')
    .replace(/upstream tessera \{\n/, `upstream tessera {\n${nodePorts.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;\n`).join('')}`)
    .replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${listenPort};`);
  if (!snippet.includes(`listen 127.0.0.1:${listenPort};`) || !snippet.includes(`server 127.0.0.1:${nodePorts[0]}`)) throw new Error('deploy/nginx/tessera.conf no longer has the lines this test rewrites');
  return snippet;
}

describe.skipIf(skipReason !== null)(`${NODES} tessera nodes behind nginx, sharing PostgreSQL${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let harness: BinaryHarness;
  let nodes: { url: string; child: Child }[] = [];
  let nginx: Proxy | undefined;
  let balancer = '';
  let setupCode = '';

  beforeAll(async () => {
    harness = await buildBinary();
    const instance = await harness.instanceEnv(); // one fresh schema, one secret: shared by every node
    for (let i = 0; i < NODES; i++) {
      const child = harness.run(['serve', '--port', '0'], envWith({ ...instance, TESSERA_DATA_DIR: harness.tempDir('tessera-node-'), TESSERA_TRUST_PROXY: 'true' }));
      const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
      // While nobody has set up, each start issues a new code: the last node's is the one that works.
      setupCode = (await child.waitFor(/Setup code: +([0-9A-Za-z]+)/))[1]!;
      nodes.push({ url: `http://127.0.0.1:${port}`, child });
    }
    const listenPort = await freePort();
    nginx = await startNginx(exampleSnippet(readFileSync(EXAMPLE, 'utf8'), nodes.map((n) => Number(new URL(n.url).port)), listenPort), listenPort, harness.tempDir('tessera-nginx-'));
    balancer = nginx.url;
  }, 240_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(nodes.map(async (n) => {
      if (n.child.proc.exitCode === null) {
        n.child.proc.kill('SIGTERM');
        await n.child.exited;
      }
    }));
    nodes = [];
    await harness?.cleanup();
  });

  async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(base + path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  }
  const validateOn = async (base: string, token: string) => (await call(base, 'POST', '/v1/auth/validate', { token })).body as { valid: boolean; code?: string };

  it('creates a token through the balancer, validates it on every node, revokes it through the balancer, and every node refuses it', async () => {
    const setup = await call(balancer, 'POST', '/v1/setup', { setup_code: setupCode, email: 'owner@example.com', password: 'a long enough password', name: 'Olivia', workspace: { name: 'Acme', slug: 'acme' } });
    expect(setup.status).toBe(201);
    const session = setup.body.token as string;
    const created = await call(balancer, 'POST', '/v1/workspaces/acme/tokens', { kind: 'workspace', name: 'ci', scopes: ['read'], expires_in_days: 30 }, session);
    expect(created.status).toBe(201);
    const token = created.body.secret as string;

    // Every node answers for it, and keeps it warm in its cache.
    for (const n of nodes) {
      for (let i = 0; i < 3; i++) expect(await validateOn(n.url, token)).toMatchObject({ valid: true, token_id: created.body.id });
      const metrics = (await call(n.url, 'GET', '/metrics')).body as string;
      expect(metrics).toMatch(/^tessera_token_cache_lookups_total\{result="hit"\} [1-9]/m);
      expect((await call(n.url, 'GET', '/readyz')).status).toBe(200);
    }
    for (let i = 0; i < 6; i++) expect((await validateOn(balancer, token)).valid).toBe(true);

    const revoked = await call(balancer, 'DELETE', `/v1/tokens/${created.body.id}`, undefined, session);
    expect(revoked.status).toBe(204);

    // Straight away on every node. A node other than the one that revoked hears of it through
    // PostgreSQL's notification, which can in principle arrive a moment after the 204: allow
    // 100 ms (the project's propagation target) and report how many answered on the first try.
    const started = performance.now();
    let firstTry = 0;
    for (const n of nodes) {
      let r = await validateOn(n.url, token);
      if (!r.valid) firstTry++;
      while (r.valid && performance.now() - started < 100) r = await validateOn(n.url, token);
      expect(r, `node ${n.url}`).toMatchObject({ valid: false, code: 'revoked' });
    }
    console.log(`multi-node: ${firstTry}/${nodes.length} nodes refused the revoked token on the first request after the 204`);
    for (let i = 0; i < 6; i++) expect(await validateOn(balancer, token)).toMatchObject({ valid: false, code: 'revoked' });
  });

  it('hides /metrics behind the balancer and passes the client address to the nodes', async () => {
    expect((await call(balancer, 'GET', '/metrics')).status).toBe(404);
    expect((await call(balancer, 'GET', '/readyz')).status).toBe(200);
    // The nodes see the client's address (here 127.0.0.1), and a client cannot choose another
    // with its own X-Forwarded-For: nginx overwrites it.
    const signIn = await call(balancer, 'POST', '/v1/sessions', { email: 'owner@example.com', password: 'a long enough password' });
    expect(signIn.status).toBe(201);
    const r = await fetch(`${balancer}/v1/workspaces/acme/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signIn.body.token}`, 'x-forwarded-for': '203.0.113.66' },
      body: JSON.stringify({ kind: 'workspace', name: 'spoofed', scopes: ['read'], expires_in_days: 30 }),
    });
    expect(r.status).toBe(201);
    const events = await call(balancer, 'GET', '/v1/workspaces/acme/audit-events?action=token.created', undefined, signIn.body.token);
    expect(events.status).toBe(200);
    const created = (events.body.items as { target_label?: string; details: { name?: string }; ip: string | null }[]).find((e) => e.details.name === 'spoofed');
    expect(created?.ip).toBe('127.0.0.1');
  });

  it('keeps serving through the balancer when a node stops', async () => {
    const last = nodes.at(-1)!;
    last.child.proc.kill('SIGTERM');
    await last.child.exited;
    for (let i = 0; i < 9; i++) expect((await call(balancer, 'GET', '/healthz')).status).toBe(200);
  });
});
