import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Every workspace, project, member and service-account route, called without credentials, by a
 * member of another workspace, with too low a role and with a token lacking the scope: each is
 * refused with the right status and code, and nothing changes.
 */
describe('workspace, project and member routes refuse callers who may not use them', () => {
  let t: TestApp;
  let ws: string;
  const who: Record<string, string> = {};
  let victim: string;
  let sa: string;

  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    ws = owner.slug;
    who.owner = owner.token;
    who.admin = (await t.addMember(owner.workspaceId, 'admin')).token;
    who.member = (await t.addMember(owner.workspaceId, 'member')).token;
    who.viewer = (await t.addMember(owner.workspaceId, 'viewer')).token;
    victim = (await t.addMember(owner.workspaceId, 'member')).userId;
    await t.request('POST', `/v1/workspaces/${ws}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    sa = (await t.request('POST', `/v1/workspaces/${ws}/service-accounts`, { token: owner.token, body: { name: 'CI bot', role: 'member' } })).body.user_id;
    // The owner's own personal tokens: every role check passes, only the scope is missing.
    who.readToken = (await t.createToken(owner.token, ws, { kind: 'personal', scopes: ['read'] })).secret;
    who.uploadToken = (await t.createToken(owner.token, ws, { kind: 'personal', scopes: ['upload'] })).secret;
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    who.stranger = (await t.addMember(other.body.id, 'owner')).token;
  });
  afterAll(() => t?.close());

  interface Row { method: string; url: () => string; body?: object; low?: [string, string][]; scope: [string, string] }
  const routes: Row[] = [
    { method: 'GET', url: () => `/v1/workspaces/${ws}`, scope: ['uploadToken', 'insufficient_scope'] },
    { method: 'PATCH', url: () => `/v1/workspaces/${ws}`, body: { name: 'Renamed' }, low: [['viewer', 'forbidden'], ['admin', 'forbidden']], scope: ['readToken', 'insufficient_scope'] },
    { method: 'DELETE', url: () => `/v1/workspaces/${ws}`, low: [['viewer', 'forbidden'], ['admin', 'forbidden']], scope: ['readToken', 'wrong_token_kind'] },
    { method: 'GET', url: () => `/v1/workspaces/${ws}/projects/web`, scope: ['uploadToken', 'insufficient_scope'] },
    { method: 'PATCH', url: () => `/v1/workspaces/${ws}/projects/web`, body: { name: 'Renamed' }, low: [['member', 'forbidden']], scope: ['readToken', 'insufficient_scope'] },
    { method: 'DELETE', url: () => `/v1/workspaces/${ws}/projects/web`, low: [['member', 'forbidden']], scope: ['readToken', 'insufficient_scope'] },
    { method: 'GET', url: () => `/v1/workspaces/${ws}/members`, scope: ['uploadToken', 'insufficient_scope'] },
    { method: 'POST', url: () => `/v1/workspaces/${ws}/members`, body: { email: 'new@example.com', role: 'viewer' }, low: [['member', 'forbidden']], scope: ['readToken', 'insufficient_scope'] },
    { method: 'PATCH', url: () => `/v1/workspaces/${ws}/members/${victim}`, body: { role: 'viewer' }, low: [['member', 'forbidden']], scope: ['readToken', 'insufficient_scope'] },
    { method: 'DELETE', url: () => `/v1/workspaces/${ws}/members/${victim}`, low: [['member', 'forbidden']], scope: ['readToken', 'insufficient_scope'] },
    { method: 'POST', url: () => `/v1/workspaces/${ws}/service-accounts`, body: { name: 'Bot', role: 'viewer' }, low: [['member', 'forbidden']], scope: ['readToken', 'insufficient_scope'] },
    { method: 'GET', url: () => `/v1/workspaces/${ws}/service-accounts`, scope: ['uploadToken', 'insufficient_scope'] },
    { method: 'DELETE', url: () => `/v1/workspaces/${ws}/service-accounts/${sa}`, low: [['member', 'forbidden']], scope: ['readToken', 'insufficient_scope'] },
  ];
  const call = (r: Row, token?: string) => t.request(r.method, r.url(), { token, ...(r.body ? { body: r.body } : {}) });
  const outcome = (r: Row, res: { status: number; body: any }) => ({ route: `${r.method} ${r.url()}`, status: res.status, code: res.body?.error?.code });

  it('answers 401 without credentials', async () => {
    for (const r of routes) expect(outcome(r, await call(r))).toEqual({ route: `${r.method} ${r.url()}`, status: 401, code: 'unauthenticated' });
    expect((await t.request('GET', '/v1/workspaces')).status).toBe(401);
  });

  it('answers 404 to a member of another workspace, as if the workspace did not exist', async () => {
    for (const r of routes) expect(outcome(r, await call(r, who.stranger))).toEqual({ route: `${r.method} ${r.url()}`, status: 404, code: 'not_found' });
  });

  it('answers 403 forbidden when the role is too low', async () => {
    for (const r of routes) {
      for (const [role, code] of r.low ?? []) expect(outcome(r, await call(r, who[role]))).toEqual({ route: `${r.method} ${r.url()}`, status: 403, code });
    }
  });

  it('answers 403 when the token lacks the scope', async () => {
    for (const r of routes) {
      const [token, code] = r.scope;
      expect(outcome(r, await call(r, who[token]))).toEqual({ route: `${r.method} ${r.url()}`, status: 403, code });
    }
    const list = await t.request('GET', '/v1/workspaces', { token: who.uploadToken });
    expect([list.status, list.body.error.code]).toEqual([403, 'insufficient_scope']);
  });

  it('changed nothing while refusing', async () => {
    const w = await t.request('GET', `/v1/workspaces/${ws}`, { token: who.owner });
    expect(w.body.name).toBe('Acme');
    expect((await t.request('GET', `/v1/workspaces/${ws}/projects/web`, { token: who.owner })).body.name).toBe('Web');
    const members = (await t.request('GET', `/v1/workspaces/${ws}/members`, { token: who.owner })).body.items;
    expect(members.find((m: any) => m.user_id === victim)?.role).toBe('member');
    expect(members.find((m: any) => m.user_id === sa)?.kind).toBe('service');
    expect(members.some((m: any) => m.email === 'new@example.com')).toBe(false);
    expect(members.filter((m: any) => m.kind === 'service')).toHaveLength(1);
  });
});
