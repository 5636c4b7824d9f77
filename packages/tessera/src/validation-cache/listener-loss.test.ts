import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { openDatabase, type OpenedDatabase } from '../db/database.js';

const onPostgres = process.env.TESSERA_TEST_DB === 'postgres';

/**
 * Fail-safe: a node whose invalidation listener has lost its connection cannot know what other
 * nodes changed, so it stops answering from its cache until it has reconnected, re-subscribed and
 * flushed; it logs it and /readyz says so. PGlite's listener is in-process and cannot be lost:
 * PostgreSQL only.
 */
describe.skipIf(!onPostgres)('when the listening connection is lost, the cache is bypassed until it is back', () => {
  let t: TestApp;
  let admin: OpenedDatabase;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  const logs: { level: string; msg: string }[] = [];
  const logger = {
    error: (_o: object, msg: string) => void logs.push({ level: 'error', msg }),
    warn: (_o: object, msg: string) => void logs.push({ level: 'warn', msg }),
    info: (_o: object, msg: string) => void logs.push({ level: 'info', msg }),
  };

  beforeAll(async () => {
    // Reconnecting takes 1.5 s here, so the outage can be observed.
    t = await createTestApp({}, { logger: logger as never, listener: { minBackoffMs: 3000, maxBackoffMs: 3000 } });
    owner = await t.bootstrap();
    admin = await openDatabase({ url: process.env.TESSERA_TEST_DATABASE_URL!, poolSize: 1, searchPath: t.schema! });
  });
  afterAll(async () => {
    await admin?.db.destroy();
    await t?.close();
  });

  const validate = (secret: string) => t.ctx.validation.validate(secret);
  const status = () => t.ctx.invalidation.state().status;

  it('bypasses the cache during the outage, honours a revocation made then, and trusts the cache again after reconnecting', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const other = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await expect.poll(() => t.ctx.cache.pendingCount).toBe(0);
    expect((await validate(tok.secret)).valid).toBe(true);
    const hits = t.ctx.cache.stats.hits;
    expect((await validate(tok.secret)).valid).toBe(true);
    expect(t.ctx.cache.stats.hits).toBe(hits + 1);
    expect((await t.request('GET', '/readyz')).status).toBe(200);

    // Kill the listener's backend from another connection.
    const pid = (t.ctx.invalidation.state() as { backendPid: number | null }).backendPid;
    expect(pid).toBeGreaterThan(0);
    await sql`select pg_terminate_backend(${pid}::int)`.execute(admin.db);
    await expect.poll(status, { timeout: 2000 }).toBe('down');
    expect(t.ctx.cache.isTrusted).toBe(false);
    expect(logs.some((l) => l.level === 'error' && /lost its database connection/.test(l.msg))).toBe(true);

    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not_ready', failing: ['listener'], checks: { database: { ok: true }, listener: { ok: false } } });

    // Revoked directly in SQL: no notification could reach this node anyway. Honoured at once.
    await sql`update api_tokens set revoked_at = now() where id = ${tok.id}`.execute(admin.db);
    const bypassed = t.ctx.cache.stats.bypassed;
    expect(await validate(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });
    expect((await validate(other.secret)).valid).toBe(true);
    expect((await validate(other.secret)).valid).toBe(true);
    expect(t.ctx.cache.stats.bypassed).toBe(bypassed + 3);
    expect(status()).toBe('down'); // all of the above happened during the outage

    // Reconnects (after its backoff), flushes, trusts again.
    await expect.poll(status, { timeout: 8000, interval: 100 }).toBe('connected');
    expect(t.ctx.cache.isTrusted).toBe(true);
    expect(logs.some((l) => l.level === 'warn' && /reconnected/.test(l.msg))).toBe(true);
    expect((await t.request('GET', '/readyz')).status).toBe(200);
    expect((await validate(other.secret)).valid).toBe(true);
    const hitsAfter = t.ctx.cache.stats.hits;
    expect((await validate(other.secret)).valid).toBe(true);
    expect(t.ctx.cache.stats.hits).toBe(hitsAfter + 1);
    expect(await validate(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });

    // And invalidations are heard again on the new connection.
    expect((await t.request('DELETE', `/v1/tokens/${other.id}`, { token: owner.token })).status).toBe(204);
    expect(await validate(other.secret)).toMatchObject({ valid: false, code: 'revoked' });
    const newPid = (t.ctx.invalidation.state() as { backendPid: number | null }).backendPid;
    expect(newPid).not.toBe(pid);
  }, 30_000);
});
