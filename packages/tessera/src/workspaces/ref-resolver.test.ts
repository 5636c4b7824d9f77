import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('gateway location names → ids (ref resolver)', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  let web: string;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    web = (await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } })).body.id;
  });
  afterAll(() => t?.close());

  it('resolves slug pairs, ids and workspaces; answers a repeat from memory without a promise; null for nothing', async () => {
    const expected = { workspaceId: owner.workspaceId, projectId: web };
    for (const ref of [`${owner.slug}/web`, web, `${owner.workspaceId}/web`, `${owner.slug}/${web}`]) {
      expect(await t.ctx.refs.project(ref), ref).toEqual(expected);
      expect(t.ctx.refs.project(ref), ref).toEqual(expected); // no promise the second time
    }
    expect(await t.ctx.refs.workspace(owner.slug)).toEqual({ workspaceId: owner.workspaceId, projectId: null });
    expect(await t.ctx.refs.project(`${owner.slug}/nope`)).toBeNull();
    expect(await t.ctx.refs.project('nobody/web')).toBeNull();
    expect(await t.ctx.refs.workspace('nobody')).toBeNull();
  });

  it('keeps a slug\'s resolution for 10 s after a rename (as documented), then follows it', async () => {
    expect(await t.ctx.refs.project(`${owner.slug}/web`)).toMatchObject({ projectId: web });
    expect((await t.request('PATCH', `/v1/workspaces/${owner.slug}/projects/web`, { token: owner.token, body: { slug: 'web-old' } })).status).toBe(200);
    expect(t.ctx.refs.project(`${owner.slug}/web`)).toMatchObject({ projectId: web });
    t.clock.advance(10_001);
    expect(await t.ctx.refs.project(`${owner.slug}/web`)).toBeNull();
    expect(await t.ctx.refs.project(`${owner.slug}/web-old`)).toMatchObject({ projectId: web });
  });
});
