import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, onPostgres, type BinaryHarness } from '../test-support/built-binary.js';
import { startInstance, type ServedInstance } from '../test-support/served-instance.js';
import { CADDY, NGINX, freePort, startCaddy, startEchoUpstream, startNginx, type Proxy, type Seen } from '../test-support/proxies.js';

/**
 * The shipped proxy configs, end to end: a real `tessera serve`, a small upstream that echoes what
 * it receives, and in front of it real nginx running deploy/nginx/gateway.conf (its ports
 * rewritten) and real Caddy running deploy/caddy/Caddyfile (unchanged; ports through its
 * variables). What a client sees, and what the upstream is told.
 */
const NGINX_CONFIG = fileURLToPath(new URL('../../../../deploy/nginx/gateway.conf', import.meta.url));
const CADDYFILE = fileURLToPath(new URL('../../../../deploy/caddy/Caddyfile', import.meta.url));

const skip = (binary: string | undefined, name: string) =>
  !binary ? `${name} is not installed (.ci/run installs it)` : onPostgres ? 'runs in the pglite project only (the database is not what it tests)' : null;
const proxies = [
  { name: 'nginx', skip: skip(NGINX, 'nginx') },
  { name: 'caddy', skip: skip(CADDY, 'caddy') },
] as const;

/** deploy/nginx/gateway.conf with these ports: its two upstream servers and its listen line. */
function nginxGatewayConfig(conf: string, ports: { tessera: number; api: number; listen: number }): string {
  const out = conf
    .replace(/^(\s*)server 127\.0\.0\.1:7420;/m, `$1server 127.0.0.1:${ports.tessera};`)
    .replace(/^(\s*)server 127\.0\.0\.1:8080;/m, `$1server 127.0.0.1:${ports.api};`)
    .replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${ports.listen};`);
  for (const p of Object.values(ports)) if (!out.includes(`127.0.0.1:${p};`)) throw new Error('deploy/nginx/gateway.conf no longer has the lines this test rewrites');
  return out;
}

describe.skipIf(proxies.every((p) => p.skip !== null))(`the shipped gateway configs in front of a real Tessera${proxies.map((p) => (p.skip ? ` — ${p.name} skipped: ${p.skip}` : '')).join('')}`, () => {
  let harness: BinaryHarness;
  let tessera: ServedInstance;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  const running: Record<string, Proxy> = {};
  const tok: Record<string, { id: string; secret: string }> = {};

  beforeAll(async () => {
    harness = await buildBinary();
    // A first start creates the embedded database: slow on a busy machine.
    tessera = await startInstance(harness, { slug: 'acme', startTimeoutMs: 180_000 });
    for (const slug of ['web-app', 'api']) expect((await tessera.api('POST', '/v1/workspaces/acme/projects', { token: tessera.session, body: { name: slug, slug } })).status).toBe(201);
    const create = async (body: Record<string, unknown>) => {
      const r = await tessera.api('POST', '/v1/workspaces/acme/tokens', { token: tessera.session, body: { name: `t${Object.keys(tok).length}`, expires_in_days: 30, ...body } });
      expect(r.status).toBe(201);
      return { id: r.body.id as string, secret: r.body.secret as string };
    };
    tok.reader = await create({ kind: 'workspace', scopes: ['read'] });
    tok.writer = await create({ kind: 'workspace', scopes: ['read', 'write'] });
    tok.webUploader = await create({ kind: 'project', project: 'web-app', scopes: ['read', 'upload'] });
    tok.apiProject = await create({ kind: 'project', project: 'api', scopes: ['read', 'write'] });
    tok.revoked = await create({ kind: 'workspace', scopes: ['read'] });
    expect((await tessera.api('DELETE', `/v1/tokens/${tok.revoked.id}`, { token: tessera.session })).status).toBe(204);

    upstream = await startEchoUpstream();
    const tesseraPort = Number(new URL(tessera.url).port);
    if (!proxies[0].skip) {
      const listen = await freePort();
      const prefix = harness.tempDir('tessera-gateway-nginx-');
      running.nginx = await startNginx(nginxGatewayConfig(readFileSync(NGINX_CONFIG, 'utf8'), { tessera: tesseraPort, api: upstream.port, listen }), listen, prefix);
    }
    if (!proxies[1].skip) {
      const listen = await freePort();
      const admin = await freePort();
      running.caddy = await startCaddy(CADDYFILE, {
        SITE_ADDRESS: `http://127.0.0.1:${listen}`, TESSERA_UPSTREAM: `127.0.0.1:${tesseraPort}`, API_UPSTREAM: `127.0.0.1:${upstream.port}`, CADDY_ADMIN: `127.0.0.1:${admin}`,
      }, listen, harness.tempDir('tessera-gateway-caddy-'));
    }
  }, 400_000);

  afterAll(async () => {
    for (const p of Object.values(running)) await p.stop();
    await upstream?.stop();
    await tessera?.stop();
    await harness?.cleanup();
  });

  /** A request through a proxy: the client's status, headers and body, and what the upstream saw (undefined: it was not reached). */
  async function through(proxy: string, method: string, path: string, opts: { token?: string; headers?: Record<string, string>; body?: string } = {}) {
    const before = upstream.seen.length;
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const r = await fetch(running[proxy]!.url + path, { method, headers, body: opts.body ?? null });
    const text = await r.text();
    const seen: Seen | undefined = upstream.seen.length > before ? upstream.seen.at(-1) : undefined;
    return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text), seen };
  }

  for (const proxy of proxies) {
    describe.skipIf(proxy.skip !== null)(proxy.name, () => {
      const p = proxy.name;

      it('passes a valid token and tells the upstream who it is; the identity headers a client sends are replaced', async () => {
        const spoofed = {
          'x-tessera-token-id': 'tok_forged', 'x-tessera-user-id': 'usr_forged', 'x-tessera-scopes': 'read write admin',
          'x-tessera-role': 'owner', 'x-tessera-project-id': 'prj_forged', 'x-tessera-workspace-id': 'wsp_forged',
        };
        const r = await through(p, 'GET', '/things?x=1', { token: tok.reader!.secret, headers: spoofed });
        expect(r.status, r.text).toBe(200);
        expect(r.seen).toBeDefined();
        expect(r.seen!.url).toBe('/things?x=1');
        expect(r.seen!.headers).toMatchObject({
          'x-tessera-token-id': tok.reader!.id, 'x-tessera-kind': 'workspace', 'x-tessera-workspace-id': tessera.workspace.id,
          'x-tessera-scopes': 'read', 'x-tessera-role': 'admin', 'x-tessera-status': 'active',
        });
        // Absent for a workspace token, and not the client's value either.
        expect(r.seen!.headers['x-tessera-user-id'] ?? '').toBe('');
        expect(r.seen!.headers['x-tessera-project-id'] ?? '').toBe('');
        // The token itself still reaches the upstream (it may want it); the check's own headers do not leak.
        expect(r.seen!.headers.authorization).toBe(`Bearer ${tok.reader!.secret}`);
      });

      it('refuses a revoked token with 401 and Tessera\'s WWW-Authenticate challenge, without reaching the upstream', async () => {
        const r = await through(p, 'GET', '/things', { token: tok.revoked!.secret });
        expect(r.status).toBe(401);
        expect(r.seen).toBeUndefined();
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="tessera", error="invalid_token", error_description="token \(tsrw_\w+\) is revoked"/);
        expect(r.json().error.code).toMatch(/^(unauthenticated|invalid_token)$/);
        const none = await through(p, 'GET', '/things');
        expect(none.status).toBe(401);
        expect(none.headers.get('www-authenticate')).toBe('Bearer realm="tessera"');
        expect(none.seen).toBeUndefined();
      });

      it('refuses a read-only token on POST with 403, even when the client claims another method', async () => {
        for (const headers of [{}, { 'x-original-method': 'GET' }, { 'x-forwarded-method': 'GET' }] as Record<string, string>[]) {
          const r = await through(p, 'POST', '/things', { token: tok.reader!.secret, headers, body: '{"a":1}' });
          expect(r.status, JSON.stringify(headers)).toBe(403);
          expect(r.seen).toBeUndefined();
          expect(r.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
          expect(r.headers.get('www-authenticate')).toContain('scope="write"');
        }
      });

      it('passes a write token\'s POST with its body intact (the check does not consume it)', async () => {
        const body = JSON.stringify({ big: 'x'.repeat(200_000) });
        const r = await through(p, 'POST', '/things', { token: tok.writer!.secret, headers: { 'content-type': 'application/json' }, body });
        expect(r.status).toBe(200);
        expect(r.seen!.body).toBe(body);
        expect(r.seen!.headers['x-tessera-scopes']).toBe('read write');
      });

      it('applies each location\'s requirement: the upload scope, and one project', async () => {
        expect((await through(p, 'POST', '/uploads/report', { token: tok.webUploader!.secret, body: 'r' })).status).toBe(200);
        expect((await through(p, 'POST', '/uploads/report', { token: tok.writer!.secret, body: 'r' })).status).toBe(403);
        const mine = await through(p, 'GET', '/projects/web-app/coverage', { token: tok.webUploader!.secret });
        expect(mine.status).toBe(200);
        expect(mine.seen!.headers['x-tessera-project-id']).toBeTruthy();
        expect((await through(p, 'GET', '/projects/web-app/coverage', { token: tok.apiProject!.secret })).status).toBe(403);
        expect((await through(p, 'GET', '/projects/web-app/coverage', { token: tok.reader!.secret })).status).toBe(200);
        // An open location needs no token.
        expect((await through(p, 'GET', '/healthz')).status).toBe(200);
      });
    });
  }

  describe.skipIf(proxies.every((p) => p.skip !== null))('Tessera down', () => {
    it('nginx answers 503 with Retry-After (its error_page for a failed check); Caddy answers 502; the upstream is never reached', async () => {
      await tessera.stop();
      if (running.nginx) {
        const r = await through('nginx', 'GET', '/things', { token: tok.reader!.secret });
        expect(r.status, running.nginx.log()).toBe(503);
        expect(r.headers.get('retry-after')).toBe('5');
        expect(r.json().error.code).toBe('auth_unavailable');
        expect(r.seen).toBeUndefined();
      }
      if (running.caddy) {
        const r = await through('caddy', 'GET', '/things', { token: tok.reader!.secret });
        expect(r.status).toBe(502);
        expect(r.seen).toBeUndefined();
      }
    });
  });
});
