import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** What an operator of a deployment tool and a reporting tool would declare. */
export const PLATFORM_SCOPES = JSON.stringify([
  { name: 'deploy', description: 'Deploy releases to production', kinds: ['workspace', 'project', 'personal', 'ci'], min_role: 'admin' },
  { name: 'reports:read', description: 'Read test reports in QA Hub' },
  { name: 'mine-only', description: 'Only personal tokens may hold it', kinds: ['personal'], min_role: 'viewer' },
]);

describe('platform-defined scopes (TESSERA_SCOPES), from config to every verification answer', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_SCOPES: PLATFORM_SCOPES });
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());
  const validate = (token: string, workspace?: string) => t.request('POST', '/v1/auth/validate', { body: workspace ? { token, workspace } : { token } });
  const create = (session: string, body: Record<string, unknown>) => t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: session, body: { name: `t${Math.random()}`, ...body } });

  it('GET /v1/scopes lists the built-in scopes, then the declared ones, to any signed-in user or valid token', async () => {
    const viewer = await t.addMember(owner.workspaceId, 'viewer');
    const r = await t.request('GET', '/v1/scopes', { token: viewer.token });
    expect(r.status).toBe(200);
    expect(r.body.items.map((s: { name: string }) => s.name)).toEqual(['read', 'write', 'upload', 'admin', 'deploy', 'reports:read', 'mine-only']);
    expect(r.body.items.find((s: { name: string }) => s.name === 'deploy')).toEqual({ name: 'deploy', description: 'Deploy releases to production', kinds: ['workspace', 'project', 'personal', 'ci'], min_role: 'admin', builtin: false });
    expect(r.body.items.find((s: { name: string }) => s.name === 'reports:read')).toEqual({ name: 'reports:read', description: 'Read test reports in QA Hub', kinds: ['workspace', 'project', 'personal'], min_role: 'member', builtin: false });
    expect(r.body.items[0]).toMatchObject({ name: 'read', kinds: ['workspace', 'project', 'personal', 'ci'], min_role: 'viewer', builtin: true });
    expect(r.body.items[3]).toMatchObject({ name: 'admin', kinds: ['workspace', 'personal'], min_role: 'admin', builtin: true });
    // A narrow token (upload only) reads it too: it is the instance's vocabulary, not a workspace's data.
    const upload = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['upload'] });
    expect((await t.request('GET', '/v1/scopes', { token: upload.secret })).status).toBe(200);
  });

  it('GET /v1/scopes: no credentials 401, an invalid token 401, an unknown query parameter 400', async () => {
    expect((await t.request('GET', '/v1/scopes')).body.error.code).toBe('unauthenticated');
    expect((await t.request('GET', '/v1/scopes', { token: 'tsrw_nope' })).status).toBe(401);
    const bad = await t.request('GET', '/v1/scopes?kind=ci', { token: owner.token });
    expect({ status: bad.status, code: bad.body.error.code }).toEqual({ status: 400, code: 'invalid_request' });
  });

  it('creates tokens holding platform scopes, in canonical order, and validate and /v1/me report them', async () => {
    const ws = await create(owner.token, { kind: 'workspace', scopes: ['deploy', 'read'] });
    expect(ws.status).toBe(201);
    expect(ws.body.scopes).toEqual(['read', 'deploy']);
    const v = (await validate(ws.body.secret)).body;
    expect(v).toMatchObject({ valid: true, role: 'admin', scopes: ['read', 'deploy'], granted_scopes: ['read', 'deploy'], status: 'active' });
    const me = (await t.request('GET', '/v1/me', { token: ws.body.secret })).body;
    expect(me.token).toMatchObject({ scopes: ['read', 'deploy'], granted_scopes: ['read', 'deploy'], role: 'admin' });
    const mine = await t.request('POST', '/v1/me/tokens', { token: owner.token, body: { name: 'cli', scopes: ['mine-only', 'reports:read'] } });
    expect(mine.status).toBe(201);
    expect((await validate(mine.body.secret)).body).toMatchObject({ role: null, scopes: ['reports:read', 'mine-only'], workspaces: [{ workspace_id: owner.workspaceId, role: 'owner', scopes: ['reports:read', 'mine-only'] }] });
  });

  it('refuses a platform scope its kind may not hold, one above the creator\'s role, and an unknown one: 422 scope_not_allowed', async () => {
    const refusal = async (session: string, body: Record<string, unknown>) => {
      const r = await create(session, body);
      return { status: r.status, code: r.body.error?.code, reason: r.body.error?.reason };
    };
    expect(await refusal(owner.token, { kind: 'workspace', scopes: ['mine-only'] })).toEqual({ status: 422, code: 'scope_not_allowed', reason: 'kind' });
    const member = await t.addMember(owner.workspaceId, 'member');
    expect(await refusal(member.token, { kind: 'personal', scopes: ['read', 'deploy'] })).toEqual({ status: 422, code: 'scope_not_allowed', reason: 'role' });
    expect(await refusal(member.token, { kind: 'personal', scopes: ['execute'] })).toEqual({ status: 422, code: 'scope_not_allowed', reason: 'unknown' });
    // A member may grant a member-level platform scope.
    expect((await create(member.token, { kind: 'personal', scopes: ['reports:read'] })).status).toBe(201);
    // A token cannot hand out a platform scope it does not hold itself.
    const narrow = await t.createToken(owner.token, owner.slug, { kind: 'personal', scopes: ['read', 'admin'] });
    expect(await refusal(narrow.secret, { kind: 'personal', scopes: ['deploy'] })).toEqual({ status: 422, code: 'scope_not_allowed', reason: 'not_held' });
  });

  it('a platform scope never authorizes Tessera\'s own routes', async () => {
    const deployOnly = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['deploy'] });
    const r = await t.request('GET', `/v1/workspaces/${owner.slug}/projects`, { token: deployOnly.secret });
    expect({ status: r.status, code: r.body.error.code }).toEqual({ status: 403, code: 'insufficient_scope' });
  });

  it('issue 13: demoting an admin takes a platform scope whose min role is admin from their personal token at once; validate and /v1/me agree', async () => {
    const admin = await t.addMember(owner.workspaceId, 'admin');
    const tok = await t.createToken(admin.token, owner.slug, { kind: 'personal', scopes: ['read', 'deploy', 'reports:read'] });
    expect((await validate(tok.secret)).body).toMatchObject({ role: 'admin', scopes: ['read', 'deploy', 'reports:read'] });
    expect((await t.request('PATCH', `/v1/workspaces/${owner.slug}/members/${admin.userId}`, { token: owner.token, body: { role: 'member' } })).status).toBe(200);
    const now = { role: 'member', scopes: ['read', 'reports:read'], granted_scopes: ['read', 'deploy', 'reports:read'] };
    expect((await validate(tok.secret)).body).toMatchObject({ valid: true, ...now });
    expect((await validate(tok.secret, owner.workspaceId)).body).toMatchObject(now);
    expect((await t.request('GET', '/v1/me', { token: tok.secret })).body.token).toMatchObject(now);
  });

  it('trust policies may grant a platform scope declared for ci tokens, and no other', async () => {
    const project = await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    expect(project.status).toBe(201);
    const url = `/v1/workspaces/${owner.slug}/projects/web/trust-policies`;
    const policy = { name: 'deploys', provider: 'github', conditions: { repository: 'acme/web' } };
    const ok = await t.request('POST', url, { token: owner.token, body: { ...policy, scopes: ['deploy', 'upload'] } });
    expect({ status: ok.status, scopes: ok.body.scopes }).toEqual({ status: 201, scopes: ['upload', 'deploy'] });
    const refused = await t.request('POST', url, { token: owner.token, body: { ...policy, name: 'reports', scopes: ['reports:read'] } });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 422, code: 'scope_not_allowed' });
  });

  it("the served OpenAPI document lists this instance's scopes: every scope for token answers, the ci ones for trust policies", async () => {
    const doc = (await t.request('GET', '/openapi.json')).body;
    const all = ['read', 'write', 'upload', 'admin', 'deploy', 'reports:read', 'mine-only'];
    expect(doc.components.schemas.Token.properties.scopes.items.enum).toEqual(all);
    expect(doc.components.schemas.TrustPolicy.properties.scopes.items.enum).toEqual(['read', 'upload', 'deploy']);
    // The schema marker the scope lists are found by is removed.
    expect(JSON.stringify(doc)).not.toContain('x-tessera-scope-enum');
  });
});

describe('platform scopes: the default instance', () => {
  it('declares none: /v1/scopes and the OpenAPI document list the built-ins only', async () => {
    const t = await createTestApp();
    try {
      const owner = await t.bootstrap();
      expect((await t.request('GET', '/v1/scopes', { token: owner.token })).body.items.map((s: { name: string }) => s.name)).toEqual(['read', 'write', 'upload', 'admin']);
      const doc = (await t.request('GET', '/openapi.json')).body;
      expect(doc.components.schemas.Token.properties.scopes.items.enum).toEqual(['read', 'write', 'upload', 'admin']);
    } finally {
      await t.close();
    }
  });
});

describe('issue 13: a platform scope end to end (config → token → gateway and introspection)', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_SCOPES: PLATFORM_SCOPES });
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());
  const create = (session: string, body: Record<string, unknown>) => t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: session, body: { name: `t${Math.random()}`, ...body } });

  it('issue 13: a platform scope from config reaches the gateway and introspection, and leaves them when its holder is demoted', async () => {
    const admin = await t.addMember(owner.workspaceId, 'admin');
    const deployer = await t.request('POST', '/v1/me/tokens', { token: admin.token, body: { name: 'deploys', scopes: ['read', 'deploy'], workspace: owner.workspaceId } });
    expect(deployer.status, JSON.stringify(deployer.body)).toBe(201);
    const reader = await create(owner.token, { kind: 'workspace', scopes: ['read'] });
    const gateway = (token: string, query: string, method = 'POST') =>
      t.app.inject({ method: 'GET', url: `/v1/auth/gateway?${query}`, headers: { authorization: `Bearer ${token}`, 'x-original-method': method } });
    const verifier = await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'deploy gateway' } });
    const introspect = async (token: string) =>
      (await t.app.inject({ method: 'POST', url: '/v1/oauth/introspect', headers: { authorization: `Bearer ${verifier.body.secret}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${token}` })).json();

    const allowed = await gateway(deployer.body.secret, 'scope=deploy');
    expect(allowed.statusCode).toBe(200);
    expect(String(allowed.headers['x-tessera-scopes']).split(' ')).toEqual(['read', 'deploy']);
    expect((await gateway(reader.body.secret, 'scope=deploy')).statusCode).toBe(403);
    expect((await introspect(deployer.body.secret)).scope).toBe('read deploy');

    // deploy needs admin to grant: demoted to member, the token keeps read and loses deploy at once.
    const demote = await t.request('PATCH', `/v1/workspaces/${owner.slug}/members/${admin.userId}`, { token: owner.token, body: { role: 'member' } });
    expect(demote.status, JSON.stringify(demote.body)).toBe(200);
    const denied = await gateway(deployer.body.secret, 'scope=deploy');
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'insufficient_scope']);
    expect(String(denied.headers['www-authenticate'])).toContain('scope="deploy"');
    expect((await gateway(deployer.body.secret, 'scope=read', 'GET')).statusCode).toBe(200);
    expect(await introspect(deployer.body.secret)).toMatchObject({ active: true, scope: 'read', role: 'member' });
  });
});
