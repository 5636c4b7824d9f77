import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { generateToken } from './token-format.js';

/**
 * The gateway's fast path (gateway-fast-path.ts) against the route it stands in front of: the
 * same app listens twice, once as `tessera serve` does (fast path first) and once through
 * Fastify's own handler alone (`app.routing`, the route as OpenAPI documents it). Every request is
 * sent to both and the raw answers compared: status, every header in order, body. A hook on
 * Fastify tells which requests reached it, so each case also proves who answered.
 */
interface Answer {
  status: number;
  /** Name and value pairs, in the order sent; per-request values (date, request id, span id) normalized. */
  headers: [string, string][];
  body: string;
  requestId: string | undefined;
}

type Send = { method?: string; path?: string; token?: string | undefined; headers?: Record<string, string>; body?: string };

function send(port: number, o: Send): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(o.token !== undefined ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers };
    const req = httpRequest({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path ?? '/v1/auth/gateway', headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        let requestId: string | undefined;
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!;
          let value = res.rawHeaders[i + 1]!;
          if (name.toLowerCase() === 'x-request-id') {
            requestId = value;
            value = '<id>';
          } else if (name.toLowerCase() === 'date') value = '<date>';
          else if (name.toLowerCase() === 'traceresponse') value = value.replace(/^(00-[0-9a-f]{32}-)[0-9a-f]{16}/, '$1<span>');
          pairs.push([name, value]);
        }
        resolve({ status: res.statusCode!, headers: pairs, body: requestId ? body.split(requestId).join('<id>') : body, requestId });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe('the gateway fast path', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  let fastPort: number;
  let routePort: number;
  let reference: Server;
  const ids: Record<string, string> = {};
  const tok: Record<string, { id: string; secret: string }> = {};
  /** Requests Fastify's routing saw (its first hook). */
  const reachedFastify: string[] = [];
  const usage: [string, string | null][] = [];

  beforeAll(async () => {
    t = await createTestApp();
    t.app.addHook('onRequest', (request, _reply, done) => {
      reachedFastify.push(request.url);
      done();
    });
    const record = t.ctx.usage.record.bind(t.ctx.usage);
    t.ctx.usage.record = (tokenId, ip, at) => {
      usage.push([tokenId, ip]);
      record(tokenId, ip, at);
    };
    owner = await t.bootstrap();
    ids.web = (await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'web-app', slug: 'web-app' } })).body.id;
    tok.reader = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    tok.writer = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read', 'write'] });
    tok.uploader = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web-app', scopes: ['upload', 'read'] });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    fastPort = (t.app.server.address() as AddressInfo).port;
    reference = createServer((req, res) => t.app.routing(req, res));
    routePort = await listen(reference);
  });
  afterAll(async () => {
    await new Promise((r) => reference?.close(r));
    await t?.close();
  });

  /** Sends to the fast path; true when it answered (Fastify never saw the request). */
  async function answeredFast(o: Send): Promise<{ fast: boolean; answer: Answer }> {
    const before = reachedFastify.length;
    const answer = await send(fastPort, o);
    return { fast: reachedFastify.length === before, answer };
  }

  /** Until the token is warm in a trusted cache (on PostgreSQL, trust follows the listener's heartbeat). */
  async function warm(o: Send): Promise<void> {
    await expect.poll(async () => (await answeredFast(o)).fast, { timeout: 10_000 }).toBe(true);
  }

  const same = (a: Answer, b: Answer) => expect({ ...a, requestId: undefined }).toEqual({ ...b, requestId: undefined });

  const allowed: [string, () => Send][] = [
    ['GET, no query', () => ({ token: tok.reader!.secret })],
    ['GET with an empty query (nginx with no requirement)', () => ({ token: tok.reader!.secret, path: '/v1/auth/gateway?' })],
    ['HEAD (no content-length)', () => ({ method: 'HEAD', token: tok.reader!.secret })],
    ['OPTIONS', () => ({ method: 'OPTIONS', token: tok.reader!.secret })],
    ['POST with a write token', () => ({ method: 'POST', token: tok.writer!.secret })],
    ['POST checked for a GET (X-Original-Method)', () => ({ method: 'POST', token: tok.reader!.secret, headers: { 'x-original-method': 'GET', 'x-original-uri': '/things?a=1' } })],
    ['GET checked for a PUT (X-Forwarded-Method, write token)', () => ({ token: tok.writer!.secret, headers: { 'x-forwarded-method': 'PUT', 'x-forwarded-uri': '/things' } })],
    ['X-Original-Method before X-Forwarded-Method', () => ({ method: 'DELETE', token: tok.reader!.secret, headers: { 'x-original-method': 'HEAD', 'x-forwarded-method': 'POST' } })],
    ['scope query', () => ({ token: tok.uploader!.secret, path: '/v1/auth/gateway?scope=upload' })],
    ['project query (slugs)', () => ({ token: tok.uploader!.secret, path: `/v1/auth/gateway?project=${owner.slug}/web-app` })],
    ['project query (id) and scope', () => ({ method: 'PUT', token: tok.uploader!.secret, path: `/v1/auth/gateway?project=${ids.web}&scope=upload` })],
    ['workspace query', () => ({ token: tok.reader!.secret, path: `/v1/auth/gateway?workspace=${owner.slug}` })],
    ['a traceparent answered with traceresponse', () => ({ token: tok.reader!.secret, headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } })],
    ['an empty Content-Length', () => ({ method: 'POST', token: tok.writer!.secret, headers: { 'content-length': '0' } })],
  ];

  it.each(allowed)('answers an allowed warm token exactly as the route: %s', async (_name, o) => {
    await warm(o());
    const fast = await answeredFast(o());
    expect(fast.fast).toBe(true);
    const route = await send(routePort, o());
    expect(route.status).toBe(200);
    same(fast.answer, route);
    expect(fast.answer.requestId).toMatch(/^req_/);
    expect(fast.answer.requestId).not.toBe(route.requestId);
  });

  const fallThrough: [string, () => Send][] = [
    ['no credentials', () => ({})],
    ['another scheme', () => ({ headers: { authorization: 'Basic dXNlcjpwdw==' } })],
    ['an empty bearer token', () => ({ headers: { authorization: 'Bearer ' } })],
    ['a malformed token', () => ({ token: tok.reader!.secret.slice(0, 30) })],
    ['an unknown token', () => ({ token: generateToken('tsr', 'workspace').token })],
    ['a session token', () => ({ token: owner.token })],
    ['a token without the scope (403)', () => ({ method: 'POST', token: tok.reader!.secret })],
    ['a project it cannot act on (403)', () => ({ token: tok.reader!.secret, path: '/v1/auth/gateway?project=other/none' })],
    ['a malformed scope (400)', () => ({ token: tok.reader!.secret, path: '/v1/auth/gateway?scope=Bad' })],
    ['a project named neither way (400)', () => ({ token: tok.reader!.secret, path: '/v1/auth/gateway?project=web-app' })],
    ['an unknown query parameter (400)', () => ({ token: tok.reader!.secret, path: '/v1/auth/gateway?scope=read&x=1' })],
    ['a repeated query parameter', () => ({ token: tok.reader!.secret, path: '/v1/auth/gateway?scope=read&scope=read' })],
    ['an encoded query value', () => ({ token: tok.uploader!.secret, path: `/v1/auth/gateway?project=${owner.slug}%2Fweb-app` })],
    ['a path under /v1/auth/gateway/ (Envoy)', () => ({ token: tok.reader!.secret, path: '/v1/auth/gateway/api/items?scope=admin' })],
    ['a trailing slash', () => ({ token: tok.reader!.secret, path: '/v1/auth/gateway/' })],
    ['a body (answered with Connection: close)', () => ({ method: 'POST', token: tok.writer!.secret, headers: { 'content-type': 'text/plain' }, body: 'hello' })],
  ];

  it.each(fallThrough)('leaves everything else to the route, untouched: %s', async (_name, o) => {
    await warm({ token: tok.reader!.secret });
    const usedBefore = usage.length;
    const fast = await answeredFast(o());
    expect(fast.fast).toBe(false);
    const usedByFastPathServer = usage.length - usedBefore;
    const route = await send(routePort, o());
    same(fast.answer, route);
    // Whatever the route records, it records once: nothing was recorded before it fell through.
    expect(usedByFastPathServer).toBe(usage.length - usedBefore - usedByFastPathServer);
  });

  it('records the use once, from the client address, with the same metrics as the route', async () => {
    await warm({ token: tok.writer!.secret });
    const metric = async () => {
      const text = (await t.request('GET', '/metrics')).raw.body;
      const count = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
      return {
        allowed: count(/^tessera_gateway_requests_total\{result="allowed"\} (\d+)/m),
        valid: count(/^tessera_validations_total\{result="valid"\} (\d+)/m),
        requests: count(/^tessera_http_requests_total\{method="GET",route="\/v1\/auth\/gateway",status_class="2xx"\} (\d+)/m),
      };
    };
    const hits = t.ctx.cache.stats.hits;
    const before = await metric();
    const n = usage.length;
    const fast = await answeredFast({ token: tok.writer!.secret });
    expect(fast.fast).toBe(true);
    expect(usage.slice(n)).toEqual([[tok.writer!.id, '127.0.0.1']]);
    expect(t.ctx.cache.stats.hits).toBe(hits + 1);
    const after = await metric();
    expect(after).toEqual({ allowed: before.allowed + 1, valid: before.valid + 1, requests: before.requests + 1 });
    // The route, for the same request, records the same.
    const m = usage.length;
    await send(routePort, { token: tok.writer!.secret });
    expect(usage.slice(m)).toEqual([[tok.writer!.id, '127.0.0.1']]);
    expect(t.ctx.cache.stats.hits).toBe(hits + 2);
    expect(await metric()).toEqual({ allowed: after.allowed + 1, valid: after.valid + 1, requests: after.requests + 1 });
  });

  it('refuses a warm token at once when it is revoked: the route answers 401, nothing is served from the fast path', async () => {
    const gone = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await warm({ token: gone.secret });
    expect((await t.request('DELETE', `/v1/tokens/${gone.id}`, { token: owner.token })).status).toBe(204);
    const n = usage.length;
    const fast = await answeredFast({ token: gone.secret });
    expect(fast.fast).toBe(false);
    expect(fast.answer.status).toBe(401);
    expect(fast.answer.body).toContain('"reason":"revoked"');
    expect(usage.length).toBe(n);
    same(fast.answer, await send(routePort, { token: gone.secret }));
  });

  it('serves a rotating token during its grace period, and leaves it to the route (401) the moment it ends', async () => {
    const old = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    expect((await t.request('POST', `/v1/tokens/${old.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 10 } })).status).toBe(201);
    await warm({ token: old.secret });
    const during = await answeredFast({ token: old.secret });
    expect(during.fast).toBe(true);
    expect(during.answer.headers).toContainEqual(['x-tessera-status', 'rotating']);
    same(during.answer, await send(routePort, { token: old.secret }));
    // Within the cache's staleness backstop (30 s): the entry is still cached, its grace end is what refuses it.
    t.clock.advance(11_000);
    // The test clock moves the monotonic reading too: the listener's heartbeat answers again, as it would have in 11 s.
    t.ctx.cache.extendTrust(t.ctx.cache.now() + 60_000);
    expect(t.ctx.cache.isTrusted).toBe(true);
    const after = await answeredFast({ token: old.secret });
    expect(after.fast).toBe(false);
    expect(after.answer.status).toBe(401);
    expect(after.answer.body).toContain('"reason":"rotated"');
  });

  it('leaves an expired warm token to the route', async () => {
    const soon = (await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'short', scopes: ['read'], expires_in_days: 1 } })).body;
    await warm({ token: soon.secret });
    t.clock.advance(2 * 86_400_000);
    const fast = await answeredFast({ token: soon.secret });
    expect(fast.fast).toBe(false);
    expect(fast.answer.body).toContain('"reason":"expired"');
  });

  it('answers nothing from a cache that is not trusted (the invalidation listener is down)', async () => {
    await warm({ token: tok.reader!.secret });
    t.ctx.cache.setTrusted(false);
    const fast = await answeredFast({ token: tok.reader!.secret });
    expect(fast.fast).toBe(false);
    expect(fast.answer.status).toBe(200);
    t.ctx.cache.setTrusted(true);
  });
});

describe('the gateway fast path behind a trusted proxy (TESSERA_TRUST_PROXY)', () => {
  it('records the client address from X-Forwarded-For, as the route does', async () => {
    const t = await createTestApp({ TESSERA_TRUST_PROXY: 'true' });
    try {
      let reached = 0;
      t.app.addHook('onRequest', (_request, _reply, done) => {
        reached++;
        done();
      });
      const used: (string | null)[] = [];
      const record = t.ctx.usage.record.bind(t.ctx.usage);
      t.ctx.usage.record = (tokenId, ip, at) => {
        used.push(ip);
        record(tokenId, ip, at);
      };
      const owner = await t.bootstrap();
      const reader = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (t.app.server.address() as AddressInfo).port;
      const o = { token: reader.secret, headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.2', 'x-request-id': 'proxy-id-1' } };
      const reference = createServer((req, res) => t.app.routing(req, res));
      const routePort = await listen(reference);
      try {
        // Until warm (the first answer came from the route), then one answer from each.
        await expect.poll(async () => {
          const before = reached;
          await send(port, o);
          return reached === before;
        }, { timeout: 10_000 }).toBe(true);
        used.length = 0;
        const before = reached;
        const fast = await send(port, o);
        expect(reached).toBe(before);
        const route = await send(routePort, o);
        expect(used).toEqual(['203.0.113.7', '203.0.113.7']);
        expect(fast.requestId).toBe('proxy-id-1');
        expect({ ...fast, requestId: undefined }).toEqual({ ...route, requestId: undefined });
      } finally {
        await new Promise((r) => reference.close(r));
      }
    } finally {
      await t.close();
    }
  });
});
