import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('service accounts: create, list, give tokens, delete', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let admin: { token: string; userId: string };
  const url = (p = '') => `/v1/workspaces/${owner.slug}/service-accounts${p}`;
  const events = async (action: string) => (await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=${action}`, { token: owner.token })).body.items;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    admin = await t.addMember(owner.workspaceId, 'admin');
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
  });
  afterAll(() => t?.close());

  it('creates a service account: a member without email or password', async () => {
    const r = await t.request('POST', url(), { token: admin.token, body: { name: '  GitHub Actions ', role: 'member' } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ user_id: expect.stringMatching(/^usr_/), kind: 'service', email: null, name: 'GitHub Actions', role: 'member', pending: false, created_at: expect.any(String) });
    const [e] = await events('service_account.created');
    expect(e).toMatchObject({ target: { id: r.body.user_id }, details: { name: 'GitHub Actions', role: 'member' } });
  });

  it("limits the role to the creator's: only owners create owner service accounts", async () => {
    const byAdmin = await t.request('POST', url(), { token: admin.token, body: { name: 'root bot', role: 'owner' } });
    expect([byAdmin.status, byAdmin.body.error.code]).toEqual([403, 'forbidden']);
    expect((await t.request('POST', url(), { token: admin.token, body: { name: 'admin bot', role: 'admin' } })).status).toBe(201);
    expect((await t.request('POST', url(), { token: owner.token, body: { name: 'root bot', role: 'owner' } })).status).toBe(201);
  });

  it('answers 400 for bad input', async () => {
    for (const body of [{ name: '', role: 'member' }, { name: 'x'.repeat(101), role: 'member' }, { name: 'bot', role: 'robot' }, { name: 'bot' }, { name: 'bot', role: 'member', email: 'bot@example.com' }]) {
      const r = await t.request('POST', url(), { token: owner.token, body });
      expect({ body, status: r.status, code: r.body.error.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    }
  });

  it('lists only service accounts', async () => {
    const r = await t.request('GET', url(), { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.body.items.every((m: any) => m.kind === 'service' && m.email === null)).toBe(true);
    expect(r.body.items.map((m: any) => m.name)).toEqual(['GitHub Actions', 'admin bot', 'root bot']);
  });

  it('acts through a personal token an admin creates for it, within its role', async () => {
    const sa = (await t.request('POST', url(), { token: admin.token, body: { name: 'deployer', role: 'member' } })).body;
    const tok = await t.createToken(admin.token, owner.slug, { kind: 'personal', user_id: sa.user_id, scopes: ['read', 'write'] });
    const me = await t.request('GET', '/v1/me', { token: tok.secret });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual({ id: sa.user_id, email: null, name: 'deployer', kind: 'service', instance_admin: false });
    expect((await t.request('GET', `/v1/workspaces/${owner.slug}/projects/web`, { token: tok.secret })).status).toBe(200);
    const write = await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: tok.secret, body: { name: 'X', slug: 'x' } });
    expect([write.status, write.body.error.code]).toEqual([403, 'forbidden']);
    // A member service account cannot hold the admin scope.
    const tooMuch = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: admin.token, body: { kind: 'personal', name: 'adm', user_id: sa.user_id, scopes: ['admin'] } });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, 'scope_not_allowed']);
  });

  it('deletes a service account: its tokens are revoked (audited), then gone with it', async () => {
    const sa = (await t.request('POST', url(), { token: owner.token, body: { name: 'temp', role: 'viewer' } })).body;
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'personal', user_id: sa.user_id, scopes: ['read'] });
    expect((await t.request('GET', '/v1/me', { token: tok.secret })).status).toBe(200);

    const r = await t.request('DELETE', url(`/${sa.user_id}`), { token: admin.token });
    expect(r.status).toBe(204);
    expect((await t.request('GET', '/v1/me', { token: tok.secret })).status).toBe(401);
    expect((await t.request('GET', url(), { token: owner.token })).body.items.some((m: any) => m.user_id === sa.user_id)).toBe(false);
    expect((await events('token.revoked')).map((e: any) => e.target.id)).toContain(tok.id);
    const [e] = await events('service_account.deleted');
    expect(e.target.id).toBe(sa.user_id);
    expect(await t.ctx.db.selectFrom('users').select('id').where('id', '=', sa.user_id).executeTakeFirst()).toBeUndefined();
  });

  it('deletes a service account removed through the members route too', async () => {
    const sa = (await t.request('POST', url(), { token: owner.token, body: { name: 'temp2', role: 'viewer' } })).body;
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'personal', user_id: sa.user_id, scopes: ['read'] });
    expect((await t.request('DELETE', `/v1/workspaces/${owner.slug}/members/${sa.user_id}`, { token: owner.token })).status).toBe(204);
    expect((await t.request('GET', '/v1/me', { token: tok.secret })).status).toBe(401);
    expect(await t.ctx.db.selectFrom('users').select('id').where('id', '=', sa.user_id).executeTakeFirst()).toBeUndefined();
  });

  it('needs an owner to delete an owner service account', async () => {
    const root = (await t.request('GET', url(), { token: owner.token })).body.items.find((m: any) => m.role === 'owner');
    const r = await t.request('DELETE', url(`/${root.user_id}`), { token: admin.token });
    expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
    expect((await t.request('DELETE', url(`/${root.user_id}`), { token: owner.token })).status).toBe(204);
  });

  it('answers 404 for a human member and 400 for a malformed id', async () => {
    const human = await t.request('DELETE', url(`/${admin.userId}`), { token: owner.token });
    expect([human.status, human.body.error.message]).toEqual([404, 'service account not found']);
    expect((await t.request('GET', `/v1/workspaces/${owner.slug}/members`, { token: owner.token })).body.items.some((m: any) => m.user_id === admin.userId)).toBe(true);
    expect((await t.request('DELETE', url('/tok_0000000000000000'), { token: owner.token })).status).toBe(400);
  });
});
