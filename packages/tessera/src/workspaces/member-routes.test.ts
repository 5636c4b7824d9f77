import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('members: list, add, change role, remove', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let admin: { token: string; userId: string };
  const url = (p = '') => `/v1/workspaces/${owner.slug}/members${p}`;
  const events = async (action: string) => (await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=${action}`, { token: owner.token })).body.items;
  const roleOf = async (userId: string) => (await t.request('GET', url(), { token: owner.token })).body.items.find((m: any) => m.user_id === userId)?.role;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    admin = await t.addMember(owner.workspaceId, 'admin');
  });
  afterAll(() => t?.close());

  describe('GET …/members', () => {
    it('lists humans and service accounts with role, kind, email and name, and nothing else', async () => {
      const viewer = await t.addMember(owner.workspaceId, 'viewer');
      await t.request('POST', `/v1/workspaces/${owner.slug}/service-accounts`, { token: owner.token, body: { name: 'Deploy bot', role: 'member' } });
      const r = await t.request('GET', url(), { token: viewer.token });
      expect(r.status).toBe(200);
      expect(r.body.items[0]).toEqual({ user_id: owner.userId, kind: 'human', email: 'owner@example.com', name: 'Olivia Owner', role: 'owner', pending: false, created_at: expect.any(String) });
      expect(r.body.items.map((m: any) => [m.kind, m.role])).toEqual([['human', 'owner'], ['human', 'admin'], ['human', 'viewer'], ['service', 'member']]);
      expect(r.body.items.find((m: any) => m.kind === 'service')).toMatchObject({ email: null, name: 'Deploy bot' });
      expect(r.raw.body).not.toContain('scrypt');
      expect(r.raw.body).not.toContain('password');
      const services = await t.request('GET', url('?kind=service'), { token: viewer.token });
      expect(services.body.items.map((m: any) => m.name)).toEqual(['Deploy bot']);
    });

    it('answers 400 for an unknown filter value or query field', async () => {
      expect((await t.request('GET', url('?kind=robot'), { token: owner.token })).status).toBe(400);
      const r = await t.request('GET', url('?role=owner'), { token: owner.token });
      expect([r.status, r.body.error.code]).toEqual([400, 'invalid_request']);
    });
  });

  describe('POST …/members', () => {
    it('adds an existing user directly, without an invitation, and answers 409 the second time', async () => {
      const other = (await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } })).body;
      const existing = await t.addMember(other.id, 'member');
      const r = await t.request('POST', url(), { token: admin.token, body: { email: existing.email.toUpperCase(), role: 'member' } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ user_id: existing.userId, email: existing.email, role: 'member', kind: 'human', pending: false });
      expect(r.body.invitation).toBeUndefined();
      const [e] = await events('member.added');
      expect(e).toMatchObject({ target: { id: existing.userId }, details: { role: 'member', kind: 'human', invited: false } });
      const again = await t.request('POST', url(), { token: admin.token, body: { email: existing.email, role: 'viewer' } });
      expect([again.status, again.body.error.code]).toEqual([409, 'already_member']);
    });

    it('creates an unknown user without a password and returns a one-time invitation code, never audited', async () => {
      const r = await t.request('POST', url(), { token: admin.token, body: { email: 'newbie@example.com', role: 'viewer' } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ email: 'newbie@example.com', role: 'viewer', pending: true, name: 'newbie' });
      expect(r.body.invitation.code).toMatch(/^[0-9A-Za-z]{32}$/);
      const days = (Date.parse(r.body.invitation.expires_at) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      expect(days).toBeLessThanOrEqual(7);
      const [e] = await events('invitation.created');
      expect(e.details).toMatchObject({ user_id: r.body.user_id, role: 'viewer' });
      const trail = (await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events`, { token: owner.token })).raw.body;
      expect(trail).not.toContain(r.body.invitation.code);
      const stored = await t.ctx.db.selectFrom('invitations').selectAll().where('user_id', '=', r.body.user_id).executeTakeFirstOrThrow();
      expect(Buffer.from(stored.code_hash).toString()).not.toContain(r.body.invitation.code);
    });

    it('only lets an owner add an owner', async () => {
      const byAdmin = await t.request('POST', url(), { token: admin.token, body: { email: 'boss@example.com', role: 'owner' } });
      expect([byAdmin.status, byAdmin.body.error.code]).toEqual([403, 'forbidden']);
      const byOwner = await t.request('POST', url(), { token: owner.token, body: { email: 'boss@example.com', role: 'owner' } });
      expect(byOwner.status).toBe(201);
    });

    it('answers 400 for bad input', async () => {
      for (const body of [{ email: 'not-an-email', role: 'member' }, { email: 'x@example.com', role: 'god' }, { email: 'x@example.com' }, { email: 'x@example.com', role: 'member', name: 'X' }]) {
        const r = await t.request('POST', url(), { token: owner.token, body });
        expect({ body, status: r.status, code: r.body.error.code }).toEqual({ body, status: 400, code: 'invalid_request' });
      }
    });
  });

  describe('PATCH …/members/{user_id}', () => {
    it('changes a role below owner as admin, and audits from and to', async () => {
      const m = await t.addMember(owner.workspaceId, 'member');
      const r = await t.request('PATCH', url(`/${m.userId}`), { token: admin.token, body: { role: 'viewer' } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ user_id: m.userId, role: 'viewer' });
      const [e] = await events('member.role_changed');
      expect(e).toMatchObject({ target: { id: m.userId }, details: { from: 'member', to: 'viewer' } });
      expect(await roleOf(m.userId)).toBe('viewer');
    });

    it('needs an owner to grant or take the owner role', async () => {
      const m = await t.addMember(owner.workspaceId, 'member');
      const grant = await t.request('PATCH', url(`/${m.userId}`), { token: admin.token, body: { role: 'owner' } });
      expect([grant.status, grant.body.error.code]).toEqual([403, 'forbidden']);
      const o = await t.addMember(owner.workspaceId, 'owner');
      const demote = await t.request('PATCH', url(`/${o.userId}`), { token: admin.token, body: { role: 'member' } });
      expect([demote.status, demote.body.error.code]).toEqual([403, 'forbidden']);
      expect((await t.request('PATCH', url(`/${o.userId}`), { token: owner.token, body: { role: 'admin' } })).status).toBe(200);
    });

    it('never lets an admin raise their own role, but lets them step down', async () => {
      const a = await t.addMember(owner.workspaceId, 'admin');
      const up = await t.request('PATCH', url(`/${a.userId}`), { token: a.token, body: { role: 'owner' } });
      expect([up.status, up.body.error.code]).toEqual([403, 'forbidden']);
      expect(up.body.error.message).toContain('your own role');
      expect((await t.request('PATCH', url(`/${a.userId}`), { token: a.token, body: { role: 'member' } })).status).toBe(200);
      expect(await roleOf(a.userId)).toBe('member');
    });

    it('answers 400 for bad input and 404 for a user who is not a member', async () => {
      expect((await t.request('PATCH', url('/nope'), { token: owner.token, body: { role: 'viewer' } })).status).toBe(400);
      expect((await t.request('PATCH', url(`/${admin.userId}`), { token: owner.token, body: { role: 'root' } })).status).toBe(400);
      expect((await t.request('PATCH', url(`/${admin.userId}`), { token: owner.token, body: { role: 'viewer', email: 'x@example.com' } })).status).toBe(400);
      const missing = await t.request('PATCH', url('/usr_0000000000000000'), { token: owner.token, body: { role: 'viewer' } });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    });
  });

  describe('the last owner', () => {
    it('can be neither demoted nor removed, nor leave, until another owner exists', async () => {
      const w = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Solo', slug: 'solo' } });
      const solo = `/v1/workspaces/solo/members/${owner.userId}`;
      const demote = await t.request('PATCH', solo, { token: owner.token, body: { role: 'admin' } });
      expect([demote.status, demote.body.error.code]).toEqual([409, 'last_owner']);
      const leave = await t.request('DELETE', solo, { token: owner.token });
      expect([leave.status, leave.body.error.code]).toEqual([409, 'last_owner']);

      // A service-account owner does not count: the workspace needs an owner who can sign in.
      const bot = await t.request('POST', '/v1/workspaces/solo/service-accounts', { token: owner.token, body: { name: 'bot', role: 'owner' } });
      expect(bot.status).toBe(201);
      expect((await t.request('DELETE', solo, { token: owner.token })).body.error.code).toBe('last_owner');
      // Nor does an invited owner who never signed in.
      await t.request('POST', '/v1/workspaces/solo/members', { token: owner.token, body: { email: 'heir@example.com', role: 'owner' } });
      expect((await t.request('PATCH', solo, { token: owner.token, body: { role: 'viewer' } })).body.error.code).toBe('last_owner');

      const second = await t.addMember(w.body.id, 'owner');
      expect((await t.request('PATCH', solo, { token: second.token, body: { role: 'admin' } })).status).toBe(200);
      const last = await t.request('DELETE', `/v1/workspaces/solo/members/${second.userId}`, { token: second.token });
      expect([last.status, last.body.error.code]).toEqual([409, 'last_owner']);
    });

    it('survives two owners removing each other at the same moment: exactly one succeeds', async () => {
      const w = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Duel', slug: 'duel' } });
      const a = await t.addMember(w.body.id, 'owner');
      const b = await t.addMember(w.body.id, 'owner');
      expect((await t.request('DELETE', `/v1/workspaces/duel/members/${owner.userId}`, { token: owner.token })).status).toBe(204);
      const results = await Promise.all([
        t.request('DELETE', `/v1/workspaces/duel/members/${b.userId}`, { token: a.token }),
        t.request('DELETE', `/v1/workspaces/duel/members/${a.userId}`, { token: b.token }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([204, 404]);
      const survivor = results[0]!.status === 204 ? a : b;
      const left = (await t.request('GET', '/v1/workspaces/duel/members', { token: survivor.token })).body.items;
      expect(left.map((m: any) => [m.user_id, m.role])).toEqual([[survivor.userId, 'owner']]);
    });
  });

  describe('DELETE …/members/{user_id}', () => {
    it("removes a member and revokes their personal tokens restricted to the workspace, in the same change", async () => {
      const m = await t.addMember(owner.workspaceId, 'member');
      const restricted = (await t.request('POST', '/v1/me/tokens', { token: m.token, body: { name: 'ci', workspace: owner.slug, scopes: ['read'] } })).body;
      const everywhere = (await t.request('POST', '/v1/me/tokens', { token: m.token, body: { name: 'cli', scopes: ['read'] } })).body;
      expect((await t.request('GET', '/v1/me', { token: restricted.secret })).status).toBe(200);

      const r = await t.request('DELETE', url(`/${m.userId}`), { token: admin.token });
      expect(r.status).toBe(204);
      expect(await roleOf(m.userId)).toBeUndefined();
      const me = await t.request('GET', '/v1/me', { token: restricted.secret });
      expect([me.status, me.body.error.code]).toEqual([401, 'invalid_token']);
      expect(me.body.error.message).toContain('revoked');
      // An unrestricted token stays valid but no longer reaches the workspace.
      expect((await t.request('GET', '/v1/me', { token: everywhere.secret })).status).toBe(200);
      expect((await t.request('GET', `/v1/workspaces/${owner.slug}`, { token: everywhere.secret })).status).toBe(404);

      const revoked = (await events('token.revoked')).filter((e: any) => e.target.id === restricted.id);
      expect(revoked).toHaveLength(1);
      const [removed] = await events('member.removed');
      expect(removed).toMatchObject({ target: { id: m.userId }, details: { role: 'member', kind: 'human', self: false, revoked_tokens: 1 } });
    });

    it('lets any member leave by removing themselves', async () => {
      const v = await t.addMember(owner.workspaceId, 'viewer');
      expect((await t.request('DELETE', url(`/${v.userId}`), { token: v.token })).status).toBe(204);
      expect((await t.request('GET', `/v1/workspaces/${owner.slug}`, { token: v.token })).status).toBe(404);
      const [e] = await events('member.removed');
      expect(e.details.self).toBe(true);
    });

    it('does not let a member remove someone else, nor an admin remove an owner', async () => {
      const m = await t.addMember(owner.workspaceId, 'member');
      const r = await t.request('DELETE', url(`/${admin.userId}`), { token: m.token });
      expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
      const o = await t.request('DELETE', url(`/${owner.userId}`), { token: admin.token });
      expect([o.status, o.body.error.code]).toEqual([403, 'forbidden']);
    });

    it('drops a pending invitation with the membership', async () => {
      const inv = (await t.request('POST', url(), { token: owner.token, body: { email: 'gone@example.com', role: 'viewer' } })).body;
      expect((await t.request('DELETE', url(`/${inv.user_id}`), { token: owner.token })).status).toBe(204);
      const accept = await t.request('POST', '/v1/invitations/accept', { body: { code: inv.invitation.code, password: 'a long enough password' } });
      expect([accept.status, accept.body.error.code]).toEqual([422, 'invalid_invitation']);
    });

    it('answers 400 for a malformed id and 404 for a user who is not a member', async () => {
      expect((await t.request('DELETE', url('/usr_short'), { token: owner.token })).status).toBe(400);
      expect((await t.request('DELETE', url('/usr_0000000000000000'), { token: owner.token })).status).toBe(404);
    });
  });
});
