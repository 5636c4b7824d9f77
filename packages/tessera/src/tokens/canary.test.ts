import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { generateToken } from './token-format.js';

describe('canary tokens', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  let canary: { id: string; secret: string };
  let unknown: string;
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_WEBHOOK_WORKER: 'false' });
    owner = await t.bootstrap();
    expect((await t.request('POST', `/v1/workspaces/${owner.slug}/webhooks`, { token: owner.token, body: { url: 'https://hooks.example.com/x', event_types: ['token.canary_triggered'] } })).status).toBe(201);
    canary = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read', 'admin'], canary: true, name: 'AWS_PROD_DEPLOY' });
    unknown = generateToken(t.ctx.config.token_brand, 'workspace').token; // well-formed, never issued
  });
  afterAll(() => t?.close());

  const strip = (b: any) => (b?.error ? { ...b, error: { ...b.error, request_id: undefined } } : b);
  const triggered = async () => {
    await t.ctx.canaries.flush();
    return t.ctx.db.selectFrom('audit_events').select(['ip', 'user_agent', 'details', 'workspace_id']).where('action', '=', 'token.canary_triggered').orderBy('seq').execute();
  };

  it('is shown as a canary, and created only as a workspace or project token', async () => {
    const view = await t.request('GET', `/v1/tokens/${canary.id}`, { token: owner.token });
    expect(view.body).toMatchObject({ canary: true, status: 'active', leaked_at: null });
    const personal = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'personal', name: 'p', scopes: ['read'], canary: true } });
    expect(personal.body.error.code).toBe('invalid_request');
  });

  it('grants nothing: validate, the API, the gateway and introspection answer exactly as for a token that does not exist', async () => {
    const headers = { 'user-agent': 'curl/8.4.0' };
    for (const [method, url, body] of [['POST', '/v1/auth/validate', (tok: string) => ({ token: tok })], ['GET', `/v1/workspaces/${owner.slug}`, undefined], ['GET', '/v1/auth/gateway', undefined]] as const) {
      const ask = (tok: string) => t.request(method, url, body ? { body: body(tok), headers } : { token: tok, headers });
      const [c, u] = [await ask(canary.secret), await ask(unknown)];
      expect({ url, status: c.status, body: strip(c.body), www: c.headers['www-authenticate'] }).toEqual({ url, status: u.status, body: strip(u.body), www: u.headers['www-authenticate'] });
      expect(c.status === 200 ? c.body.valid : c.status).not.toBe(true);
    }
    const verifier = await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'gw' } });
    const introspect = await t.request('POST', '/v1/oauth/introspect', { token: verifier.body.secret, body: { token: canary.secret } });
    expect(introspect.body).toEqual({ active: false });
  });

  it('reports each use with the IP, user agent and route (token.canary_triggered, audited and emitted), at most once a minute per caller', async () => {
    const events = await triggered();
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0]).toMatchObject({ workspace_id: owner.workspaceId, user_agent: 'curl/8.4.0', details: { route: 'POST /v1/auth/validate', user_agent: 'curl/8.4.0', kind: 'workspace' } });
    // The other uses came from the same caller within the minute: counted, not reported one by one.
    expect(events).toHaveLength(1);
    t.clock.advance(61_000);
    await t.request('GET', '/v1/auth/gateway', { token: canary.secret, headers: { 'user-agent': 'ci-runner' } });
    const after = await triggered();
    expect(after).toHaveLength(2);
    expect(after[1]!.details).toMatchObject({ route: 'GET /v1/auth/gateway', user_agent: 'ci-runner', uses_since_last_report: 3 });
    const outbox = await t.ctx.db.selectFrom('webhook_events').select('payload').where('type', '=', 'token.canary_triggered').execute();
    expect(outbox).toHaveLength(2);
    const payload = JSON.parse(outbox[0]!.payload);
    expect(payload.data).toMatchObject({ subject: { type: 'token', id: canary.id }, details: { route: 'POST /v1/auth/validate', user_agent: 'curl/8.4.0' } });
    expect(outbox[0]!.payload).not.toContain(canary.secret);
  });
});
