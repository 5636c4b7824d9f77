import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const GITHUB = { name: 'web CI', provider: 'github', conditions: { repository: 'acme/web', refs: ['refs/heads/main'] } };

describe('trust policy routes', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let admin: { token: string };
  let member: { token: string };
  let stranger: { token: string };
  const projectUrl = (p = 'web') => `/v1/workspaces/${owner.slug}/projects/${p}/trust-policies`;
  const workspaceUrl = () => `/v1/workspaces/${owner.slug}/trust-policies`;
  const events = async (action: string) => (await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=${action}`, { token: owner.token })).body.items;

  beforeAll(async () => {
    t = await createTestApp({ TESSERA_OIDC_ALLOW_INSECURE_ISSUERS: 'true', TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    owner = await t.bootstrap();
    admin = await t.addMember(owner.workspaceId, 'admin');
    member = await t.addMember(owner.workspaceId, 'member');
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    stranger = await t.addMember(other.body.id, 'owner');
  });
  afterAll(() => t?.close());

  it('creates a project policy with the defaults (upload scope, 15 minutes, GitHub issuer) and audits it', async () => {
    const r = await t.request('POST', projectUrl(), { token: admin.token, body: GITHUB });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^trp_/), workspace_id: owner.workspaceId, project_id: expect.stringMatching(/^prj_/), name: 'web CI', provider: 'github',
      issuer: 'https://token.actions.githubusercontent.com', conditions: { repository: 'acme/web', refs: ['refs/heads/main'] }, scopes: ['upload'], lifetime_seconds: 900,
      pinned_at: null, created_by: expect.stringMatching(/^usr_/), created_at: expect.any(String), updated_at: expect.any(String),
    });
    const [e] = await events('trust_policy.created');
    expect(e).toMatchObject({ target: { id: r.body.id, label: 'web CI' }, details: { provider: 'github', conditions: { repository: 'acme/web' }, lifetime_seconds: 900 } });
  });

  it('creates workspace-wide and GitLab policies with pinned ids, and lists them per workspace and per project', async () => {
    const ws = await t.request('POST', workspaceUrl(), { token: owner.token, body: { name: 'all gitlab', provider: 'gitlab', issuer: 'https://gitlab.example.com/', scopes: ['read', 'upload'], lifetime_seconds: 3600, conditions: { project_path: 'acme/platform/web', project_id: '20', namespace_id: '7', ref_protected: true } } });
    expect(ws.status, JSON.stringify(ws.body)).toBe(201);
    expect(ws.body).toMatchObject({ project_id: null, issuer: 'https://gitlab.example.com', scopes: ['read', 'upload'], conditions: { project_id: '20', namespace_id: '7' }, pinned_at: expect.any(String) });
    const all = await t.request('GET', workspaceUrl(), { token: admin.token });
    expect(all.body.items.map((p: any) => p.name)).toEqual(['web CI', 'all gitlab']);
    const forWeb = await t.request('GET', projectUrl(), { token: admin.token });
    expect(forWeb.body.items).toHaveLength(2);
  });

  it('updates a policy: new conditions drop the pinned ids; audited with before and after', async () => {
    const p = (await t.request('POST', projectUrl(), { token: owner.token, body: { ...GITHUB, name: 'pinned', conditions: { repository: 'acme/web', repository_id: '1', repository_owner_id: '2' } } })).body;
    const r = await t.request('PATCH', `/v1/trust-policies/${p.id}`, { token: admin.token, body: { conditions: { repository: 'acme/web2' }, lifetime_seconds: 300 } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ conditions: { repository: 'acme/web2' }, lifetime_seconds: 300, pinned_at: null });
    expect(r.body.conditions).not.toHaveProperty('repository_id');
    const [e] = await events('trust_policy.updated');
    expect(e.details).toMatchObject({ before: { repository_id: '1' }, conditions: { repository: 'acme/web2' } });
    expect((await t.request('DELETE', `/v1/trust-policies/${p.id}`, { token: admin.token })).status).toBe(204);
    expect((await t.request('GET', `/v1/trust-policies/${p.id}`, { token: admin.token })).status).toBe(404);
    expect((await events('trust_policy.deleted'))[0].target.id).toBe(p.id);
  });

  it('answers 401 without credentials on every route', async () => {
    for (const [method, url] of [['GET', workspaceUrl()], ['POST', workspaceUrl()], ['GET', projectUrl()], ['POST', projectUrl()], ['GET', '/v1/trust-policies/trp_0000000000000000'], ['PATCH', '/v1/trust-policies/trp_0000000000000000'], ['DELETE', '/v1/trust-policies/trp_0000000000000000']] as const) {
      const r = await t.request(method, url, method === 'POST' || method === 'PATCH' ? { body: GITHUB } : {});
      expect({ method, url, status: r.status, code: r.body.error.code }).toEqual({ method, url, status: 401, code: 'unauthenticated' });
    }
  });

  it("answers 404 to another workspace's owner on every route", async () => {
    const p = (await t.request('GET', workspaceUrl(), { token: owner.token })).body.items[0];
    for (const [method, url, body] of [['GET', workspaceUrl()], ['POST', workspaceUrl(), GITHUB], ['GET', projectUrl()], ['POST', projectUrl(), GITHUB], ['GET', `/v1/trust-policies/${p.id}`], ['PATCH', `/v1/trust-policies/${p.id}`, { name: 'x' }], ['DELETE', `/v1/trust-policies/${p.id}`]] as const) {
      const r = await t.request(method, url, { token: stranger.token, ...(body ? { body } : {}) });
      expect({ method, url, status: r.status, code: r.body.error.code }).toEqual({ method, url, status: 404, code: 'not_found' });
    }
    expect((await t.request('GET', `/v1/trust-policies/${p.id}`, { token: owner.token })).status).toBe(200);
  });

  it('answers 403 to members (admins and owners only) and to tokens without the scope', async () => {
    const p = (await t.request('GET', workspaceUrl(), { token: owner.token })).body.items[0];
    for (const [method, url, body] of [['GET', workspaceUrl()], ['POST', workspaceUrl(), GITHUB], ['POST', projectUrl(), GITHUB], ['GET', `/v1/trust-policies/${p.id}`], ['DELETE', `/v1/trust-policies/${p.id}`]] as const) {
      const r = await t.request(method, url, { token: member.token, ...(body ? { body } : {}) });
      expect({ method, url, status: r.status, code: r.body.error.code }).toEqual({ method, url, status: 403, code: 'forbidden' });
    }
    const reader = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    expect((await t.request('GET', workspaceUrl(), { token: reader.secret })).status).toBe(200);
    const w = await t.request('POST', projectUrl(), { token: reader.secret, body: GITHUB });
    expect([w.status, w.body.error.code]).toEqual([403, 'insufficient_scope']);
    const proj = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['read', 'write'] });
    const byProject = await t.request('GET', projectUrl(), { token: proj.secret });
    expect([byProject.status, byProject.body.error.code]).toEqual([403, 'forbidden']);
  });

  it('answers 400 for bad input, with a stable code', async () => {
    const bad: Record<string, unknown>[] = [
      {},
      { ...GITHUB, provider: 'jenkins' },
      { ...GITHUB, conditions: {} },
      { ...GITHUB, conditions: { repository: 'acme/web', color: 'red' } },
      { ...GITHUB, conditions: { project_path: 'acme/web' } },
      { ...GITHUB, conditions: { repository: 'acme/web', repository_id: '1' } },
      { ...GITHUB, conditions: { repository: 'not a repo' } },
      { ...GITHUB, lifetime_seconds: 3601 },
      { ...GITHUB, lifetime_seconds: 59 },
      { ...GITHUB, scopes: ['Not A Scope'] },
      { ...GITHUB, issuer: 'http://token.example.com' },
      { ...GITHUB, issuer: 'ftp://token.example.com' },
      { ...GITHUB, issuer: 'https://user:pw@token.example.com' },
      { name: 'g', provider: 'generic', conditions: { subject: 'job:1' } },
      { name: 'g', provider: 'generic', issuer: 'https://ci.example.com', conditions: { subject: '**' } },
      { name: 'g', provider: 'gitlab', conditions: { project_path: 'acme/web', workflows: ['x'] } },
      { name: 'g', provider: 'generic', issuer: 'https://ci.example.com', conditions: { subject: 'a*'.repeat(17) } },
      { ...GITHUB, conditions: { repository: 'acme/web', refs: ['refs/heads/main', `refs/${'?'.repeat(17)}`] } },
    ];
    for (const body of bad) {
      const r = await t.request('POST', projectUrl(), { token: owner.token, body });
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    }
    // Well-formed scope names that ci tokens may not hold (or that this instance does not know): 422, like token creation.
    for (const scopes of [['admin'], ['write'], ['deploy']]) {
      const r = await t.request('POST', projectUrl(), { token: owner.token, body: { ...GITHUB, scopes } });
      expect({ scopes, status: r.status, code: r.body.error?.code }).toEqual({ scopes, status: 422, code: 'scope_not_allowed' });
    }
    expect((await t.request('GET', '/v1/trust-policies/nope', { token: owner.token })).status).toBe(400);
    expect((await t.request('PATCH', '/v1/trust-policies/trp_0000000000000000', { token: owner.token, body: {} })).status).toBe(400);
    expect((await t.request('GET', '/v1/trust-policies/trp_0000000000000000', { token: owner.token })).status).toBe(404);
    expect((await t.request('GET', projectUrl('nope'), { token: owner.token })).status).toBe(404);
  });

  it('refuses an issuer at a non-public IP address unless TESSERA_OUTBOUND_ALLOWED_HOSTS lists it (SSRF, 422 issuer_not_allowed)', async () => {
    for (const issuer of ['https://10.0.0.1', 'https://169.254.169.254', 'https://167772161:8443', 'https://0xa9fea9fe', 'https://[::ffff:10.0.0.1]', 'https://[fd00::1]', 'https://192.168.1.10/_services/token']) {
      const r = await t.request('POST', projectUrl(), { token: owner.token, body: { name: 'internal', provider: 'generic', issuer, conditions: { subject: 'job:*' } } });
      expect({ issuer, status: r.status, code: r.body.error?.code }).toEqual({ issuer, status: 422, code: 'issuer_not_allowed' });
      expect(r.body.error.message).toContain('TESSERA_OUTBOUND_ALLOWED_HOSTS');
    }
    // Listed (this app allows 127.0.0.1): accepted, in any spelling of that address.
    const listed = await t.request('POST', projectUrl(), { token: owner.token, body: { name: 'listed', provider: 'generic', issuer: 'https://[::ffff:7f00:1]:8443', conditions: { subject: 'job:*' } } });
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
  });

  it('accepts a loopback http issuer only with TESSERA_OIDC_ALLOW_INSECURE_ISSUERS', async () => {
    const ok = await t.request('POST', projectUrl(), { token: owner.token, body: { name: 'local', provider: 'generic', issuer: 'http://127.0.0.1:5556', conditions: { subject: 'job:*' } } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const strict = await createTestApp();
    try {
      const o = await strict.bootstrap();
      await strict.request('POST', `/v1/workspaces/${o.slug}/projects`, { token: o.token, body: { name: 'Web', slug: 'web' } });
      const r = await strict.request('POST', `/v1/workspaces/${o.slug}/projects/web/trust-policies`, { token: o.token, body: { name: 'local', provider: 'generic', issuer: 'http://127.0.0.1:5556', conditions: { subject: 'job:*' } } });
      expect([r.status, r.body.error.code]).toEqual([400, 'invalid_request']);
      expect(r.body.error.message).toContain('TESSERA_OIDC_ALLOW_INSECURE_ISSUERS');
    } finally {
      await strict.close();
    }
  });
});
