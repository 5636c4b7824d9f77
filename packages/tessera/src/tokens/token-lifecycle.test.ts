import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { deleteMembership } from '../workspaces/membership-repository.js';
import { createTokenService } from './token-service.js';
import { systemContext } from '../audit/audit-context.js';
import { sessionPrincipal } from '../authz/principal.js';
import { clockReading } from '../clock/test-clock.js';

describe('token lifecycle: read, update, revoke, rotate, bulk revoke', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    await t.ctx.db.updateTable('workspaces').set({ allow_non_expiring_tokens: true }).where('id', '=', owner.workspaceId).execute();
  });
  afterAll(() => t?.close());

  const create = async (body: object, token = owner.token) => {
    const r = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token, body });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body as { id: string; secret: string; display_prefix: string };
  };
  const me = (secret: string) => t.request('GET', '/v1/me', { token: secret });

  it('a token tells who it is on GET /v1/me (QA Hub)', async () => {
    const tok = await create({ kind: 'project', project: 'web', name: 'me-check', scopes: ['read', 'upload'] });
    const r = await me(tok.secret);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ principal: 'token', token: { id: tok.id, kind: 'project', scopes: ['read', 'upload'], workspace_id: owner.workspaceId, display_prefix: tok.display_prefix } });
  });

  it('a revoked token fails on the very next request', async () => {
    const tok = await create({ kind: 'workspace', name: 'to-revoke', scopes: ['read'] });
    expect((await me(tok.secret)).status).toBe(200);
    expect((await t.request('DELETE', `/v1/tokens/${tok.id}?reason=leaked`, { token: owner.token })).status).toBe(204);
    const after = await me(tok.secret);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
    expect(after.body.error.message).toContain('revoked');
    const shown = await t.request('GET', `/v1/tokens/${tok.id}`, { token: owner.token });
    expect(shown.body).toMatchObject({ status: 'revoked', revoke_reason: 'leaked', revoked_by: owner.userId });
    expect((await t.request('DELETE', `/v1/tokens/${tok.id}`, { token: owner.token })).status).toBe(204); // idempotent
  });

  it('rotation without grace stops the old token at once and shows the new secret once', async () => {
    const old = await create({ kind: 'workspace', name: 'rotate-now', scopes: ['read'], expires_in_days: 30 });
    const r = await t.request('POST', `/v1/tokens/${old.id}/rotate`, { token: owner.token, body: {} });
    expect(r.status).toBe(201);
    expect(r.body.secret).toMatch(/^tsrw_/);
    expect(r.body).toMatchObject({ name: 'rotate-now', rotated_from: old.id, status: 'active' });
    expect((await me(old.secret)).status).toBe(401);
    expect((await me(r.body.secret)).status).toBe(200);
    const oldView = await t.request('GET', `/v1/tokens/${old.id}`, { token: owner.token });
    expect(oldView.body).toMatchObject({ status: 'revoked', rotated_to: r.body.id, revoke_reason: 'rotated' });
  });

  it('rotation with a grace period keeps the old token valid (rotating) until it ends, then stops it', async () => {
    const old = await create({ kind: 'workspace', name: 'rotate-grace', scopes: ['read'] });
    const r = await t.request('POST', `/v1/tokens/${old.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 2 } });
    expect(r.status).toBe(201);
    expect((await me(old.secret)).status).toBe(200);
    expect((await me(r.body.secret)).status).toBe(200);
    const during = await t.request('GET', `/v1/tokens/${old.id}`, { token: owner.token });
    expect(during.body.status).toBe('rotating');
    expect(new Date(during.body.grace_period_ends_at).getTime()).toBeGreaterThan(t.clock.nowMs());
    const again = await t.request('POST', `/v1/tokens/${old.id}/rotate`, { token: owner.token, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('token_not_active');
    t.clock.advance(2100); // the app's clock, past the 2 s grace
    const after = await me(old.secret);
    expect(after.status).toBe(401);
    // Issue 16: a rotated-out token was diagnosed as plain "revoked"; the answer names its replacement.
    expect(after.body.error).toMatchObject({ code: 'invalid_token', reason: 'rotated', replaced_by: r.body.display_prefix });
    expect(after.body.error.message).toContain(`use its replacement, ${r.body.display_prefix}`);
    expect(JSON.stringify(after.body)).not.toContain(r.body.secret.slice(13));
    const gate = await t.app.inject({ method: 'GET', url: '/v1/auth/gateway', headers: { authorization: `Bearer ${old.secret}` } });
    expect([gate.statusCode, gate.json().error.reason, gate.json().error.replaced_by]).toEqual([401, 'rotated', r.body.display_prefix]);
    expect((await me(r.body.secret)).status).toBe(200);
    expect((await t.request('GET', `/v1/tokens/${old.id}`, { token: owner.token })).body.status).toBe('revoked');
  });

  it('issue 16: an empty bearer token is named as such, not as a wrong scheme', async () => {
    for (const url of ['/v1/me', '/v1/auth/gateway']) {
      for (const header of ['Bearer ', 'Bearer', 'bearer   ']) {
        const r = await t.app.inject({ method: 'GET', url, headers: { authorization: header } });
        expect([url, header, r.statusCode, r.json().error.reason]).toEqual([url, header, 401, 'empty']);
        expect(r.json().error.message).toMatch(/^the bearer token is empty/);
        expect(String(r.headers['www-authenticate'])).toContain('error="invalid_request"');
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: 'Basic abc' } })).json().error.message).toMatch(/use the Bearer scheme/);
  });

  it('refuses a grace period over 7 days', async () => {
    const tok = await create({ kind: 'workspace', name: 'grace-too-long', scopes: ['read'] });
    const r = await t.request('POST', `/v1/tokens/${tok.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 604801 } });
    expect(r.status).toBe(400);
  });

  it('updates name, description, agent type and labels, and refuses unknown fields', async () => {
    const tok = await create({ kind: 'workspace', name: 'patch-me', scopes: ['read'] });
    const r = await t.request('PATCH', `/v1/tokens/${tok.id}`, { token: owner.token, body: { name: 'patched', description: 'd', agent_type: 'gitlab', labels: { env: 'prod' } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'patched', description: 'd', agent_type: 'gitlab', labels: { env: 'prod' } });
    expect((await t.request('PATCH', `/v1/tokens/${tok.id}`, { token: owner.token, body: { scopes: ['admin'] } })).status).toBe(400);
    expect((await t.request('PATCH', `/v1/tokens/${tok.id}`, { token: owner.token, body: {} })).status).toBe(400);
  });

  it('answers bad ids with 400 and unknown ids with 404', async () => {
    expect((await t.request('GET', '/v1/tokens/not-an-id', { token: owner.token })).status).toBe(400);
    const r = await t.request('GET', '/v1/tokens/tok_AAAAAAAAAAAAAAAA', { token: owner.token });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });

  it('issue 16: reads, changes and revokes a token by the display prefix logs show, under the same rules as its id', async () => {
    const tok = await create({ kind: 'project', project: 'web', name: 'by-prefix', scopes: ['read'] });
    const got = await t.request('GET', `/v1/tokens/${tok.display_prefix}`, { token: owner.token });
    expect([got.status, got.body.id]).toEqual([200, tok.id]);
    expect((await t.request('PATCH', `/v1/tokens/${tok.display_prefix}`, { token: owner.token, body: { description: 'found by prefix' } })).body.description).toBe('found by prefix');
    // The same public id under another kind letter or brand is another (unknown) token.
    const otherKind = tok.display_prefix.replace(/^tsrp_/, 'tsrw_');
    expect((await t.request('GET', `/v1/tokens/${otherKind}`, { token: owner.token })).status).toBe(404);
    expect((await t.request('GET', `/v1/tokens/${tok.display_prefix.replace(/^tsr/, 'abc')}`, { token: owner.token })).status).toBe(404);
    // Another workspace's admin learns nothing from a prefix either.
    const stranger = await t.addMember((await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Elsewhere', slug: 'elsewhere' } })).body.id, 'admin');
    expect((await t.request('GET', `/v1/tokens/${tok.display_prefix}`, { token: stranger.token })).status).toBe(404);
    expect((await t.request('DELETE', `/v1/tokens/${tok.display_prefix}`, { token: stranger.token })).status).toBe(404);
    expect((await t.request('DELETE', `/v1/tokens/${tok.display_prefix}`, { token: owner.token })).status).toBe(204);
    expect((await me(tok.secret)).status).toBe(401);
    // Still a 400 for what is neither.
    for (const bad of ['tsrp_short', 'tsrx_AAAAAAAA', `${tok.display_prefix}x`]) expect((await t.request('GET', `/v1/tokens/${bad}`, { token: owner.token })).status).toBe(400);
  });

  it('lists with filters and cursor pagination, newest first', async () => {
    for (let i = 0; i < 5; i++) await create({ kind: 'project', project: 'web', name: `page-${i}`, scopes: ['read'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/workspaces/${owner.slug}/tokens?kind=project&project=web&status=active&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.request('GET', url, { token: owner.token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items) {
        expect(item).toMatchObject({ kind: 'project', status: 'active' });
        seen.push(item.name);
      }
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen.filter((n) => n.startsWith('page-'))).toEqual(['page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens?cursor=garbage`, { token: owner.token });
    expect(bad.status).toBe(400);
    const revoked = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens?status=revoked`, { token: owner.token });
    expect(revoked.body.items.every((i: { status: string }) => i.status === 'revoked')).toBe(true);
    expect(revoked.body.items.length).toBeGreaterThan(0);
    const soon = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens?expiring_before=${new Date(t.clock.nowMs() + 31 * 86400_000).toISOString()}`, { token: owner.token });
    expect(soon.body.items.every((i: { expires_at: string }) => new Date(i.expires_at).getTime() < t.clock.nowMs() + 31 * 86400_000)).toBe(true);
  });

  it('pages through tokens created in the same millisecond without skipping any (regression: µs created_at vs ms cursors)', async () => {
    // Every token stamped by one frozen clock: created_at must be exactly that millisecond (a
    // database default would store microseconds the cursor cannot carry), and the id tie-break
    // must then page through all of them.
    const frozen = new Date('2026-06-01T12:00:00.123Z');
    const tokens = createTokenService({ db: t.ctx.db, keyring: t.ctx.keyring, brand: 'tsr', projectTokenLimit: 100, invalidation: t.ctx.invalidation, scopes: t.ctx.scopes, clock: clockReading(() => frozen.getTime()) });
    const principal = sessionPrincipal({ sessionId: 'ses_x', user: { id: owner.userId, email: 'owner@example.com', name: 'O', kind: 'human' } });
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Burst', slug: 'burst' } });
    for (let i = 0; i < 6; i++) {
      const created = await tokens.create(principal, owner.slug, { kind: 'project', project: 'burst', name: `burst-${i}`, scopes: ['read'], expires_at: '2026-06-08T00:00:00Z' }, systemContext);
      expect(created.created_at).toBe(frozen.toISOString());
    }
    const seen: string[] = [];
    let cursor: { value: string; id: string } | undefined;
    do {
      const page = await tokens.list(principal, owner.slug, { project: 'burst', limit: 1, cursor });
      seen.push(...page.items.map((i) => i.name));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `burst-${i}`));
  });

  it('members see only their own personal tokens; admins see all', async () => {
    const member = await t.addMember(owner.workspaceId, 'member');
    await create({ kind: 'personal', name: 'mine', scopes: ['read'] }, member.token);
    const mine = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens`, { token: member.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { name: string }) => i.name)).toEqual(['mine']);
    const all = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens?kind=personal`, { token: owner.token });
    expect(all.body.items.some((i: { user_id: string }) => i.user_id === member.userId)).toBe(true);
  });

  it("a member cannot revoke or rotate someone else's token (403), an admin can revoke a member's token but not rotate it", async () => {
    const member = await t.addMember(owner.workspaceId, 'member');
    const admin = await t.addMember(owner.workspaceId, 'admin');
    const wsTok = await create({ kind: 'workspace', name: 'owners-only', scopes: ['read'] });
    expect((await t.request('DELETE', `/v1/tokens/${wsTok.id}`, { token: member.token })).status).toBe(403);
    expect((await t.request('DELETE', `/v1/tokens/${wsTok.id}`, { token: admin.token })).status).toBe(403);
    const personal = await create({ kind: 'personal', name: 'members', scopes: ['read'] }, member.token);
    expect((await t.request('POST', `/v1/tokens/${personal.id}/rotate`, { token: admin.token, body: {} })).status).toBe(403);
    expect((await t.request('DELETE', `/v1/tokens/${personal.id}`, { token: admin.token })).status).toBe(204);
    expect((await me(personal.secret)).status).toBe(401);
  });

  it('a personal token acts with its user’s current rights: leaving the workspace takes its access away', async () => {
    const member = await t.addMember(owner.workspaceId, 'admin');
    const restricted = await create({ kind: 'personal', name: 'leaver', scopes: ['read', 'admin'] }, member.token);
    const account = await t.request('POST', '/v1/me/tokens', { token: member.token, body: { name: 'leaver-account', scopes: ['read', 'admin'] } });
    expect(account.status).toBe(201);
    expect(account.body.workspace_id).toBeNull();
    expect((await t.request('GET', `/v1/workspaces/${owner.slug}/tokens`, { token: account.body.secret })).status).toBe(200);
    await t.ctx.db.updateTable('memberships').set({ role: 'viewer' }).where('user_id', '=', member.userId).execute();
    const demoted = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: account.body.secret, body: { kind: 'project', project: 'web', name: 'after-demotion', scopes: ['read'] } });
    expect(demoted.status).toBe(403);
    expect(demoted.body.error.code).toBe('forbidden');
    await deleteMembership(t.ctx.db, owner.workspaceId, member.userId);
    expect((await me(restricted.secret)).status).toBe(401);
    expect((await t.request('POST', '/v1/auth/validate', { body: { token: restricted.secret } })).body).toEqual({ valid: false, code: 'invalid' });
    expect((await t.request('GET', `/v1/workspaces/${owner.slug}/tokens`, { token: account.body.secret })).status).toBe(404);
  });

  it('bulk-revokes chosen tokens, and every token without expiration', async () => {
    const a = await create({ kind: 'project', project: 'web', name: 'bulk-a', scopes: ['read'] });
    const b = await create({ kind: 'project', project: 'web', name: 'bulk-b', scopes: ['read'] });
    const forever = await create({ kind: 'workspace', name: 'bulk-forever', scopes: ['read'], expires_at: null });
    const keeps = await create({ kind: 'workspace', name: 'bulk-keeps', scopes: ['read'], expires_in_days: 7 });
    const byId = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens/revoke`, { token: owner.token, body: { token_ids: [a.id, b.id] } });
    expect(byId.status).toBe(200);
    expect(byId.body.revoked_count).toBe(2);
    expect((await me(a.secret)).status).toBe(401);
    const noExpiry = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens/revoke`, { token: owner.token, body: { without_expiration: true, reason: 'policy cleanup' } });
    expect(noExpiry.status).toBe(200);
    expect(noExpiry.body.tokens.map((x: { id: string }) => x.id)).toContain(forever.id);
    expect(noExpiry.body.tokens.map((x: { id: string }) => x.id)).not.toContain(keeps.id);
    expect((await me(forever.secret)).status).toBe(401);
    expect((await me(keeps.secret)).status).toBe(200);
    expect((await t.request('POST', `/v1/workspaces/${owner.slug}/tokens/revoke`, { token: owner.token, body: {} })).status).toBe(400);
    const member = await t.addMember(owner.workspaceId, 'member');
    expect((await t.request('POST', `/v1/workspaces/${owner.slug}/tokens/revoke`, { token: member.token, body: { all: true } })).status).toBe(403);
  });

  it('an expired token is refused and listed as expired', async () => {
    const tok = await create({ kind: 'workspace', name: 'short-lived', scopes: ['read'], expires_in_days: 1 });
    await t.ctx.db.updateTable('api_tokens').set({ expires_at: new Date(t.clock.nowMs() - 1000) }).where('id', '=', tok.id).execute();
    const r = await me(tok.secret);
    expect(r.status).toBe(401);
    expect(r.body.error.message).toContain('expired');
    expect((await t.request('GET', `/v1/tokens/${tok.id}`, { token: owner.token })).body.status).toBe('expired');
  });
});
