import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('/v1/me/tokens: personal tokens across workspaces (account tokens)', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());
  const post = (body: object, token: string | undefined = owner.token) => t.request('POST', '/v1/me/tokens', { token, body });

  it('creates an unrestricted personal token that works in every workspace of its user', async () => {
    const r = await post({ name: 'laptop', scopes: ['read', 'admin'], expires_in_days: 30, org_id: 'wsp_ignored' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'personal', workspace_id: null, user_id: owner.userId, scopes: ['read', 'admin'] });
    const second = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Second', slug: 'second' } });
    expect((await t.request('GET', `/v1/workspaces/${owner.slug}/tokens`, { token: r.body.secret })).status).toBe(200);
    expect((await t.request('GET', `/v1/workspaces/${second.body.slug}/tokens`, { token: r.body.secret })).status).toBe(200);
    const me = await t.request('GET', '/v1/me', { token: r.body.secret });
    expect(me.body).toMatchObject({ principal: 'token', user: { id: owner.userId }, token: { kind: 'personal', workspace_id: null } });
  });

  it('restricts a personal token to one workspace on request', async () => {
    const r = await post({ name: 'only-acme', scopes: ['read'], workspace: owner.slug });
    expect(r.status).toBe(201);
    expect(r.body.workspace_id).toBe(owner.workspaceId);
    const other = await t.request('GET', '/v1/workspaces/second/projects', { token: r.body.secret });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: 'token_restricted', message: expect.stringContaining('restricted to one workspace') });
  });

  it('lists the caller’s personal tokens only, without secrets', async () => {
    const admin = await t.addMember(owner.workspaceId, 'admin');
    await post({ name: 'admins', scopes: ['read'] }, admin.token);
    const r = await t.request('GET', '/v1/me/tokens', { token: owner.token });
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { name: string }) => i.name).sort()).toEqual(['laptop', 'only-acme']);
    expect(JSON.stringify(r.body)).not.toMatch(/tsru_[0-9A-Za-z]{46}/);
  });

  it('refuses bad input', async () => {
    expect((await post({ name: 'x', scopes: ['root'] })).body.error.code).toBe('scope_not_allowed');
    expect((await post({ name: 'x' })).status).toBe(400);
    expect((await post({ name: 'x', scopes: ['read'], expires_in_days: 0 })).status).toBe(400);
    expect((await post({ name: 'laptop', scopes: ['read'] })).status).toBe(409);
    expect((await post({ name: 'x', scopes: ['read'], workspace: 'no-such-workspace' })).status).toBe(404);
  });

  it('needs credentials of a user: no token is 401, a workspace token is 403', async () => {
    expect((await t.request('POST', '/v1/me/tokens', { body: { name: 'x', scopes: ['read'] } })).status).toBe(401);
    expect((await t.request('GET', '/v1/me/tokens')).status).toBe(401);
    const ws = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'ws', scopes: ['admin'] } });
    const r = await post({ name: 'x', scopes: ['read'] }, ws.body.secret);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('wrong_token_kind');
  });

  it('a personal token needs the admin scope to mint more tokens', async () => {
    const readOnly = await post({ name: 'ro', scopes: ['read'] });
    const r = await post({ name: 'child', scopes: ['read'] }, readOnly.body.secret);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('insufficient_scope');
  });
});
