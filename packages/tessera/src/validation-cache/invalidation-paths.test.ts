import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { userKey } from './cache-keys.js';

/**
 * Every change that alters what validating a token answers evicts it from this node's cache at
 * once: the next validation, right after the change returns, sees the new state. Each test first
 * shows the token is answered from the cache (a hit), so it would fail if the cache kept serving
 * the old answer until its staleness backstop (30 s).
 */
describe('the token cache forgets a token as soon as a change to it commits', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;

  beforeAll(async () => {
    // Time is moved on the app's clock, not waited for. A long trust window, so that jumping the
    // clock does not also lapse the cache's trust (a lapse only makes validations read the database;
    // it is tested in token-cache.test.ts and faults/).
    t = await createTestApp({ TESSERA_CACHE_TRUST_WINDOW: '60s' });
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
  });
  afterAll(() => t?.close());

  const validate = (secret: string) => t.ctx.validation.validate(secret, { ip: '127.0.0.1' });
  /**
   * Validates until the answer comes from the cache. (On PostgreSQL a token this node has just
   * created or changed is read from the database until its own notification has come back, a
   * millisecond or so.)
   */
  async function warm(secret: string) {
    for (let i = 0; i < 200; i++) {
      const hits = t.ctx.cache.stats.hits;
      expect((await validate(secret)).valid).toBe(true);
      if (t.ctx.cache.stats.hits === hits + 1) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the token never came from the cache');
  }

  it('serves a warm token from memory, with no database read', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    await warm(tok.secret);
    const misses = t.ctx.cache.stats.misses;
    for (let i = 0; i < 50; i++) expect((await validate(tok.secret)).valid).toBe(true);
    expect(t.ctx.cache.stats.misses).toBe(misses);
  });

  it('refuses a wrong secret for a cached public id without accepting it', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await warm(tok.secret);
    // Same public id (first 8 characters after the prefix), different secret, valid checksum.
    const { checksum } = await import('../tokens/token-format.js');
    const payload = tok.secret.slice(0, 13) + 'x'.repeat(32);
    const forged = payload + checksum(payload);
    expect(await validate(forged)).toEqual({ valid: false, code: 'invalid' });
    expect((await validate(tok.secret)).valid).toBe(true);
  });

  it('revoke', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    await warm(tok.secret);
    expect((await t.request('DELETE', `/v1/tokens/${tok.id}`, { token: owner.token })).status).toBe(204);
    expect(await validate(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });
  });

  it('rotate without grace: the old token stops at once, the new one works', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    await warm(tok.secret);
    const r = await t.request('POST', `/v1/tokens/${tok.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 0 } });
    expect(r.status).toBe(201);
    expect(await validate(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });
    expect((await validate(r.body.secret)).valid).toBe(true);
  });

  it('the end of a rotation grace period is exact: a cached token stops at that instant, with no eviction', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    const r = await t.request('POST', `/v1/tokens/${tok.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 1 } });
    expect(r.status).toBe(201);
    const graceEnds = new Date(r.body.created_at).getTime() + 1000;
    await warm(tok.secret); // rotating: still valid, cached with its grace end
    const evictions = t.ctx.cache.stats.evictions;
    const hits = t.ctx.cache.stats.hits;
    t.clock.advance(Math.max(0, graceEnds - t.clock.nowMs()) + 20);
    expect(await validate(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });
    expect(t.ctx.cache.stats.hits).toBe(hits + 1); // answered from the cache, by the clock
    expect(t.ctx.cache.stats.evictions).toBe(evictions);
  });

  it('expiry is exact: a cached token stops at its expires_at', async () => {
    const expiresAt = new Date(t.clock.nowMs() + 1500);
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'], expires_at: expiresAt.toISOString() });
    await warm(tok.secret);
    t.clock.advance(Math.max(0, expiresAt.getTime() - t.clock.nowMs()) + 20);
    const hits = t.ctx.cache.stats.hits;
    expect(await validate(tok.secret)).toMatchObject({ valid: false, code: 'expired' });
    expect(t.ctx.cache.stats.hits).toBe(hits + 1);
  });

  it('rename: the next validation carries the new name', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    await warm(tok.secret);
    expect((await t.request('PATCH', `/v1/tokens/${tok.id}`, { token: owner.token, body: { name: 'renamed' } })).status).toBe(200);
    expect(await validate(tok.secret)).toMatchObject({ valid: true, token: { name: 'renamed' } });
  });

  it('bulk revoke', async () => {
    const a = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    const b = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['read'] });
    await warm(a.secret);
    await warm(b.secret);
    const r = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens/revoke`, { token: owner.token, body: { token_ids: [a.id, b.id] } });
    expect(r.body.revoked_count).toBe(2);
    expect(await validate(a.secret)).toMatchObject({ valid: false, code: 'revoked' });
    expect(await validate(b.secret)).toMatchObject({ valid: false, code: 'revoked' });
  });

  it('member removed: their personal token stops at once', async () => {
    const m = await t.addMember(owner.workspaceId, 'member');
    const tok = await t.createToken(m.token, owner.slug, { kind: 'personal', scopes: ['read'] });
    await warm(tok.secret);
    expect((await t.request('DELETE', `/v1/workspaces/${owner.slug}/members/${m.userId}`, { token: owner.token })).status).toBe(204);
    expect((await validate(tok.secret)).valid).toBe(false);
  });

  it('role changed: the member\'s personal tokens are read again', async () => {
    const m = await t.addMember(owner.workspaceId, 'admin');
    const tok = await t.createToken(m.token, owner.slug, { kind: 'personal', scopes: ['read'] });
    await warm(tok.secret);
    const evictions = t.ctx.cache.stats.evictions;
    const hits = t.ctx.cache.stats.hits;
    expect((await t.request('PATCH', `/v1/workspaces/${owner.slug}/members/${m.userId}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);
    expect((await validate(tok.secret)).valid).toBe(true);
    expect(t.ctx.cache.stats.hits).toBe(hits); // read again, not answered from memory
    await expect.poll(() => t.ctx.cache.stats.evictions).toBeGreaterThan(evictions);
  });

  it('user disabled (published as user:<id> with the change): their personal token stops at once', async () => {
    const m = await t.addMember(owner.workspaceId, 'member');
    const tok = await t.createToken(m.token, owner.slug, { kind: 'personal', scopes: ['read'] });
    await warm(tok.secret);
    // No route disables users yet; this is what one must do: the change and its key, one transaction.
    await t.ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', m.userId).execute();
      await t.ctx.invalidation.publish(tx, [userKey(m.userId)]);
    });
    expect(await validate(tok.secret)).toEqual({ valid: false, code: 'invalid', displayPrefix: expect.any(String) });
  });

  it('project deleted: its tokens stop at once', async () => {
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Doomed', slug: 'doomed' } });
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'doomed', scopes: ['upload'] });
    await warm(tok.secret);
    expect((await t.request('DELETE', `/v1/workspaces/${owner.slug}/projects/doomed`, { token: owner.token })).status).toBe(204);
    expect((await validate(tok.secret)).valid).toBe(false);
  });

  it('workspace deleted: its tokens stop at once', async () => {
    const ws = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Gone', slug: 'gone' } });
    expect(ws.status).toBe(201);
    const tok = await t.createToken(owner.token, 'gone', { kind: 'workspace', scopes: ['read'] });
    await warm(tok.secret);
    expect((await t.request('DELETE', '/v1/workspaces/gone', { token: owner.token })).status).toBe(204);
    expect((await validate(tok.secret)).valid).toBe(false);
  });

  it('a rolled-back change leaves the token valid', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await warm(tok.secret);
    const row = await t.ctx.db.selectFrom('api_tokens').select('public_id').where('id', '=', tok.id).executeTakeFirstOrThrow();
    await t.ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', tok.id).execute();
      await t.ctx.invalidation.publish(tx, [`t:${row.public_id}`]);
      throw new Error('roll back');
    }).catch((err: Error) => expect(err.message).toBe('roll back'));
    expect((await validate(tok.secret)).valid).toBe(true);
  });

  it('remembers unknown public ids, so repeated guesses do not reach the database', async () => {
    const { checksum } = await import('../tokens/token-format.js');
    const guesses = Array.from({ length: 20 }, (_, i) => {
      const payload = `tsrw_${String(i).padStart(8, 'G')}${'q'.repeat(32)}`;
      return payload + checksum(payload);
    });
    for (const g of guesses) expect(await validate(g)).toEqual({ valid: false, code: 'invalid' });
    const { misses, negativeHits } = t.ctx.cache.stats;
    for (const g of guesses) expect(await validate(g)).toEqual({ valid: false, code: 'invalid' });
    expect(t.ctx.cache.stats.misses).toBe(misses);
    expect(t.ctx.cache.stats.negativeHits).toBe(negativeHits + 20);
  });

  it('a changed row made directly in SQL without a notification is not seen until the staleness backstop (documented limit)', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await warm(tok.secret);
    await sql`update api_tokens set revoked_at = now() where id = ${tok.id}`.execute(t.ctx.db);
    expect((await validate(tok.secret)).valid).toBe(true); // still cached: operations.md says to notify
    const flushes = t.ctx.cache.stats.flushes;
    await sql`select pg_notify(${t.ctx.invalidation.channel}, '*')`.execute(t.ctx.db);
    await vi.waitFor(() => expect(t.ctx.cache.stats.flushes).toBe(flushes + 1)); // the notification has been heard
    expect(await validate(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });
  });
});
