import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';

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
