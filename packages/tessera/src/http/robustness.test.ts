import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';
import { casesFor, prng, type FuzzCase, type OpenApiDoc } from '../test-support/schema-fuzz.js';
import { postUpload, uploadFixture } from '../test-support/upload-requests.js';
import { ERROR_CODES } from '../errors/error-codes.js';

/**
 * Every route in the OpenAPI document, fed hostile input: it must answer with a 4xx in the one
 * error shape, never a 5xx, and the server must keep serving afterwards.
 */
describe('bad input on every route', () => {
  let t: TestApp;
  let owner: { token: string; slug: string };
  let routes: { method: string; path: string }[];
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    const doc = (await t.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
  });
  afterAll(() => t?.close());

  const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);
  const bodies = ['{"a":', '[]', '"just a string"', '{"name": {"$gt": ""}}', JSON.stringify({ name: 'x'.repeat(5000), scopes: 'read', kind: 42 }), 'null'];
  const params = ['%00', "'; drop table users; --", 'x'.repeat(300), 'tok_AAAAAAAAAAAAAAAA', 'acme-1'];

  it('publishes a document with every route', () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes).toEqual(expect.arrayContaining([{ method: 'POST', path: '/v1/workspaces/{workspace}/tokens' }, { method: 'POST', path: '/v1/auth/validate' }]));
  });

  it('never answers 5xx, whatever the body, params, query or credentials', async () => {
    const failures: string[] = [];
    for (const { method, path } of routes) {
      for (const param of params) {
        const url = fill(path, encodeURIComponent(param));
        for (const token of [owner.token, 'tsrp_garbage', undefined]) {
          const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
          const sends = method === 'GET' || method === 'DELETE' ? [undefined] : bodies;
          for (const payload of sends) {
            const r = await t.app.inject({ method: method as 'GET', url: `${url}?limit=abc&cursor=%ZZ&status=nope`, headers: { ...headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(payload !== undefined ? { payload } : {}) });
            if (r.statusCode >= 500) failures.push(`${method} ${url} ${payload ?? ''} → ${r.statusCode} ${r.body.slice(0, 200)}`);
            else if (r.statusCode >= 400 && !r.json().error?.code) failures.push(`${method} ${url} → ${r.statusCode} without an error code`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // Still serving (the owner's session itself was signed out by DELETE /v1/sessions/current above).
    const login = await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD } });
    expect(login.status).toBe(201);
    expect((await t.request('GET', '/v1/me', { token: login.body.token })).status).toBe(200);
  }, 120_000);

  it('serves the OpenAPI document as 3.1 and a human page at /docs, with no hash fields anywhere', async () => {
    const doc = await t.request('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(JSON.stringify(doc.body)).not.toMatch(/secret_hash|pepper_id|password_hash/);
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});

/**
 * The schema-driven fuzz: every route in /openapi.json, each of its path parameters, query
 * parameters and body fields fed hostile values generated from its own schema, with the owner's
 * session so requests get past authentication to the validator and the service. Zero 5xx, and
 * every 4xx in the one error shape with a documented code.
 */
describe('schema-driven fuzz over every route', () => {
  const SEED = 11;
  let t: TestApp;
  let cases: FuzzCase[];
  let routeCount = 0;
  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    const ws = owner.workspaceId;
    const project = await t.request('POST', `/v1/workspaces/${ws}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    const member = await t.addMember(ws, 'member');
    const token = await t.createToken(owner.token, ws, { kind: 'workspace', scopes: ['read'] });
    const policy = await t.request('POST', `/v1/workspaces/${ws}/trust-policies`, { token: owner.token, body: { name: 'ci', provider: 'github', conditions: { repository: 'acme/web' } } });
    const ci = await t.createToken(owner.token, ws, { kind: 'project', project: 'web', scopes: ['upload', 'read'] });
    const upload = await postUpload(t, { project: `${ws}/web`, token: ci.secret, body: uploadFixture('coverage.lcov') });
    if (project.status !== 201 || policy.status !== 201 || upload.status !== 201) throw new Error('fixtures failed');
    const doc = (await t.request('GET', '/openapi.json')).body as OpenApiDoc;
    const rng = prng(SEED);
    const hints = {
      byName: { password: TEST_PASSWORD, scopes: ['read'], conditions: { repository: 'acme/web' }, token: token.secret },
      // Ids of real rows first, so a path parameter names something that exists.
      candidates: [ws, project.body.id, token.id, member.userId, policy.body.id, upload.body.id, `${ws}/${project.body.id}`, 'acme/web', '1234567', 'main', 'fuzz'],
    };
    // The upload route takes the report itself as the body, so its query metadata reaches the service.
    const rawBodies = { 'POST /v1/projects/{project}/uploads': { contentType: 'text/plain', payload: uploadFixture('coverage.lcov').toString('utf8') } };
    // Signing out last: DELETE /v1/sessions/current ends the session every other case uses.
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ path, method })))
      .sort((a, b) => Number(a.path === '/v1/sessions/current') - Number(b.path === '/v1/sessions/current'));
    routeCount = routes.length;
    cases = routes.flatMap(({ path, method }) => casesFor(doc, path, method, { headers: { authorization: `Bearer ${owner.token}` }, hints, rng, perField: 24, rawBodies }));
  });
  afterAll(() => t?.close());

  it('answers every hostile request with a 4xx in the error shape, never a 5xx', async () => {
    const started = Date.now();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const reachedService = new Set<string>(); // routes where some hostile value got past the validator
    for (const c of cases) {
      const r = await t.app.inject({ method: c.method as 'GET', url: c.url, headers: c.headers, ...(c.payload !== undefined ? { payload: c.payload } : {}) });
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      if (r.statusCode !== 400) reachedService.add(c.route);
      const where = `${c.route} [${c.label}] → ${r.statusCode}`;
      if (r.statusCode >= 500) failures.push(`${where} ${r.body.slice(0, 160)}`);
      else if (r.statusCode >= 400) {
        const body = (r.headers['content-type'] ?? '').toString().includes('application/json') ? (r.json() as { error?: { code?: unknown; message?: unknown; request_id?: unknown } }) : {};
        const e = body.error;
        if (!e || typeof e.message !== 'string' || typeof e.request_id !== 'string' || typeof e.code !== 'string' || !(e.code in ERROR_CODES)) failures.push(`${where} not in the error shape: ${r.body.slice(0, 160)}`);
      }
    }
    const fiveXx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, k]) => n + k, 0);
    const passedValidation = cases.length - (statuses.get(400) ?? 0);
    console.log(`schema fuzz (seed ${SEED}): ${cases.length} requests over every route in ${Date.now() - started} ms; ${fiveXx} answered 5xx; ${passedValidation} got past the validator, on ${reachedService.size} of ${routeCount} routes; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures).toEqual([]);
    // The fuzz covers every route, and is not all stopped at the door: most routes see values the schema lets through.
    expect(new Set(cases.map((c) => c.route)).size).toBe(routeCount);
    expect(reachedService.size).toBeGreaterThan(routeCount * 0.8);
  }, 240_000);
});
