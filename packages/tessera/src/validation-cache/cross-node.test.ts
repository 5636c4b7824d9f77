import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const onPostgres = process.env.TESSERA_TEST_DB === 'postgres';

/** Validates on `t` until the answer comes from its cache (bounded). */
async function warm(t: TestApp, secret: string) {
  for (let i = 0; i < 200; i++) {
    const hits = t.ctx.cache.stats.hits;
    expect((await t.ctx.validation.validate(secret)).valid).toBe(true);
    if (t.ctx.cache.stats.hits === hits + 1) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the token never came from the cache');
}

/**
 * Two nodes (two contexts with their own pools, caches and listeners) sharing one PostgreSQL
 * schema. PGlite is one process's database: two contexts cannot share it, so these run on the
 * postgres project only.
 */
describe.skipIf(!onPostgres)('a change made through node A evicts the token on node B', () => {
  let a: TestApp;
  let b: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  const secret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    a = await createTestApp({ TESSERA_SECRET: secret });
    owner = await a.bootstrap(); // before B starts: a starting node issues a new setup code while none is used
    b = await createTestApp({ TESSERA_SECRET: secret }, { schema: a.schema! });
    await a.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** The change is visible on B as soon as B's listener has delivered it: poll for at most 1 s, and report how long it took. */
  async function refusedOnB(secret_: string): Promise<number> {
    const started = performance.now();
    for (;;) {
      const r = await b.ctx.validation.validate(secret_);
      if (!r.valid) return performance.now() - started;
      if (performance.now() - started > 1000) throw new Error('node B still accepts the token 1 s after the change committed on node A');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  it('revoke through A: B refuses the token it had cached', async () => {
    const tok = await a.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    await warm(b, tok.secret);
    expect((await a.request('DELETE', `/v1/tokens/${tok.id}`, { token: owner.token })).status).toBe(204);
    expect(await refusedOnB(tok.secret)).toBeLessThan(1000);
    expect(await b.ctx.validation.validate(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });
  });

  it('member removed through A: B refuses their personal token', async () => {
    const m = await a.addMember(owner.workspaceId, 'member');
    const tok = await a.createToken(m.token, owner.slug, { kind: 'personal', scopes: ['read'] });
    await warm(b, tok.secret);
    expect((await a.request('DELETE', `/v1/workspaces/${owner.slug}/members/${m.userId}`, { token: owner.token })).status).toBe(204);
    await refusedOnB(tok.secret);
  });

  it('role changed through A: B reads the personal token again', async () => {
    const m = await a.addMember(owner.workspaceId, 'admin');
    const tok = await a.createToken(m.token, owner.slug, { kind: 'personal', scopes: ['read'] });
    await warm(b, tok.secret);
    const evictions = b.ctx.cache.stats.evictions;
    expect((await a.request('PATCH', `/v1/workspaces/${owner.slug}/members/${m.userId}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);
    await expect.poll(() => b.ctx.cache.stats.evictions, { timeout: 1000 }).toBeGreaterThan(evictions);
  });

  it("issue 13: a demoted admin's personal token reports only what a viewer may grant, at once, on node B from its warm cache", async () => {
    const m = await a.addMember(owner.workspaceId, 'admin');
    const tok = await a.createToken(m.token, owner.slug, { kind: 'personal', scopes: ['read', 'write', 'admin'] });
    await warm(b, tok.secret);
    const onB = async () => {
      const r = await b.ctx.validation.validate(tok.secret);
      return r.valid ? { role: r.token.effective.role, scopes: r.token.effective.scopes } : r;
    };
    expect(await onB()).toEqual({ role: 'admin', scopes: ['read', 'write', 'admin'] });
    expect((await a.request('PATCH', `/v1/workspaces/${owner.slug}/members/${m.userId}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);
    // As soon as B's listener has delivered the change (bounded like the other cases here).
    await expect.poll(onB, { timeout: 1000, interval: 2 }).toEqual({ role: 'viewer', scopes: ['read'] });
    expect((await b.request('POST', '/v1/auth/validate', { body: { token: tok.secret } })).body).toMatchObject({ role: 'viewer', scopes: ['read'], granted_scopes: ['read', 'write', 'admin'] });
    expect((await b.request('GET', '/v1/me', { token: tok.secret })).body.token).toMatchObject({ role: 'viewer', scopes: ['read'] });
  });

  it('project deleted through A: B refuses its tokens', async () => {
    await a.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Doomed', slug: 'doomed' } });
    const tok = await a.createToken(owner.token, owner.slug, { kind: 'project', project: 'doomed', scopes: ['upload'] });
    await warm(b, tok.secret);
    expect((await a.request('DELETE', `/v1/workspaces/${owner.slug}/projects/doomed`, { token: owner.token })).status).toBe(204);
    await refusedOnB(tok.secret);
  });

  it('without a notification, B would keep answering from its cache (so the tests above can fail)', async () => {
    const tok = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const marker = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await warm(b, tok.secret);
    await warm(b, marker.secret);
    await sql`update api_tokens set revoked_at = now() where id = ${tok.id}`.execute(a.ctx.db);
    // Instead of waiting a while: a notification sent after the update, and B evicting on it, proves
    // B has heard everything committed before it (notifications arrive in commit order).
    const evictions = b.ctx.cache.stats.evictions;
    await sql`select pg_notify(${a.ctx.invalidation.channel}, ${'1|marker|t:' + marker.secret.slice(5, 13)})`.execute(a.ctx.db);
    await expect.poll(() => b.ctx.cache.stats.evictions, { timeout: 1000 }).toBe(evictions + 1);
    const hits = b.ctx.cache.stats.hits;
    expect((await b.ctx.validation.validate(tok.secret)).valid).toBe(true);
    expect(b.ctx.cache.stats.hits).toBe(hits + 1);
    await sql`select pg_notify(${a.ctx.invalidation.channel}, ${'1|manual|t:' + tok.secret.slice(5, 13)})`.execute(a.ctx.db);
    await refusedOnB(tok.secret);
  });
});
