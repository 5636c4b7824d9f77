import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('workspaces: list, read, update, delete', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let viewer: { token: string; userId: string };
  const events = async (slug: string, action: string) =>
    (await t.request('GET', `/v1/workspaces/${slug}/audit-events?action=${action}`, { token: owner.token })).body.items;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    viewer = await t.addMember(owner.workspaceId, 'viewer');
  });
  afterAll(() => t?.close());

  describe('GET /v1/workspaces', () => {
    it("lists the caller's workspaces with their role in each", async () => {
      await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Second', slug: 'second' } });
      const mine = await t.request('GET', '/v1/workspaces', { token: owner.token });
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((w: any) => [w.slug, w.role])).toEqual([[owner.slug, 'owner'], ['second', 'owner']]);
      expect(Object.keys(mine.body.items[0]).sort()).toEqual(['allow_non_expiring_tokens', 'created_at', 'default_token_lifetime_days', 'id', 'leak_response', 'max_token_lifetime_days', 'name', 'role', 'slug', 'token_limit']);
      const theirs = await t.request('GET', '/v1/workspaces', { token: viewer.token });
      expect(theirs.body.items.map((w: any) => [w.slug, w.role])).toEqual([[owner.slug, 'viewer']]);
    });

    it('shows a restricted personal token only its workspace, and a workspace token its own as admin', async () => {
      const restricted = await t.createToken(owner.token, 'second', { kind: 'personal', scopes: ['read'] });
      expect((await t.request('GET', '/v1/workspaces', { token: restricted.secret })).body.items.map((w: any) => w.slug)).toEqual(['second']);
      const wsToken = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
      expect((await t.request('GET', '/v1/workspaces', { token: wsToken.secret })).body.items.map((w: any) => [w.slug, w.role])).toEqual([[owner.slug, 'admin']]);
    });

    it('refuses a project token, which acts only on its project', async () => {
      await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Api', slug: 'api' } });
      const p = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'api', scopes: ['read'] });
      const r = await t.request('GET', '/v1/workspaces', { token: p.secret });
      expect([r.status, r.body.error.code]).toEqual([403, 'wrong_token_kind']);
    });
  });

  describe('GET /v1/workspaces/{workspace}', () => {
    it('finds a workspace by id or slug, with the caller’s role', async () => {
      const bySlug = await t.request('GET', `/v1/workspaces/${owner.slug}`, { token: viewer.token });
      expect(bySlug.status).toBe(200);
      expect(bySlug.body).toMatchObject({ id: owner.workspaceId, slug: owner.slug, name: 'Acme', role: 'viewer', max_token_lifetime_days: 365, default_token_lifetime_days: 90, allow_non_expiring_tokens: false, token_limit: null });
      const byId = await t.request('GET', `/v1/workspaces/${owner.workspaceId}`, { token: owner.token });
      expect(byId.body).toMatchObject({ slug: owner.slug, role: 'owner' });
    });

    it('answers 400 for a malformed reference and 404 for an unknown one', async () => {
      const bad = await t.request('GET', '/v1/workspaces/Not_A_Slug!', { token: owner.token });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
      const unknown = await t.request('GET', '/v1/workspaces/nowhere', { token: owner.token });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    });
  });

  describe('PATCH /v1/workspaces/{workspace}', () => {
    it('renames the workspace and changes its token policy, auditing what changed', async () => {
      const r = await t.request('PATCH', `/v1/workspaces/${owner.slug}`, {
        token: owner.token,
        body: { name: 'Acme Corp', max_token_lifetime_days: 30, default_token_lifetime_days: 7, allow_non_expiring_tokens: true, token_limit: 50 },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ name: 'Acme Corp', slug: owner.slug, max_token_lifetime_days: 30, default_token_lifetime_days: 7, allow_non_expiring_tokens: true, token_limit: 50 });
      const [e] = await events(owner.slug, 'workspace.updated');
      expect(e.details.changed.sort()).toEqual(['allow_non_expiring_tokens', 'default_token_lifetime_days', 'max_token_lifetime_days', 'name', 'token_limit']);
      expect(e.details.from).toMatchObject({ name: 'Acme', max_token_lifetime_days: 365, token_limit: null });
      expect(e.details.to).toMatchObject({ name: 'Acme Corp', max_token_lifetime_days: 30, token_limit: 50 });
    });

    it('applies the new policy to tokens created afterwards', async () => {
      const tooLong = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'long', scopes: ['read'], expires_in_days: 31 } });
      expect([tooLong.status, tooLong.body.error.code]).toEqual([422, 'expiry_not_allowed']);
      const never = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'never', scopes: ['read'], expires_at: null } });
      expect(never.status).toBe(201);
      expect(never.body.expires_at).toBeNull();
    });

    it('clears the token limit with null and changes the slug', async () => {
      const r = await t.request('PATCH', `/v1/workspaces/${owner.workspaceId}`, { token: owner.token, body: { token_limit: null, slug: 'acme-corp' } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ token_limit: null, slug: 'acme-corp' });
      expect((await t.request('GET', `/v1/workspaces/${owner.slug}`, { token: owner.token })).status).toBe(404);
      const back = await t.request('PATCH', '/v1/workspaces/acme-corp', { token: owner.token, body: { slug: owner.slug } });
      expect(back.body.slug).toBe(owner.slug);
    });

    it('writes no event when nothing changes', async () => {
      const before = (await events(owner.slug, 'workspace.updated')).length;
      const r = await t.request('PATCH', `/v1/workspaces/${owner.slug}`, { token: owner.token, body: { name: 'Acme Corp' } });
      expect(r.status).toBe(200);
      expect((await events(owner.slug, 'workspace.updated')).length).toBe(before);
    });

    it('answers 409 slug_taken for a slug in use', async () => {
      const r = await t.request('PATCH', `/v1/workspaces/${owner.slug}`, { token: owner.token, body: { slug: 'second' } });
      expect([r.status, r.body.error.code]).toEqual([409, 'slug_taken']);
    });

    it('answers 400 for bad input', async () => {
      const bodies: [object, string][] = [
        [{ slug: 'Bad_Slug' }, 'slug'],
        [{ slug: '-dash' }, 'slug'],
        [{ max_token_lifetime_days: 0 }, 'max_token_lifetime_days'],
        [{ max_token_lifetime_days: 3651 }, 'max_token_lifetime_days'],
        [{ default_token_lifetime_days: 1.5 }, 'default_token_lifetime_days'],
        [{ token_limit: 0 }, 'token_limit'],
        [{ allow_non_expiring_tokens: 'yes' }, 'allow_non_expiring_tokens'],
        [{ name: '' }, 'name'],
        [{ owner: 'me' }, 'unknown field "owner"'],
        [{}, 'body'],
        [{ default_token_lifetime_days: 400 }, 'must not exceed max_token_lifetime_days'],
      ];
      for (const [body, mentions] of bodies) {
        const r = await t.request('PATCH', `/v1/workspaces/${owner.slug}`, { token: owner.token, body });
        expect({ body, status: r.status, code: r.body.error.code }).toEqual({ body, status: 400, code: 'invalid_request' });
        expect(r.body.error.message).toContain(mentions);
      }
    });

    it('lets an owner’s personal token with the admin scope change the policy', async () => {
      const tok = await t.createToken(owner.token, owner.slug, { kind: 'personal', scopes: ['admin'] });
      const r = await t.request('PATCH', `/v1/workspaces/${owner.slug}`, { token: tok.secret, body: { default_token_lifetime_days: 14 } });
      expect(r.status).toBe(200);
      expect(r.body.default_token_lifetime_days).toBe(14);
      const [e] = await events(owner.slug, 'workspace.updated');
      expect(e.actor).toMatchObject({ type: 'token', id: tok.id });
      expect(e.details.on_behalf_of).toBe(owner.userId);
    });

    it('refuses a workspace token: it never acts as owner', async () => {
      const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['admin'] });
      const r = await t.request('PATCH', `/v1/workspaces/${owner.slug}`, { token: tok.secret, body: { name: 'Hijacked' } });
      expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
    });
  });

  describe('DELETE /v1/workspaces/{workspace}', () => {
    it('deletes the workspace: its tokens are revoked (audited), then gone with its projects and service accounts', async () => {
      const ws = (await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Doomed', slug: 'doomed' } })).body;
      await t.request('POST', '/v1/workspaces/doomed/projects', { token: owner.token, body: { name: 'P', slug: 'p' } });
      const sa = (await t.request('POST', '/v1/workspaces/doomed/service-accounts', { token: owner.token, body: { name: 'bot', role: 'member' } })).body;
      const tokens = [
        await t.createToken(owner.token, 'doomed', { kind: 'workspace', scopes: ['read'] }),
        await t.createToken(owner.token, 'doomed', { kind: 'project', project: 'p', scopes: ['read'] }),
        await t.createToken(owner.token, 'doomed', { kind: 'personal', user_id: sa.user_id, scopes: ['read'] }),
      ];
      for (const tok of tokens) expect((await t.request('GET', '/v1/me', { token: tok.secret })).status).toBe(200);

      const r = await t.request('DELETE', '/v1/workspaces/doomed', { token: owner.token });
      expect(r.status).toBe(204);
      expect((await t.request('GET', '/v1/workspaces/doomed', { token: owner.token })).status).toBe(404);
      for (const tok of tokens) expect((await t.request('GET', '/v1/me', { token: tok.secret })).status).toBe(401);
      expect((await t.request('GET', '/v1/workspaces', { token: owner.token })).body.items.map((w: any) => w.slug)).not.toContain('doomed');

      const trail = await t.ctx.db.selectFrom('audit_events').select(['action', 'target_id', 'details']).where('workspace_id', '=', ws.id).orderBy('seq').execute();
      const actions = trail.map((e) => e.action);
      expect(actions.filter((a) => a === 'token.revoked')).toHaveLength(3);
      expect(actions).toContain('service_account.deleted');
      expect(actions.at(-1)).toBe('workspace.deleted');
      expect(trail.at(-1)!.details).toMatchObject({ name: 'Doomed', revoked_tokens: 3 });
      expect(await t.ctx.db.selectFrom('users').select('id').where('id', '=', sa.user_id).executeTakeFirst()).toBeUndefined();
    });

    it('refuses an API token, even the owner’s with the admin scope: deleting needs a session', async () => {
      const tok = await t.createToken(owner.token, 'second', { kind: 'personal', scopes: ['admin'] });
      const r = await t.request('DELETE', '/v1/workspaces/second', { token: tok.secret });
      expect([r.status, r.body.error.code]).toEqual([403, 'wrong_token_kind']);
      expect((await t.request('GET', '/v1/workspaces/second', { token: owner.token })).status).toBe(200);
    });

    it('answers 400 for a malformed reference', async () => {
      const r = await t.request('DELETE', '/v1/workspaces/UPPER', { token: owner.token });
      expect([r.status, r.body.error.code]).toEqual([400, 'invalid_request']);
    });
  });
});
