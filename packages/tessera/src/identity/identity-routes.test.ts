import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';

describe('setup, sessions and /v1/me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('reports that setup is required before the first owner exists', async () => {
    const r = await t.request('GET', '/v1/setup');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ setup_required: true });
  });

  it('serves the page the printed setup link opens, with a strict CSP and no inline script', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/setup?code=${t.setupCode}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).not.toMatch(/<script>(?!<)/);
    expect(page.body).not.toContain(t.setupCode);
    expect((await t.app.inject({ method: 'GET', url: '/setup.js' })).statusCode).toBe(200);
  });

  it('refuses setup with a wrong code, and with bad input, without creating anything', async () => {
    const bad = await t.request('POST', '/v1/setup', { body: { setup_code: 'nope', email: 'a@example.com', password: TEST_PASSWORD, name: 'A', workspace: { name: 'A', slug: 'a' } } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_setup_code');
    const short = await t.request('POST', '/v1/setup', { body: { setup_code: t.setupCode, email: 'a@example.com', password: 'short', name: 'A', workspace: { name: 'A', slug: 'a' } } });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('invalid_request');
    expect(short.body.error.message).toContain('password');
    const unknown = await t.request('POST', '/v1/setup', { body: { setup_code: t.setupCode, email: 'a@example.com', password: TEST_PASSWORD, name: 'A', workspace: { name: 'A', slug: 'a' }, admin: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('unknown field "admin"');
    expect((await t.request('GET', '/v1/setup')).body.setup_required).toBe(true);
  });

  it('creates the first owner once, then answers 409', async () => {
    const owner = await t.bootstrap();
    expect(owner.token).toMatch(/^tsrs_[0-9A-Za-z]{46}$/);
    const again = await t.request('POST', '/v1/setup', { body: { setup_code: t.setupCode, email: 'b@example.com', password: TEST_PASSWORD, name: 'B', workspace: { name: 'B', slug: 'b' } } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_set_up');
    expect((await t.request('GET', '/v1/setup')).body.setup_required).toBe(false);
  });

  it('signs in with email and password, case-insensitively on the email', async () => {
    const r = await t.request('POST', '/v1/sessions', { body: { email: 'OWNER@example.com', password: TEST_PASSWORD } });
    expect(r.status).toBe(201);
    expect(r.body.user.email).toBe('owner@example.com');
    const me = await t.request('GET', '/v1/me', { token: r.body.token });
    expect(me.status).toBe(200);
    expect(me.body.principal).toBe('session');
    expect(me.body.workspaces).toEqual([expect.objectContaining({ role: 'owner' })]);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: 'wrong password!' } });
    const unknown = await t.request('POST', '/v1/sessions', { body: { email: 'nobody@example.com', password: 'wrong password!' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('answers 429 with Retry-After after 10 failed sign-ins for one email, even with the right password', async () => {
    const email = (await t.addMember((await t.request('GET', '/v1/me', { token: (await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD } })).body.token })).body.workspaces[0].id, 'viewer')).email;
    for (let i = 0; i < 10; i++) expect((await t.request('POST', '/v1/sessions', { body: { email, password: `wrong password ${i}` } })).status).toBe(401);
    const r = await t.request('POST', '/v1/sessions', { body: { email, password: TEST_PASSWORD } });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('too_many_attempts');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(800);
    expect((await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD } })).status).toBe(201);
  });

  it('signs out: the session fails on the next request', async () => {
    const s = await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD } });
    expect((await t.request('DELETE', '/v1/sessions/current', { token: s.body.token })).status).toBe(204);
    const after = await t.request('GET', '/v1/me', { token: s.body.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
    await t.ctx.denials.flush();
    const denied = await t.ctx.db.selectFrom('audit_events').select(['details', 'actor_label']).where('action', '=', 'auth.denied').execute();
    expect(denied).toContainEqual({ details: expect.objectContaining({ reason: 'session_ended', count: 1 }), actor_label: s.body.token.slice(0, 13) });
  });

  it('requires credentials, with an RFC 6750 challenge', async () => {
    const none = await t.request('GET', '/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    expect(none.headers['www-authenticate']).toBe('Bearer realm="tessera"');
    const basic = await t.request('GET', '/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
    const garbage = await t.request('GET', '/v1/me', { token: 'tsrp_notatoken' });
    expect(garbage.status).toBe(401);
    expect(garbage.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(garbage.body.error.message).toContain('invalid token format');
  });

  it('says precisely what is wrong with a quoted or pasted-with-prefix token in the header', async () => {
    const s = await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD } });
    const tok = await t.request('POST', '/v1/me/tokens', { token: s.body.token, body: { name: 'quoted', scopes: ['read'] } });
    const quoted = await t.request('GET', '/v1/me', { headers: { authorization: `Bearer "${tok.body.secret}"` } });
    expect(quoted.status).toBe(401);
    expect(quoted.body.error).toMatchObject({ code: 'invalid_token', reason: 'quoted' });
    expect(quoted.body.error.message).toContain('remove the quotes');
    expect(quoted.body.error.message).not.toContain(tok.body.secret.slice(13));
    const doubled = await t.request('GET', '/v1/me', { headers: { authorization: `Bearer Bearer ${tok.body.secret}` } });
    expect(doubled.body.error.reason).toBe('bearer_prefix_included');
  });

  it('refuses to sign out with an API token', async () => {
    const s = await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD } });
    const tok = await t.request('POST', '/v1/me/tokens', { token: s.body.token, body: { name: 'cli', scopes: ['read'] } });
    expect(tok.status).toBe(201);
    const r = await t.request('DELETE', '/v1/sessions/current', { token: tok.body.secret });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('wrong_token_kind');
  });
});
