import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tessera/src/test-support/test-app.js';
import * as fastifyExample from '../../examples/fastify-api.js';
import * as connectExample from '../../examples/connect-api.js';
import * as fetchExample from '../../examples/fetch-api.js';

/**
 * Each adapter, through its example API, against a real Tessera app listening on a port (PGlite or
 * PostgreSQL): valid, insufficient scope, no credentials, malformed, revoked — answered as the
 * server's own edge answers (status, error code, RFC 6750 challenge).
 */
describe('adapters (run through examples/)', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  let tesseraUrl = '';
  let credential = '';
  let reader: { id: string; secret: string };
  let writer: { id: string; secret: string };

  beforeAll(async () => {
    t = await createTestApp({ TESSERA_VERIFIER_EVENTS_HEARTBEAT: '200ms' });
    owner = await t.bootstrap();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    tesseraUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    credential = (await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'examples' } })).body.secret;
    reader = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    writer = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read', 'write'] });
  });
  afterAll(() => t?.close());

  const examples = { fastify: fastifyExample, connect: connectExample, fetch: fetchExample };

  for (const [name, example] of Object.entries(examples)) {
    describe(name, () => {
      let api: Awaited<ReturnType<typeof fastifyExample.start>>;
      beforeAll(async () => {
        api = await example.start({ tesseraUrl, credential });
      });
      afterAll(() => api?.close());
      const call = (method: string, token?: string, path = '/reports') => fetch(api.url + path, { method, headers: token === undefined ? {} : { authorization: token } });

      it('a valid token with the scope: the handler runs and sees the identity', async () => {
        const r = await call('GET', `Bearer ${reader.secret}`);
        expect(r.status).toBe(200);
        expect(JSON.stringify(await r.json())).toContain(reader.id);
        expect((await call('POST', `Bearer ${writer.secret}`)).status).toBe(201);
      });

      it('a valid token without the scope: 403 insufficient_scope with an RFC 6750 challenge', async () => {
        const r = await call('POST', `Bearer ${reader.secret}`);
        expect(r.status).toBe(403);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe('insufficient_scope');
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="tessera", error="insufficient_scope", error_description="[^"]+", scope="write"$/);
      });

      it('no credentials, another scheme, a malformed token: 401 as the server answers', async () => {
        const none = await call('GET');
        expect(none.status).toBe(401);
        expect(none.headers.get('www-authenticate')).toBe('Bearer realm="tessera"');
        expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
        const basic = await call('GET', 'Basic eDp5');
        expect(basic.status).toBe(401);
        expect(basic.headers.get('www-authenticate')).toContain('error="invalid_request"');
        const typo = await call('GET', `Bearer ${reader.secret.slice(0, -1)}x`);
        expect(typo.status).toBe(401);
        expect(typo.headers.get('www-authenticate')).toContain('error="invalid_token"');
        expect(((await typo.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
      });

      it('a token of another workspace: 403 (the verifier is bound to its workspace)', async () => {
        const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: `Other ${name}`, slug: `other-${name}` } });
        const tok = await t.createToken(owner.token, other.body.slug, { kind: 'workspace', scopes: ['read'] });
        await expect.poll(() => api.verifier.workspaceId, { timeout: 10_000 }).toBe(owner.workspaceId);
        const r = await call('GET', `Bearer ${tok.secret}`);
        expect(r.status).toBe(403);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe('wrong_project');
      });
    });
  }

  it('fastify: a route marked public needs no token', async () => {
    const api = await fastifyExample.start({ tesseraUrl, credential });
    try {
      expect((await fetch(`${api.url}/health`)).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('a revoked token is refused by every adapter (401 invalid_token)', async () => {
    const apis = await Promise.all(Object.values(examples).map((e) => e.start({ tesseraUrl, credential })));
    try {
      const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
      for (const api of apis) expect((await fetch(`${api.url}/reports`, { headers: { authorization: `Bearer ${tok.secret}` } })).status).toBe(200);
      expect((await t.request('DELETE', `/v1/tokens/${tok.id}`, { token: owner.token })).status).toBe(204);
      for (const api of apis) {
        await expect.poll(async () => (await fetch(`${api.url}/reports`, { headers: { authorization: `Bearer ${tok.secret}` } })).status, { timeout: 2_000, interval: 10 }).toBe(401);
      }
    } finally {
      await Promise.all(apis.map((a) => a.close()));
    }
  });
});
