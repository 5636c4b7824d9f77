import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Issue 11, defect 3: a personal token restricted to one workspace escaped its restriction on
 * user-level routes, and narrower tokens reached broader secrets. Each escape has its test.
 */
describe('a restricted or narrower token stays within its reach (issue 11, defect 3)', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let restricted: { id: string; secret: string };
  let unrestricted: { id: string; secret: string };
  let elsewhere: { id: string; secret: string };
  const other = 'other-ws';
  const me = (token: string, body: object) => t.request('POST', '/v1/me/tokens', { token, body });
  const outcome = (r: { status: number; body: any }) => [r.status, r.body?.error?.code ?? null];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    expect((await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: other } })).status).toBe(201);
    restricted = (await me(owner.token, { name: 'acme only', workspace: owner.slug, scopes: ['read', 'write', 'upload', 'admin'] })).body;
    unrestricted = (await me(owner.token, { name: 'everywhere', scopes: ['read', 'write', 'upload', 'admin'] })).body;
    elsewhere = (await me(owner.token, { name: 'other only', workspace: other, scopes: ['read', 'admin'] })).body;
  });
  afterAll(() => t?.close());

  it('a workspace-restricted personal token cannot mint an unrestricted personal token (issue 11 escape 1)', async () => {
    const r = await me(restricted.secret, { name: 'x', scopes: ['read'] });
    expect(outcome(r)).toEqual([403, 'token_restricted']);
    // Inside its workspace it still can, within its own scopes.
    const inside = await me(restricted.secret, { name: 'child', workspace: owner.slug, scopes: ['read'] });
    expect([inside.status, inside.body.workspace_id]).toEqual([201, owner.workspaceId]);
    expect(outcome(await me(restricted.secret, { name: 'child2', workspace: other, scopes: ['read'] }))).toEqual([403, 'token_restricted']);
  });

  it("a workspace-restricted personal token cannot rotate its owner's unrestricted token (issue 11 escape 2)", async () => {
    const r = await t.request('POST', `/v1/tokens/${unrestricted.id}/rotate`, { token: restricted.secret, body: {} });
    expect(outcome(r)).toEqual([404, 'not_found']);
    expect(JSON.stringify(r.body)).not.toContain(unrestricted.id);
    expect((await t.request('GET', '/v1/me', { token: unrestricted.secret })).status).toBe(200); // untouched
  });

  it('a workspace-restricted personal token cannot create a workspace (issue 11 escape 3)', async () => {
    const r = await t.request('POST', '/v1/workspaces', { token: restricted.secret, body: { name: 'Escape', slug: 'escape' } });
    expect(outcome(r)).toEqual([403, 'token_restricted']);
    expect((await t.request('GET', '/v1/workspaces/escape', { token: owner.token })).status).toBe(404);
  });

  it("a workspace-restricted personal token cannot see, change or revoke its owner's tokens outside its workspace (issue 11 escape 4)", async () => {
    for (const target of [unrestricted, elsewhere]) {
      expect(outcome(await t.request('GET', `/v1/tokens/${target.id}`, { token: restricted.secret }))).toEqual([404, 'not_found']);
      expect(outcome(await t.request('PATCH', `/v1/tokens/${target.id}`, { token: restricted.secret, body: { name: 'hijacked' } }))).toEqual([404, 'not_found']);
      expect(outcome(await t.request('POST', `/v1/tokens/${target.id}/rotate`, { token: restricted.secret, body: {} }))).toEqual([404, 'not_found']);
      expect(outcome(await t.request('DELETE', `/v1/tokens/${target.id}`, { token: restricted.secret }))).toEqual([404, 'not_found']);
      expect((await t.request('GET', `/v1/tokens/${target.id}`, { token: owner.token })).body).toMatchObject({ status: 'active', name: target === unrestricted ? 'everywhere' : 'other only' });
    }
  });

  it('a workspace-restricted personal token lists only the personal tokens restricted to its workspace (issue 11 escape 5)', async () => {
    const mine = await t.request('GET', '/v1/me/tokens', { token: restricted.secret });
    expect(mine.status).toBe(200);
    const ids = mine.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(restricted.id);
    expect(ids).not.toContain(unrestricted.id);
    expect(ids).not.toContain(elsewhere.id);
    // A member (who sees only their own tokens in the workspace list) with a restricted token does not see their unrestricted ones there either.
    const member = await t.addMember(owner.workspaceId, 'member');
    const wide = (await me(member.token, { name: 'member everywhere', scopes: ['read'] })).body;
    const narrow = (await me(member.token, { name: 'member acme', workspace: owner.slug, scopes: ['read'] })).body;
    const listed = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens`, { token: narrow.secret });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([narrow.id]);
    expect(JSON.stringify(listed.body)).not.toContain(wide.id);
  });

  it('a personal token cannot rotate its way to scopes it lacks (issue 11 escape 6)', async () => {
    const adminOnly = (await me(owner.token, { name: 'admin only', scopes: ['admin'] })).body;
    const broad = (await me(owner.token, { name: 'broad', scopes: ['read', 'write', 'upload', 'admin'] })).body;
    const r = await t.request('POST', `/v1/tokens/${broad.id}/rotate`, { token: adminOnly.secret, body: {} });
    expect(outcome(r)).toEqual([422, 'scope_not_allowed']);
    expect(r.body.error.message).toContain('"read", "write", "upload"');
    // A token may rotate one it could have minted itself.
    const readAdmin = (await me(owner.token, { name: 'read admin', scopes: ['read', 'admin'] })).body;
    const ro = (await me(owner.token, { name: 'ro', scopes: ['read'] })).body;
    expect((await t.request('POST', `/v1/tokens/${ro.id}/rotate`, { token: readAdmin.secret, body: {} })).status).toBe(201);
  });

  it("an admin cannot create or rotate tokens of an owner service account (issue 11 escape 7)", async () => {
    const admin = await t.addMember(owner.workspaceId, 'admin');
    const bot = (await t.request('POST', `/v1/workspaces/${owner.slug}/service-accounts`, { token: owner.token, body: { name: 'root bot', role: 'owner' } })).body;
    const create = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: admin.token, body: { kind: 'personal', user_id: bot.user_id, name: 'stolen', scopes: ['admin'] } });
    expect(outcome(create)).toEqual([403, 'forbidden']);
    const botToken = await t.createToken(owner.token, owner.slug, { kind: 'personal', user_id: bot.user_id, scopes: ['admin'] });
    expect(outcome(await t.request('POST', `/v1/tokens/${botToken.id}/rotate`, { token: admin.token, body: {} }))).toEqual([403, 'forbidden']);
    // Admins may still revoke it, and manage tokens of service accounts at or below their role.
    const adminBot = (await t.request('POST', `/v1/workspaces/${owner.slug}/service-accounts`, { token: admin.token, body: { name: 'admin bot', role: 'admin' } })).body;
    expect((await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: admin.token, body: { kind: 'personal', user_id: adminBot.user_id, name: 'bot', scopes: ['admin'] } })).status).toBe(201);
    expect((await t.request('DELETE', `/v1/tokens/${botToken.id}`, { token: admin.token })).status).toBe(204);
  });

  it('a service account token (restricted to its workspace) cannot create a workspace or an unrestricted token (issue 11 escape 8)', async () => {
    const bot = (await t.request('POST', `/v1/workspaces/${owner.slug}/service-accounts`, { token: owner.token, body: { name: 'bot', role: 'admin' } })).body;
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'personal', user_id: bot.user_id, scopes: ['read', 'admin'] });
    expect(outcome(await t.request('POST', '/v1/workspaces', { token: tok.secret, body: { name: 'Bot land', slug: 'bot-land' } }))).toEqual([403, 'token_restricted']);
    expect(outcome(await me(tok.secret, { name: 'free bot', scopes: ['read'] }))).toEqual([403, 'token_restricted']);
  });

  it('a token cannot create or widen a trust policy that mints scopes it lacks (issue 11 escape 9)', async () => {
    const adminOnly = (await me(owner.token, { name: 'trust admin only', workspace: owner.slug, scopes: ['admin'] })).body;
    const url = `/v1/workspaces/${owner.slug}/trust-policies`;
    const policy = { provider: 'github', conditions: { repository: 'acme/web' } };
    const r = await t.request('POST', url, { token: adminOnly.secret, body: { ...policy, name: 'ci' } }); // default scopes: upload
    expect(outcome(r)).toEqual([422, 'scope_not_allowed']);
    expect(r.body.error.message).toContain('"upload"');
    const readAdmin = (await me(owner.token, { name: 'trust read admin', workspace: owner.slug, scopes: ['read', 'admin'] })).body;
    const ok = await t.request('POST', url, { token: readAdmin.secret, body: { ...policy, name: 'ci read', scopes: ['read'] } });
    expect(ok.status).toBe(201);
    expect(outcome(await t.request('PATCH', `/v1/trust-policies/${ok.body.id}`, { token: readAdmin.secret, body: { scopes: ['read', 'upload'] } }))).toEqual([422, 'scope_not_allowed']);
    // Repointing a policy that mints upload tokens is handing them out too.
    const upload = (await t.request('POST', url, { token: owner.token, body: { ...policy, name: 'ci upload' } })).body;
    expect(outcome(await t.request('PATCH', `/v1/trust-policies/${upload.id}`, { token: readAdmin.secret, body: { conditions: { repository: 'evil/repo' } } }))).toEqual([422, 'scope_not_allowed']);
    expect((await t.request('PATCH', `/v1/trust-policies/${ok.body.id}`, { token: readAdmin.secret, body: { name: 'renamed' } })).status).toBe(200);
  });

  it('keeps what a restricted token may do inside its workspace', async () => {
    expect((await t.request('GET', `/v1/workspaces/${owner.slug}/projects`, { token: restricted.secret })).status).toBe(200);
    expect((await t.request('GET', `/v1/tokens/${restricted.id}`, { token: restricted.secret })).status).toBe(200);
    const child = (await me(restricted.secret, { name: 'rotatable', workspace: owner.slug, scopes: ['read'] })).body;
    expect((await t.request('POST', `/v1/tokens/${child.id}/rotate`, { token: restricted.secret, body: {} })).status).toBe(201);
    expect((await t.request('GET', '/v1/workspaces', { token: restricted.secret })).body.items.map((w: { slug: string }) => w.slug)).toEqual([owner.slug]);
    expect(outcome(await t.request('GET', `/v1/workspaces/${other}/projects`, { token: restricted.secret }))).toEqual([403, 'token_restricted']);
  });
});
