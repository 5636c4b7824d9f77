import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('effective permissions in validate and /v1/me', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());
  const validate = (token: string, workspace?: string) => t.request('POST', '/v1/auth/validate', { body: workspace ? { token, workspace } : { token } });
  const me = (token: string) => t.request('GET', '/v1/me', { token });

  it('issue 13: a demoted admin\'s personal token reports only what a viewer may grant, at once, through validate and /v1/me', async () => {
    const admin = await t.addMember(owner.workspaceId, 'admin');
    const restricted = await t.createToken(admin.token, owner.slug, { kind: 'personal', scopes: ['read', 'write', 'admin'] });
    const everywhere = (await t.request('POST', '/v1/me/tokens', { token: admin.token, body: { name: 'laptop', scopes: ['read', 'write', 'admin'] } })).body as { secret: string };
    expect((await validate(restricted.secret)).body).toMatchObject({ role: 'admin', scopes: ['read', 'write', 'admin'], granted_scopes: ['read', 'write', 'admin'], status: 'active', grace_ends_at: null });
    expect((await validate(everywhere.secret)).body).toMatchObject({ role: null, scopes: ['read', 'write', 'admin'], workspaces: [{ workspace_id: owner.workspaceId, role: 'admin', scopes: ['read', 'write', 'admin'] }] });
    // The answers come from the warm cache (on PostgreSQL, once the cache trusts its listener).
    await expect.poll(async () => {
      const hits = t.ctx.cache.stats.hits;
      await t.ctx.validation.validate(restricted.secret);
      await t.ctx.validation.validate(everywhere.secret);
      return t.ctx.cache.stats.hits - hits;
    }, { timeout: 2000, interval: 10 }).toBe(2);

    expect((await t.request('PATCH', `/v1/workspaces/${owner.slug}/members/${admin.userId}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);

    const viewer = { role: 'viewer', scopes: ['read'], granted_scopes: ['read', 'write', 'admin'] };
    expect((await validate(restricted.secret)).body).toMatchObject({ valid: true, ...viewer });
    expect((await validate(restricted.secret, owner.workspaceId)).body).toMatchObject(viewer);
    expect((await validate(everywhere.secret)).body).toMatchObject({ role: null, scopes: ['read'], workspaces: [{ workspace_id: owner.workspaceId, role: 'viewer', scopes: ['read'] }] });
    expect((await validate(everywhere.secret, owner.workspaceId)).body).toMatchObject(viewer);
    expect((await me(restricted.secret)).body.token).toMatchObject({ ...viewer, status: 'active', grace_ends_at: null });
    expect((await me(everywhere.secret)).body.token).toMatchObject({ role: null, scopes: ['read'], workspaces: [{ workspace_id: owner.workspaceId, role: 'viewer', scopes: ['read'] }] });
    // And Tessera's own routes agree: the token's write is refused.
    expect((await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: restricted.secret, body: { name: 'No', slug: 'no' } })).status).toBe(403);
  });

  it('answers no role and no scopes for a workspace the token cannot act in', async () => {
    const ws = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read', 'upload'] });
    expect((await validate(ws.secret)).body).toMatchObject({ role: 'admin', scopes: ['read', 'upload'] });
    expect((await validate(ws.secret, 'wsp_elsewhere')).body).toMatchObject({ valid: true, role: null, scopes: [] });
    const mine = (await t.request('POST', '/v1/me/tokens', { token: owner.token, body: { name: 'cli', scopes: ['read'] } })).body as { secret: string };
    expect((await validate(mine.secret, 'wsp_elsewhere')).body).toMatchObject({ valid: true, role: null, scopes: [] });
  });

  it("an unrestricted personal token's workspaces follow its user's memberships at once: a workspace created, then deleted", async () => {
    const mine = (await t.request('POST', '/v1/me/tokens', { token: owner.token, body: { name: 'everywhere', scopes: ['read', 'write'] } })).body as { secret: string };
    const before = (await validate(mine.secret)).body.workspaces as { workspace_id: string }[];
    const created = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Second', slug: 'second-ws' } });
    expect(created.status).toBe(201);
    const after = (await validate(mine.secret)).body.workspaces as { workspace_id: string }[];
    expect(after).toHaveLength(before.length + 1);
    expect(after).toContainEqual({ workspace_id: created.body.id, role: 'owner', scopes: ['read', 'write'] });
    expect((await t.request('DELETE', '/v1/workspaces/second-ws', { token: owner.token })).status).toBe(204);
    expect((await validate(mine.secret)).body.workspaces).toEqual(before);
  });

  it('reports a project token with its fixed scopes and the member ceiling', async () => {
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    const p = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload', 'read'] });
    expect((await validate(p.secret)).body).toMatchObject({ role: 'member', scopes: ['read', 'upload'], granted_scopes: ['read', 'upload'], status: 'active' });
    expect((await validate(p.secret)).body).not.toHaveProperty('workspaces');
  });

  it('reports a token in its rotation grace period as rotating, with when its grace ends, until it stops', async () => {
    const old = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const rotatedAt = t.clock.nowMs();
    expect((await t.request('POST', `/v1/tokens/${old.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 3600 } })).status).toBe(201);
    const r = (await validate(old.secret)).body;
    expect(r).toMatchObject({ valid: true, status: 'rotating', scopes: ['read'] });
    const ends = Date.parse(r.grace_ends_at);
    expect(ends - rotatedAt).toBeGreaterThanOrEqual(3600_000);
    expect(ends - rotatedAt).toBeLessThan(3600_000 + 5_000);
    expect((await me(old.secret)).body.token).toMatchObject({ status: 'rotating', grace_ends_at: r.grace_ends_at });
    t.clock.advance(ends - t.clock.nowMs() + 1);
    expect((await validate(old.secret)).body).toEqual({ valid: false, code: 'revoked' });
  });
});
