import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** Every token route, called by the owner of another workspace: nothing is visible, nothing changes. */
describe('token routes across tenants', () => {
  let t: TestApp;
  let owner: { token: string; slug: string; workspaceId: string };
  let stranger: { token: string };
  let tok: { id: string; secret: string };
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    tok = (await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'private', scopes: ['read', 'admin'] } })).body;
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    stranger = await t.addMember(other.body.id, 'owner');
  });
  afterAll(() => t?.close());

  it('answers 404 for another workspace’s tokens on every route', async () => {
    const calls: [string, string, object?][] = [
      ['GET', `/v1/workspaces/${owner.slug}/tokens`],
      ['POST', `/v1/workspaces/${owner.slug}/tokens`, { kind: 'workspace', name: 'x', scopes: ['read'] }],
      ['POST', `/v1/workspaces/${owner.slug}/tokens/revoke`, { all: true }],
      ['GET', `/v1/tokens/${tok.id}`],
      ['PATCH', `/v1/tokens/${tok.id}`, { name: 'stolen' }],
      ['DELETE', `/v1/tokens/${tok.id}`],
      ['POST', `/v1/tokens/${tok.id}/rotate`, {}],
      ['GET', `/v1/workspaces/${owner.slug}/audit-events`],
    ];
    for (const [method, url, body] of calls) {
      const r = await t.request(method, url, { token: stranger.token, ...(body ? { body } : {}) });
      expect({ method, url, status: r.status, code: r.body.error?.code }).toEqual({ method, url, status: 404, code: 'not_found' });
    }
    expect((await t.request('GET', '/v1/me', { token: tok.secret })).status).toBe(200);
  });

  it('a workspace token cannot reach another workspace either', async () => {
    const r = await t.request('GET', '/v1/workspaces/other/tokens', { token: tok.secret });
    expect(r.status).toBe(404);
  });

  it('a project token cannot act on workspace-level routes', async () => {
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    const p = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'project', project: 'web', name: 'p', scopes: ['read'] } });
    const r = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens`, { token: p.body.secret });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('wrong_token_kind');
    const mine = await t.request('GET', '/v1/me/tokens', { token: p.body.secret });
    expect(mine.status).toBe(403);
    expect(mine.body.error.code).toBe('wrong_token_kind');
  });

  it('answers 403 insufficient_scope on every token route to a token without the admin scope', async () => {
    const reader = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'reader-only', scopes: ['read', 'write', 'upload'] } });
    // A project token as the target: a workspace token's admin-level role may manage it, so only the scope is missing.
    const target = (await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'project', project: 'web', name: 'target', scopes: ['read'] } })).body;
    const calls: [string, string, object?][] = [
      ['GET', `/v1/workspaces/${owner.slug}/tokens?kind=workspace`],
      ['POST', `/v1/workspaces/${owner.slug}/tokens`, { kind: 'project', project: 'web', name: 'x', scopes: ['read'] }],
      ['POST', `/v1/workspaces/${owner.slug}/tokens/revoke`, { all: true }],
      ['GET', `/v1/tokens/${target.id}`],
      ['PATCH', `/v1/tokens/${target.id}`, { name: 'renamed' }],
      ['DELETE', `/v1/tokens/${target.id}`],
      ['POST', `/v1/tokens/${target.id}/rotate`, {}],
      ['GET', `/v1/workspaces/${owner.slug}/audit-events`],
    ];
    for (const [method, url, body] of calls) {
      const r = await t.request(method, url, { token: reader.body.secret, ...(body ? { body } : {}) });
      expect({ method, url, status: r.status, code: r.body.error?.code }).toEqual({ method, url, status: 403, code: 'insufficient_scope' });
      expect(r.headers['www-authenticate']).toContain('scope="admin"');
    }
    expect((await t.request('GET', `/v1/tokens/${target.id}`, { token: owner.token })).body).toMatchObject({ name: 'target', status: 'active' });
    const wsTarget = await t.request('DELETE', `/v1/tokens/${tok.id}`, { token: reader.body.secret });
    expect(wsTarget.body.error.code).toBe('forbidden'); // workspace tokens never manage workspace tokens, whatever their scopes
  });
});
