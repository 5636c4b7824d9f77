import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('projects: read, rename, delete', () => {
  let t: TestApp;
  let owner: { token: string; workspaceId: string; slug: string };
  let admin: { token: string };
  let web: { id: string };
  const url = (p = '') => `/v1/workspaces/${owner.slug}/projects${p}`;
  const events = async (action: string) => (await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=${action}`, { token: owner.token })).body.items;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    admin = await t.addMember(owner.workspaceId, 'admin');
    web = (await t.request('POST', url(), { token: owner.token, body: { name: 'Web', slug: 'web' } })).body;
    await t.request('POST', url(), { token: owner.token, body: { name: 'Api', slug: 'api' } });
  });
  afterAll(() => t?.close());

  describe('GET …/projects/{project}', () => {
    it('finds a project by slug or id', async () => {
      const bySlug = await t.request('GET', url('/web'), { token: owner.token });
      expect(bySlug.status).toBe(200);
      expect(bySlug.body).toEqual({ id: web.id, workspace_id: owner.workspaceId, slug: 'web', name: 'Web', created_at: expect.any(String) });
      expect((await t.request('GET', url(`/${web.id}`), { token: owner.token })).body.slug).toBe('web');
    });

    it('lets a project token read its own project, and no other', async () => {
      const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['read'] });
      expect((await t.request('GET', url('/web'), { token: tok.secret })).status).toBe(200);
      const other = await t.request('GET', url('/api'), { token: tok.secret });
      expect([other.status, other.body.error.code]).toEqual([403, 'wrong_token_kind']);
    });

    it('answers 400 for a malformed reference and 404 for an unknown project', async () => {
      const bad = await t.request('GET', url('/Not%20A%20Slug'), { token: owner.token });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
      const unknown = await t.request('GET', url('/nope'), { token: owner.token });
      expect([unknown.status, unknown.body.error.code, unknown.body.error.message]).toEqual([404, 'not_found', 'project not found']);
    });
  });

  describe('PATCH …/projects/{project}', () => {
    it('renames a project (name and slug) and audits the change', async () => {
      const r = await t.request('PATCH', url('/api'), { token: admin.token, body: { name: 'Public API', slug: 'public-api' } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ name: 'Public API', slug: 'public-api' });
      expect((await t.request('GET', url('/api'), { token: owner.token })).status).toBe(404);
      const [e] = await events('project.updated');
      expect(e.details).toEqual({ changed: ['name', 'slug'], from: { name: 'Api', slug: 'api' }, to: { name: 'Public API', slug: 'public-api' } });
    });

    it('answers 409 slug_taken for a slug in use in the workspace', async () => {
      const r = await t.request('PATCH', url('/public-api'), { token: owner.token, body: { slug: 'web' } });
      expect([r.status, r.body.error.code]).toEqual([409, 'slug_taken']);
    });

    it('answers 400 for bad input', async () => {
      for (const body of [{}, { slug: 'Bad Slug' }, { name: '   ' }, { description: 'x' }, { name: 42 }]) {
        const r = await t.request('PATCH', url('/web'), { token: owner.token, body });
        expect({ body, status: r.status, code: r.body.error.code }).toEqual({ body, status: 400, code: 'invalid_request' });
      }
    });

    it('refuses a project token even on its own project: renaming needs admin', async () => {
      const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['read', 'write'] });
      const r = await t.request('PATCH', url('/web'), { token: tok.secret, body: { name: 'Mine' } });
      expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
    });
  });

  describe('DELETE …/projects/{project}', () => {
    it('revokes the live tokens of the project with an audit event each, then deletes it', async () => {
      await t.request('POST', url(), { token: owner.token, body: { name: 'Old', slug: 'old' } });
      const live = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'old', scopes: ['read'] });
      const dead = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'old', scopes: ['read'] });
      expect((await t.request('DELETE', `/v1/tokens/${dead.id}`, { token: owner.token })).status).toBe(204);
      const elsewhere = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['read'] });

      const r = await t.request('DELETE', url('/old'), { token: admin.token });
      expect(r.status).toBe(204);
      expect((await t.request('GET', url('/old'), { token: owner.token })).status).toBe(404);
      expect((await t.request('GET', '/v1/me', { token: live.secret })).status).toBe(401);
      expect((await t.request('GET', '/v1/me', { token: elsewhere.secret })).status).toBe(200);

      const revoked = (await events('token.revoked')).filter((e: any) => e.details.reason === 'project deleted');
      expect(revoked.map((e: any) => e.target.id)).toEqual([live.id]);
      const [deleted] = await events('project.deleted');
      expect(deleted).toMatchObject({ target: { type: 'project', label: 'old' }, details: { name: 'Old', revoked_tokens: 1 } });
      expect((await t.request('GET', `/v1/tokens/${live.id}`, { token: owner.token })).status).toBe(404);
    });

    it('answers 400 for a malformed reference and 404 for an unknown project', async () => {
      expect((await t.request('DELETE', url('/BAD!'), { token: owner.token })).status).toBe(400);
      expect((await t.request('DELETE', url('/gone'), { token: owner.token })).status).toBe(404);
    });
  });
});
