import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('POST /v1/workspaces/{workspace}/tokens', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let otherWs: { id: string; slug: string };
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_PROJECT_TOKEN_LIMIT: '3' });
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'API', slug: 'api' } });
    const ws = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other-co' } });
    otherWs = ws.body;
  });
  afterAll(() => t?.close());

  const create = (body: object, token = owner.token, ws = owner.slug) => t.request('POST', `/v1/workspaces/${ws}/tokens`, { token, body });

  it('creates a project token and returns its secret once, then never again', async () => {
    const r = await create({ kind: 'project', project: 'web', name: 'CI/CD Pipeline Token', scopes: ['upload', 'read'], expires_in_days: 90, description: 'GitHub Actions', agent_type: 'github-actions' });
    expect(r.status).toBe(201);
    expect(r.body.secret).toMatch(/^tsrp_[0-9A-Za-z]{46}$/);
    expect(r.body).toMatchObject({ kind: 'project', name: 'CI/CD Pipeline Token', scopes: ['read', 'upload'], status: 'active', agent_type: 'github-actions', display_prefix: r.body.secret.slice(0, 13) });
    const expires = new Date(r.body.expires_at).getTime();
    expect(Math.abs(expires - (Date.now() + 90 * 86400_000))).toBeLessThan(60_000);
    const got = await t.request('GET', `/v1/tokens/${r.body.id}`, { token: owner.token });
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.body)).not.toContain(r.body.secret);
    expect(got.body).not.toHaveProperty('secret');
    expect(got.body).not.toHaveProperty('secret_hash');
    const list = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token });
    expect(JSON.stringify(list.body)).not.toContain(r.body.secret.slice(13));
  });

  it('creates workspace and personal tokens with their kind letters', async () => {
    const w = await create({ kind: 'workspace', name: 'all repos', scopes: ['upload'], expires_in_days: 30 });
    expect(w.status).toBe(201);
    expect(w.body.secret.startsWith('tsrw_')).toBe(true);
    const u = await create({ kind: 'personal', name: 'my laptop', scopes: ['read'], expires_in_days: 7 });
    expect(u.status).toBe(201);
    expect(u.body.secret.startsWith('tsru_')).toBe(true);
    expect(u.body.user_id).toBe(owner.userId);
    expect(u.body.workspace_id).toBe(owner.workspaceId);
  });

  it('ignores workspace_id and org_id in the body: the path decides', async () => {
    const r = await create({ kind: 'workspace', name: 'org-id-ignored', scopes: ['read'], org_id: otherWs.id, workspace_id: otherWs.id });
    expect(r.status).toBe(201);
    expect(r.body.workspace_id).toBe(owner.workspaceId);
    const v = await t.request('POST', '/v1/auth/validate', { body: { token: r.body.secret } });
    expect(v.body).toMatchObject({ valid: true, workspace_id: owner.workspaceId, org_id: owner.workspaceId });
  });

  it('refuses bad input with precise 4xx errors', async () => {
    const cases: [object, number, string, string?][] = [
      [{ kind: 'project', name: 'x', scopes: ['read'] }, 400, 'invalid_request', 'project is required'],
      [{ kind: 'robot', name: 'x', scopes: ['read'] }, 400, 'invalid_request'],
      [{ kind: 'workspace', name: '', scopes: ['read'] }, 400, 'invalid_request', 'name'],
      [{ kind: 'workspace', name: 'x', scopes: [] }, 400, 'invalid_request', 'scopes'],
      [{ kind: 'workspace', name: 'x', scopes: ['read'], colour: 'red' }, 400, 'invalid_request', 'unknown field "colour"'],
      [{ kind: 'workspace', name: 'x', scopes: ['superuser'] }, 422, 'scope_not_allowed', 'unknown scope'],
      [{ kind: 'project', project: 'web', name: 'x', scopes: ['admin'] }, 422, 'scope_not_allowed', 'cannot have the "admin" scope'],
      [{ kind: 'workspace', name: 'x', scopes: ['read'], expires_at: '2001-01-01T00:00:00Z' }, 422, 'expiry_not_allowed', 'past'],
      [{ kind: 'workspace', name: 'x', scopes: ['read'], expires_in_days: 400 }, 422, 'expiry_not_allowed', '365 days'],
      [{ kind: 'workspace', name: 'x', scopes: ['read'], expires_at: null }, 422, 'expiry_not_allowed', 'without expiration'],
      [{ kind: 'workspace', name: 'x', scopes: ['read'], expires_at: 'tomorrow' }, 400, 'invalid_request'],
      [{ kind: 'project', project: 'nope', name: 'x', scopes: ['read'] }, 404, 'not_found', 'project'],
    ];
    for (const [body, status, code, text] of cases) {
      const r = await create(body);
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({ body, status, code });
      if (text) expect(r.body.error.message).toContain(text);
    }
  });

  it('answers malformed JSON, a wrong content type and an oversized body with 4xx, never 500', async () => {
    const bad = await t.app.inject({ method: 'POST', url: `/v1/workspaces/${owner.slug}/tokens`, headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' }, payload: '{"kind": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('malformed_json');
    const text = await t.app.inject({ method: 'POST', url: `/v1/workspaces/${owner.slug}/tokens`, headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unsupported_media_type');
    const huge = await t.app.inject({ method: 'POST', url: `/v1/workspaces/${owner.slug}/tokens`, headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ kind: 'workspace', name: 'x'.repeat(2_000_000), scopes: ['read'] }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ code: 'payload_too_large', limit_bytes: 1048576 });
  });

  it('refuses duplicate live names in the same scope (409) but allows them elsewhere', async () => {
    expect((await create({ kind: 'project', project: 'api', name: 'deploy', scopes: ['read'] })).status).toBe(201);
    const dup = await create({ kind: 'project', project: 'api', name: 'DEPLOY', scopes: ['read'] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('name_taken');
    expect((await create({ kind: 'workspace', name: 'deploy', scopes: ['read'] })).status).toBe(201);
  });

  it('enforces the per-project limit with a message giving the limit and the count', async () => {
    for (let i = 0; i < 2; i++) expect((await create({ kind: 'project', project: 'api', name: `t${i}`, scopes: ['read'] })).status).toBe(201);
    const over = await create({ kind: 'project', project: 'api', name: 'one too many', scopes: ['read'] });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'token_limit_reached', limit: 3, count: 3 });
    expect(over.body.error.message).toContain('3 active tokens');
  });

  it('issue 16: a rotation with a grace period may not take a full project past its limit; one without may', async () => {
    const list = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens?limit=200`, { token: owner.token });
    const t0 = list.body.items.find((x: { name: string; status: string }) => x.name === 't0' && x.status === 'active');
    expect(t0).toBeDefined();
    const graced = await t.request('POST', `/v1/tokens/${t0.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 3600 } });
    expect([graced.status, graced.body.error?.code]).toEqual([422, 'token_limit_reached']);
    expect(graced.body.error).toMatchObject({ limit: 3, count: 3 });
    expect(graced.body.error.message).toMatch(/no grace period/);
    // Refused whole: the old token is still active and nothing was minted.
    expect((await t.request('GET', `/v1/tokens/${t0.id}`, { token: owner.token })).body.status).toBe('active');
    const at = await t.request('POST', `/v1/tokens/${t0.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 0 } });
    expect(at.status).toBe(201);
    const over = await create({ kind: 'project', project: 'api', name: 'still too many', scopes: ['read'] });
    expect(over.body.error).toMatchObject({ code: 'token_limit_reached', count: 3 });
  });

  it('requires credentials', async () => {
    const r = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { body: { kind: 'workspace', name: 'x', scopes: ['read'] } });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });

  it('hides other tenants: a non-member gets 404, not 403', async () => {
    const stranger = await t.addMember(otherWs.id, 'owner');
    const r = await create({ kind: 'workspace', name: 'x', scopes: ['read'] }, stranger.token);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });

  it('lets roles create only what they may, and never more than the creator holds', async () => {
    const admin = await t.addMember(owner.workspaceId, 'admin');
    const member = await t.addMember(owner.workspaceId, 'member');
    const viewer = await t.addMember(owner.workspaceId, 'viewer');
    expect((await create({ kind: 'workspace', name: 'adm-ws', scopes: ['read'] }, admin.token)).status).toBe(403);
    expect((await create({ kind: 'project', project: 'web', name: 'adm-p', scopes: ['upload'] }, admin.token)).status).toBe(201);
    expect((await create({ kind: 'project', project: 'web', name: 'mem-p', scopes: ['upload'] }, member.token)).body.error.code).toBe('forbidden');
    expect((await create({ kind: 'personal', name: 'mem-u', scopes: ['write', 'upload'] }, member.token)).status).toBe(201);
    const memAdmin = await create({ kind: 'personal', name: 'mem-admin', scopes: ['admin'] }, member.token);
    expect(memAdmin.status).toBe(422);
    expect(memAdmin.body.error.message).toContain('as member you cannot grant the "admin" scope');
    expect((await create({ kind: 'personal', name: 'viewer-read', scopes: ['read'] }, viewer.token)).status).toBe(201);
    expect((await create({ kind: 'personal', name: 'viewer-write', scopes: ['write'] }, viewer.token)).status).toBe(422);
  });

  it('checks token scopes: an API token needs admin to create tokens, and cannot grant scopes it lacks', async () => {
    const readOnly = await create({ kind: 'workspace', name: 'ro', scopes: ['read'] });
    const r = await create({ kind: 'project', project: 'web', name: 'from-ro', scopes: ['read'] }, readOnly.body.secret);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('insufficient_scope');
    expect(r.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(r.headers['www-authenticate']).toContain('scope="admin"');
    const adminTok = await create({ kind: 'workspace', name: 'automation', scopes: ['admin', 'read'] });
    const ok = await create({ kind: 'project', project: 'web', name: 'from-automation', scopes: ['read'] }, adminTok.body.secret);
    expect(ok.status).toBe(201);
    expect(ok.body.created_by).toBe(adminTok.body.id);
    const more = await create({ kind: 'project', project: 'web', name: 'escalate', scopes: ['upload'] }, adminTok.body.secret);
    expect(more.status).toBe(422);
    expect(more.body.error.message).toContain('does not hold the "upload" scope');
    const ws = await create({ kind: 'workspace', name: 'ws-from-token', scopes: ['read'] }, adminTok.body.secret);
    expect(ws.status).toBe(403);
  });

  it('follows the workspace policy for non-expiring tokens', async () => {
    await t.ctx.db.updateTable('workspaces').set({ allow_non_expiring_tokens: true }).where('id', '=', owner.workspaceId).execute();
    const r = await create({ kind: 'workspace', name: 'forever', scopes: ['read'], expires_at: null });
    expect(r.status).toBe(201);
    expect(r.body.expires_at).toBeNull();
  });

  it('writes a token.created audit event without the secret', async () => {
    const r = await create({ kind: 'workspace', name: 'audited', scopes: ['read'] });
    const events = await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=token.created&target=${r.body.id}`, { token: owner.token });
    expect(events.status).toBe(200);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({ action: 'token.created', actor: { type: 'user', id: owner.userId }, target: { id: r.body.id, label: r.body.display_prefix } });
    expect(JSON.stringify(events.body)).not.toContain(r.body.secret.slice(13));
  });
});
