import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { generateToken } from './token-format.js';

/**
 * The gateway's answers, cell by cell: who passes (200 + identity headers), who is refused with
 * 401 (and an RFC 6750 challenge) or 403, what the location's query and the proxy's headers
 * change, and that the request's body is never read.
 */
describe('/v1/auth/gateway', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  let other: { id: string; slug: string };
  const ids: Record<string, string> = {};
  const tok: Record<string, { id: string; secret: string }> = {};

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    for (const slug of ['web-app', 'api']) {
      ids[slug] = (await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: slug, slug } })).body.id;
    }
    const ws = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other-co' } });
    other = { id: ws.body.id, slug: 'other-co' };
    tok.reader = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    tok.writer = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read', 'write'] });
    tok.uploader = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web-app', scopes: ['upload', 'read'] });
    tok.otherWs = await t.createToken(owner.token, other.slug, { kind: 'workspace', scopes: ['read', 'write'] });
  });
  afterAll(() => t?.close());

  const gw = (token: string | undefined, opts: { method?: string; query?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
    t.request(opts.method ?? 'GET', `/v1/auth/gateway${opts.query ? `?${opts.query}` : ''}`, { token, ...(opts.headers ? { headers: opts.headers } : {}), ...(opts.body !== undefined ? { body: opts.body } : {}) });

  it('passes a valid token with its identity in headers and no body', async () => {
    const r = await gw(tok.uploader!.secret, { query: 'scope=upload' });
    expect(r.status).toBe(200);
    expect(r.raw.body).toBe('');
    expect(r.headers).toMatchObject({
      'x-tessera-token-id': tok.uploader!.id, 'x-tessera-kind': 'project', 'x-tessera-workspace-id': owner.workspaceId,
      'x-tessera-project-id': ids['web-app'], 'x-tessera-scopes': 'read upload', 'x-tessera-role': 'member', 'x-tessera-status': 'active',
    });
    expect(r.headers['x-tessera-user-id']).toBe('');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('refuses no credentials, another scheme, and a malformed, unknown, session, revoked or expired token with 401 and a Bearer challenge', async () => {
    const none = await gw(undefined);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="tessera"');
    expect(none.body.error.code).toBe('unauthenticated');

    const basic = await gw(undefined, { headers: { authorization: 'Basic dXNlcjpwdw==' } });
    expect(basic.status).toBe(401);
    expect(basic.headers['www-authenticate']).toContain('error="invalid_request"');

    const malformed = await gw(`${tok.reader!.secret.slice(0, 30)}`);
    expect(malformed.status).toBe(401);
    expect(malformed.body.error).toMatchObject({ code: 'invalid_token', reason: 'truncated' });
    expect(malformed.headers['www-authenticate']).toMatch(/^Bearer realm="tessera", error="invalid_token", error_description="invalid token format/);

    expect((await gw(generateToken('tsr', 'workspace').token)).body.error).toMatchObject({ code: 'invalid_token', reason: 'invalid' });
    expect((await gw(owner.token)).status).toBe(401); // a session is not an API token

    const gone = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    expect((await gw(gone.secret)).status).toBe(200);
    expect((await t.request('DELETE', `/v1/tokens/${gone.id}`, { token: owner.token })).status).toBe(204);
    const revoked = await gw(gone.secret);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toMatchObject({ code: 'invalid_token', reason: 'revoked' });
    expect(revoked.headers['www-authenticate']).toContain('error="invalid_token"');

    const soon = (await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'short', scopes: ['read'], expires_in_days: 1 } })).body;
    expect((await gw(soon.secret)).status).toBe(200);
    t.clock.advance(2 * 86_400_000);
    expect((await gw(soon.secret)).body.error).toMatchObject({ code: 'invalid_token', reason: 'expired' });
  });

  it('passes a rotating token during its grace period and says so, then refuses it', async () => {
    const old = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    expect((await t.request('POST', `/v1/tokens/${old.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 60 } })).status).toBe(201);
    const during = await gw(old.secret);
    expect(during.status).toBe(200);
    expect(during.headers['x-tessera-status']).toBe('rotating');
    t.clock.advance(61_000);
    expect((await gw(old.secret)).status).toBe(401);
  });

  it('needs read for GET, HEAD and OPTIONS and write for every other method, without a scope parameter', async () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect((await gw(tok.reader!.secret, { method })).status, method).toBe(200);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await gw(tok.reader!.secret, { method });
      expect(r.status, method).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'insufficient_scope', required_scope: 'write' });
      expect(r.headers['www-authenticate']).toContain('error="insufficient_scope"');
      expect(r.headers['www-authenticate']).toContain('scope="write"');
      expect((await gw(tok.writer!.secret, { method })).status, method).toBe(200);
    }
    // HEAD gets the headers too (Fastify does not make HEAD out of GET here).
    expect((await gw(tok.reader!.secret, { method: 'HEAD' })).headers['x-tessera-scopes']).toBe('read');
  });

  it('takes the original method from X-Original-Method, then X-Forwarded-Method, then the request', async () => {
    expect((await gw(tok.reader!.secret, { headers: { 'x-forwarded-method': 'POST' } })).status).toBe(403);
    expect((await gw(tok.reader!.secret, { headers: { 'x-original-method': 'POST' } })).status).toBe(403);
    // X-Original-Method wins over X-Forwarded-Method, whichever way they point.
    expect((await gw(tok.reader!.secret, { headers: { 'x-original-method': 'GET', 'x-forwarded-method': 'POST' } })).status).toBe(200);
    expect((await gw(tok.reader!.secret, { method: 'POST', headers: { 'x-original-method': 'DELETE', 'x-forwarded-method': 'GET' } })).status).toBe(403);
    // An unknown method needs write.
    expect((await gw(tok.reader!.secret, { headers: { 'x-original-method': 'PROPFIND' } })).status).toBe(403);
    expect((await gw(tok.reader!.secret, { headers: { 'x-original-method': 'get' } })).status).toBe(200);
  });

  it('requires the scope a location names, built-in or platform-defined; refuses a malformed one with 400', async () => {
    expect((await gw(tok.uploader!.secret, { method: 'POST', query: 'scope=upload' })).status).toBe(200);
    const r = await gw(tok.reader!.secret, { query: 'scope=upload' });
    expect(r.status).toBe(403);
    expect(r.headers['www-authenticate']).toContain('scope="upload"');
    // Well-formed but no token holds it: 403, not 400.
    expect((await gw(tok.writer!.secret, { query: 'scope=deploy:prod' })).body.error).toMatchObject({ code: 'insufficient_scope', required_scope: 'deploy:prod' });
    for (const bad of ['Upload', '1read', 'read write', `a${'b'.repeat(64)}`, '', 'read%00']) {
      const b = await gw(tok.writer!.secret, { query: `scope=${encodeURIComponent(bad)}` });
      expect(b.status, bad).toBe(400);
      expect(b.body.error.code).toBe('invalid_request');
    }
    expect((await gw(tok.writer!.secret, { query: 'scopes=read' })).status).toBe(400); // a typo is not ignored
  });

  it('matches the project a location names (slug pair or id) against a project token, and refuses another with 403 wrong_project', async () => {
    for (const ref of [`${owner.slug}/web-app`, ids['web-app']!, `${owner.workspaceId}/web-app`, `${owner.slug}/${ids['web-app']}`]) {
      expect((await gw(tok.uploader!.secret, { query: `project=${encodeURIComponent(ref)}` })).status, ref).toBe(200);
    }
    for (const ref of [`${owner.slug}/api`, ids.api!, `${owner.slug}/no-such`, `nobody/web-app`]) {
      const r = await gw(tok.uploader!.secret, { query: `project=${encodeURIComponent(ref)}` });
      expect(r.status, ref).toBe(403);
      expect(r.body.error.code).toBe('wrong_project');
      expect(r.headers['www-authenticate']).toContain('error="insufficient_scope"');
    }
    // A workspace token reaches every project of its workspace, and none of another's.
    expect((await gw(tok.reader!.secret, { query: `project=${owner.slug}/api` })).status).toBe(200);
    expect((await gw(tok.otherWs!.secret, { query: `project=${owner.slug}/api` })).body.error.code).toBe('wrong_project');
    expect((await gw(tok.otherWs!.secret, { query: `workspace=${owner.slug}` })).body.error.code).toBe('wrong_project');
    expect((await gw(tok.reader!.secret, { query: `workspace=${owner.slug}&project=${owner.slug}/api` })).status).toBe(200);
    expect((await gw(tok.reader!.secret, { query: `workspace=${other.slug}&project=${owner.slug}/api` })).body.error.code).toBe('wrong_project');
    // A bare slug is ambiguous: a configuration error, 400.
    expect((await gw(tok.reader!.secret, { query: 'project=web-app' })).status).toBe(400);
  });

  it("judges an unrestricted personal token by its user's role in the workspace the location names (through a project too)", async () => {
    const member = await t.addMember(owner.workspaceId, 'member');
    await t.request('POST', `/v1/workspaces/${other.slug}/members`, { token: owner.token, body: { email: member.email, role: 'viewer' } });
    const personal = (await t.request('POST', '/v1/me/tokens', { token: member.token, body: { name: 'laptop', scopes: ['read', 'write'] } })).body as { id: string; secret: string };
    // No workspace named: what it may do everywhere (only read, as a viewer of one), no role, no workspace.
    const anywhere = await gw(personal.secret);
    expect(anywhere.status).toBe(200);
    expect(anywhere.headers).toMatchObject({ 'x-tessera-kind': 'personal', 'x-tessera-user-id': member.userId, 'x-tessera-scopes': 'read' });
    expect(anywhere.headers['x-tessera-workspace-id']).toBe('');
    expect(anywhere.headers['x-tessera-role']).toBe('');
    expect((await gw(personal.secret, { method: 'POST' })).status).toBe(403);

    const viaProject = await gw(personal.secret, { method: 'POST', query: `project=${owner.slug}/web-app` });
    expect(viaProject.status).toBe(200);
    expect(viaProject.headers).toMatchObject({ 'x-tessera-workspace-id': owner.workspaceId, 'x-tessera-role': 'member', 'x-tessera-scopes': 'read write' });
    expect((await gw(personal.secret, { method: 'POST', query: `workspace=${owner.slug}` })).status).toBe(200);
    expect((await gw(personal.secret, { method: 'POST', query: `workspace=${other.slug}` })).body.error.code).toBe('insufficient_scope');
    expect((await gw(personal.secret, { query: `workspace=${other.slug}` })).headers).toMatchObject({ 'x-tessera-workspace-id': other.id, 'x-tessera-role': 'viewer' });

    // Removed from the workspace: the location refuses it there at once.
    expect((await t.request('DELETE', `/v1/workspaces/${owner.slug}/members/${member.userId}`, { token: owner.token })).status).toBe(204);
    expect((await gw(personal.secret, { query: `project=${owner.slug}/web-app` })).body.error.code).toBe('wrong_project');
  });

  it('issue 13 demotion: a demoted admin\'s restricted personal token loses write at the gateway at once', async () => {
    const admin = await t.addMember(owner.workspaceId, 'admin');
    const p = await t.createToken(admin.token, owner.slug, { kind: 'personal', scopes: ['read', 'write', 'admin'] });
    expect((await gw(p.secret, { method: 'POST' })).headers).toMatchObject({ 'x-tessera-role': 'admin', 'x-tessera-scopes': 'read write admin' });
    expect((await t.request('PATCH', `/v1/workspaces/${owner.slug}/members/${admin.userId}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);
    expect((await gw(p.secret, { method: 'POST' })).status).toBe(403);
    expect((await gw(p.secret)).headers).toMatchObject({ 'x-tessera-role': 'viewer', 'x-tessera-scopes': 'read' });
  });

  it('ignores the body, whatever its type (Envoy and Traefik may forward it)', async () => {
    const json = await gw(tok.writer!.secret, { method: 'POST', body: { anything: true } });
    expect(json.status).toBe(200);
    expect(json.headers.connection).toBe('close');
    for (const [type, payload] of [['text/plain', 'hello'], ['application/x-www-form-urlencoded', 'token=nope&scope=admin'], ['application/json', '{not json'], ['application/octet-stream', 'x'.repeat(1000)]] as const) {
      const r = await t.app.inject({ method: 'PUT', url: '/v1/auth/gateway', headers: { authorization: `Bearer ${tok.writer!.secret}`, 'content-type': type }, payload });
      expect(r.statusCode, type).toBe(200);
    }
  });

  it('answers before a huge body is sent, and closes the connection instead of reading it', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const headers = await new Promise<string>((resolve, reject) => {
      socket.on('data', (d) => {
        received += d.toString();
        if (received.includes('\r\n\r\n')) resolve(received);
      });
      socket.on('error', reject);
      // 1 GiB announced (over any body limit), a few bytes sent: the answer must not wait for the rest.
      socket.write(`POST /v1/auth/gateway HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tok.writer!.secret}\r\nContent-Type: application/json\r\nContent-Length: ${2 ** 30}\r\n\r\n{"a":`);
    });
    expect(headers).toMatch(/^HTTP\/1\.1 200 /);
    expect(headers.toLowerCase()).toContain('connection: close');
    expect(headers).toMatch(new RegExp(`^x-tessera-token-id: ${tok.writer!.id}\r$`, 'im'));
    await new Promise((resolve) => socket.once('close', resolve).end());
  });

  it('answers a warm token without a promise, and reuses its headers object', async () => {
    // On PostgreSQL the cache is trusted only while the listener's heartbeat answers; a loaded
    // machine can let it lapse for a moment (then every validation reads the database, by design).
    await expect.poll(async () => {
      await gw(tok.reader!.secret);
      return t.ctx.validation.validate(tok.reader!.secret) instanceof Promise;
    }, { timeout: 10_000 }).toBe(false);
    const a = await gw(tok.reader!.secret);
    const b = await gw(tok.reader!.secret);
    expect(a.headers['x-tessera-token-id']).toBe(b.headers['x-tessera-token-id']);
  });

  it('ignores the query string under /v1/auth/gateway/* (Envoy appends the client\'s path): the method decides', async () => {
    expect((await gw(tok.reader!.secret, { method: 'GET' })).status).toBe(200);
    const up = await t.request('POST', '/v1/auth/gateway/api/items?scope=read', { token: tok.reader!.secret });
    expect(up.status).toBe(403);
    expect(up.body.error.required_scope).toBe('write');
    expect((await t.request('GET', '/v1/auth/gateway/api/items?scope=admin', { token: tok.reader!.secret })).status).toBe(200);
    expect((await t.request('GET', '/v1/auth/gatewayx', { token: tok.reader!.secret })).status).toBe(404);
  });

  it('counts its answers by result in /metrics', async () => {
    await gw(undefined);
    await gw(tok.reader!.secret, { query: 'scope=Bad' });
    const text = (await t.request('GET', '/metrics')).raw.body;
    for (const result of ['allowed', 'unauthenticated', 'invalid_token', 'insufficient_scope', 'wrong_project', 'bad_request']) {
      expect(text, result).toMatch(new RegExp(`^tessera_gateway_requests_total\\{result="${result}"\\} [1-9]`, 'm'));
    }
  });
});

describe('/v1/auth/gateway when the database cannot be reached', () => {
  it('answers 503 database_unavailable with Retry-After (never a 401 or 403 that would cache a denial), counted as unavailable', async () => {
    const { default: Fastify } = await import('fastify');
    const { installErrorHandler } = await import('../http/error-handler.js');
    const { ErrorSchema } = await import('../http/common-schemas.js');
    const { gatewayRoutes } = await import('./gateway-routes.js');
    const app = Fastify();
    app.addSchema(ErrorSchema);
    installErrorHandler(app, 1024);
    const results: string[] = [];
    // A token not in the cache: the validation service must read the database, which refuses the connection.
    const down = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    await app.register(gatewayRoutes, { validation: { validate: down }, refs: { project: () => null, workspace: () => null }, observe: (r) => results.push(r) });
    const r = await app.inject({ method: 'GET', url: '/v1/auth/gateway', headers: { authorization: `Bearer ${generateToken('tsr', 'workspace').token}` } });
    expect(r.statusCode).toBe(503);
    expect(r.json().error.code).toBe('database_unavailable');
    expect(r.headers['retry-after']).toBeDefined();
    expect(r.body).not.toContain('127.0.0.1');
    expect(results).toEqual(['unavailable']);
    await app.close();
  });
});
