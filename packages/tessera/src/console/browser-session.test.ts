import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';

/** The browser's session: an HttpOnly cookie, and a CSRF header on every change it authenticates. */
describe('browser sessions (cookie + CSRF)', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());

  const signIn = async () => {
    const r = await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD, cookie: true } });
    expect(r.status).toBe(201);
    const setCookie = String(r.headers['set-cookie']);
    const cookie = /^(tessera_session=[^;]+)/.exec(setCookie)![1]!;
    return { r, setCookie, cookie, csrf: r.body.csrf_token as string };
  };

  it('sets an HttpOnly, SameSite=Strict, Path=/ cookie and answers a CSRF token instead of the session', async () => {
    const { r, setCookie, csrf } = await signIn();
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here
    expect(r.body.token).toBeUndefined();
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(r.body)).not.toContain('tsrs_');
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const s = await createTestApp({ TESSERA_PUBLIC_URL: 'https://tessera.example.com' });
    try {
      await s.bootstrap();
      const r = await s.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD, cookie: true } });
      expect(String(r.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await s.close();
    }
  });

  it('reads with the cookie alone, and GET /v1/me hands back the same CSRF token', async () => {
    const { cookie, csrf } = await signIn();
    const me = await t.request('GET', '/v1/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('owner@example.com');
    expect(me.body.csrf_token).toBe(csrf);
    const bearerMe = await t.request('GET', '/v1/me', { token: owner.token });
    expect(bearerMe.body.csrf_token).toBeUndefined();
  });

  it('refuses a cookie-authenticated change without the CSRF header (403 csrf_failed), and with a wrong one', async () => {
    const { cookie, csrf } = await signIn();
    const body = { name: 'Web', slug: 'web-csrf' };
    const none = await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { headers: { cookie }, body });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('csrf_failed');
    const wrong = await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { headers: { cookie, 'x-csrf-token': csrf.slice(0, -2) + (csrf.endsWith('AA') ? 'BB' : 'AA') }, body });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('csrf_failed');
    // Another session's CSRF token does not fit this one.
    const other = await signIn();
    const swapped = await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { headers: { cookie, 'x-csrf-token': other.csrf }, body });
    expect(swapped.status).toBe(403);
    const projects = await t.request('GET', `/v1/workspaces/${owner.slug}/projects`, { headers: { cookie } });
    expect(projects.body.items.map((p: { slug: string }) => p.slug)).not.toContain('web-csrf');
    const ok = await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { headers: { cookie, 'x-csrf-token': csrf }, body });
    expect(ok.status).toBe(201);
  });

  it('leaves bearer requests alone: no CSRF header needed, and a bearer header wins over a cookie', async () => {
    const r = await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, headers: { cookie: 'tessera_session=tsrs_garbage' }, body: { name: 'Api', slug: 'api-bearer' } });
    expect(r.status).toBe(201);
  });

  it('refuses a bad or signed-out cookie with 401 invalid_token', async () => {
    const bad = await t.request('GET', '/v1/me', { headers: { cookie: 'tessera_session=nonsense' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_token');
  });

  it('signs out: revokes the session and clears the cookie (which needs the CSRF header too)', async () => {
    const { cookie, csrf } = await signIn();
    const forged = await t.request('DELETE', '/v1/sessions/current', { headers: { cookie } });
    expect(forged.status).toBe(403);
    const out = await t.request('DELETE', '/v1/sessions/current', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    const cleared = String(out.headers['set-cookie']);
    expect(cleared).toMatch(/tessera_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await t.request('GET', '/v1/me', { headers: { cookie } })).status).toBe(401);
  });

  it('keeps the cookie out of the response body of setup and refuses unknown sign-in fields', async () => {
    const r = await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD, cookie: 'yes' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
  });
});

describe('accepting an invitation in the browser', () => {
  it('sets the cookie when asked, and the CSRF token it answers works', async () => {
    const t = await createTestApp();
    try {
      const owner = await t.bootstrap();
      const added = await t.request('POST', `/v1/workspaces/${owner.slug}/members`, { token: owner.token, body: { email: 'new@example.com', role: 'member' } });
      const r = await t.request('POST', '/v1/invitations/accept', { body: { code: added.body.invitation.code, password: TEST_PASSWORD, name: 'New', cookie: true } });
      expect(r.status).toBe(201);
      expect(r.body.token).toBeUndefined();
      expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly/);
      const cookie = /^(tessera_session=[^;]+)/.exec(String(r.headers['set-cookie']))![1]!;
      const me = await t.request('GET', '/v1/me', { headers: { cookie } });
      expect(me.body.user.email).toBe('new@example.com');
      expect(me.body.csrf_token).toBe(r.body.csrf_token);
    } finally {
      await t.close();
    }
  });
});

describe('first-run setup in the browser', () => {
  it('sets the cookie when asked, and still returns the token to API callers', async () => {
    const t = await createTestApp();
    try {
      const r = await t.request('POST', '/v1/setup', { body: { setup_code: t.setupCode, email: 'first@example.com', password: TEST_PASSWORD, name: 'First', workspace: { name: 'Acme', slug: 'acme' }, cookie: true } });
      expect(r.status).toBe(201);
      expect(r.body.token).toBeUndefined();
      expect(r.body.csrf_token).toBeTruthy();
      const cookie = /^(tessera_session=[^;]+)/.exec(String(r.headers['set-cookie']))![1]!;
      expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly/);
      const me = await t.request('GET', '/v1/me', { headers: { cookie } });
      expect(me.body.workspaces[0].slug).toBe('acme');
    } finally {
      await t.close();
    }
  });
});
