import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type ApiResponse, type TestApp } from '../test-support/test-app.js';
import { openDatabase, type OpenedDatabase } from '../db/database.js';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js';

const onPostgres = process.env.TESSERA_TEST_DB === 'postgres';

const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 1000;
/** The client gives up 500 ms after the server-side statement timeout (db/database.ts). */
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 500;
/** The longest a request may wait: for a pooled connection (connect timeout), then for its statement (query timeout). */
const REQUEST_BOUND_MS = CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS;
/** Scheduling and HTTP slack on a shared 2-core machine. */
const MARGIN_MS = 500;
/** The promise: a revoked token is not accepted more than this long after the revoke returned. */
const REVOKE_BOUND_MS = 2000;

/**
 * Database faults, on a node (A) whose pool and invalidation listener reach PostgreSQL through a
 * TCP proxy the test can break, while a second node (B) shares the schema over a direct
 * connection. A's connections carry their own application_name, so the test terminates exactly
 * those backends and never another test's. PGlite is in-process and cannot lose its database:
 * PostgreSQL only.
 */
describe.skipIf(!onPostgres)('database faults: the node answers 503 within its timeouts, never trusts a stale cache, and recovers by itself', () => {
  let proxy: TcpProxy;
  let a: TestApp;
  let b: TestApp;
  let admin: OpenedDatabase;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  const appName = `dbfaults_${randomBytes(4).toString('hex')}`;
  const idleErrors: Error[] = [];
  const logs: string[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    const direct = new URL(process.env.TESSERA_TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(direct);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.searchParams.set('application_name', appName);
    const secret = randomBytes(32).toString('hex');
    // Last-used times are flushed only when the test says so.
    a = await createTestApp({ TESSERA_SECRET: secret, TESSERA_USAGE_FLUSH: '3600' }, {
      logger: { error: (_o: object, msg: string) => void logs.push(msg), warn: (_o: object, msg: string) => void logs.push(msg) } as never,
      connection: { url: viaProxy.toString(), connectTimeoutMs: CONNECT_TIMEOUT_MS, statementTimeoutMs: STATEMENT_TIMEOUT_MS, onIdleError: (err) => void idleErrors.push(err) },
    });
    owner = await a.bootstrap();
    b = await createTestApp({ TESSERA_SECRET: secret }, { schema: a.schema! });
    admin = await openDatabase({ url: direct.toString(), poolSize: 1 });
  }, 30_000);
  afterEach(async () => {
    await proxy.resume();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await admin?.db.destroy();
    await proxy?.close();
    console.log('database fault figures (ms):', JSON.stringify(figures));
  });

  const validateOn = (t: TestApp, secret: string) => t.request('POST', '/v1/auth/validate', { body: { token: secret } });
  /** Node A's backends, found by the application_name only its connections carry. */
  const backendsOfA = async () => (await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${appName}`.execute(admin.db)).rows.map((r) => r.pid);
  const ready = async () => (await a.request('GET', '/readyz')).status;

  /** Polls `fn` until it returns true; the time it took. */
  async function until(what: string, fn: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
    const started = performance.now();
    for (;;) {
      if (await fn()) return performance.now() - started;
      if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Validates on A until the answer comes from A's cache. */
  async function warm(secret: string) {
    await until('the token is cached on A', async () => {
      const hits = a.ctx.cache.stats.hits;
      expect((await validateOn(a, secret)).body.valid).toBe(true);
      return a.ctx.cache.stats.hits === hits + 1;
    }, 5000);
  }

  function expectUnavailable(r: ApiResponse) {
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: 'database_unavailable', message: 'the database is unavailable; retry shortly' });
    expect(r.headers['retry-after']).toBe('5');
    // Never the driver's words: no host, port or SQL.
    expect(JSON.stringify(r.body)).not.toMatch(/127\.0\.0\.1|5432|select|timeout|terminat/i);
  }

  it('terminated backends (every connection of this node, its listener included): keeps serving, reconnects by itself', async () => {
    const tok = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await warm(tok.secret);
    // Several pooled connections open, idle, plus the listener's.
    await Promise.all(Array.from({ length: 4 }, () => a.request('GET', '/v1/me', { token: owner.token })));
    const pids = await backendsOfA();
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const listenerPid = (a.ctx.invalidation.state() as { backendPid: number | null }).backendPid;
    expect(pids).toContain(listenerPid);

    const killed = performance.now();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${appName}`.execute(admin.db);
    await until('the pool heard of its terminated connections', () => idleErrors.length > 0, 5000);
    expect(idleErrors.some((e) => (e as { code?: string }).code === '57P01' || /terminat/i.test(e.message))).toBe(true);

    // Still here, and serving: the pool opens new connections, the listener reconnects.
    expect((await a.request('GET', '/healthz')).status).toBe(200);
    expect((await a.request('GET', '/v1/me', { token: owner.token })).status).toBe(200);
    await until('/readyz is 200 again', async () => (await ready()) === 200, 10_000);
    figures.terminatedRecoveryMs = Math.round(performance.now() - killed);
    expect((await validateOn(a, tok.secret)).body.valid).toBe(true);
    const after = await backendsOfA();
    expect(after.some((pid) => pids.includes(pid))).toBe(false);
    expect(after.length).toBeGreaterThan(0);
  }, 30_000);

  it('silent partition: 503 within the timeouts, no revoked token accepted 2 s after the revoke, recovery once the network heals', async () => {
    const tok = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const other = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await until('both tokens settled', () => a.ctx.cache.pendingCount === 0, 5000);
    await until('A trusts its cache', () => a.ctx.cache.isTrusted, 5000);
    await warm(tok.secret);
    await warm(other.secret);

    // B's first request pays its warm-up (about 2 s here); not what this test measures.
    const spare = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    expect((await b.request('DELETE', `/v1/tokens/${spare.id}`, { token: owner.token })).status).toBe(204);
    await warm(tok.secret);

    proxy.partition();
    const partitioned = performance.now();

    // Revoked through B, which reaches PostgreSQL directly; A cannot hear about it.
    expect((await b.request('DELETE', `/v1/tokens/${tok.id}`, { token: owner.token })).status).toBe(204);
    const revoked = performance.now();

    // Validations on A every 50 ms for 4 s after the revoke, each timed.
    const calls: Promise<{ start: number; end: number; r: ApiResponse }>[] = [];
    while (performance.now() - revoked < 4000) {
      const start = performance.now();
      calls.push(validateOn(a, tok.secret).then((r) => ({ start, end: performance.now(), r })));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const me = performance.now();
    const meResponse = await a.request('GET', '/v1/me', { token: owner.token });
    const meMs = performance.now() - me;
    const results = await Promise.all(calls);

    for (const { end, r } of results) {
      if (r.status === 200 && r.body.valid === true) {
        // Only from the cache, and only while the cache could still be trusted.
        expect(end - revoked).toBeLessThanOrEqual(REVOKE_BOUND_MS);
      } else {
        expectUnavailable(r);
      }
      expect(r.status === 200 && r.body.valid === false).toBe(false); // nothing decided without the database
    }
    const lastValid = Math.max(...results.filter((x) => x.r.status === 200).map((x) => x.end - revoked), 0);
    const waits = results.filter((x) => x.r.status === 503).map((x) => x.end - x.start);
    expect(waits.length).toBeGreaterThan(10);
    expect(Math.max(...waits)).toBeLessThanOrEqual(REQUEST_BOUND_MS + MARGIN_MS);
    expectUnavailable(meResponse);
    expect(meMs).toBeLessThanOrEqual(REQUEST_BOUND_MS + MARGIN_MS);
    expect(a.ctx.cache.isTrusted).toBe(false);

    // Liveness stays up; readiness says the database is down, within its own 2 s check.
    expect((await a.request('GET', '/healthz')).status).toBe(200);
    const readyz = await a.request('GET', '/readyz');
    expect(readyz.status).toBe(503);
    expect(readyz.body.checks.database.ok).toBe(false);
    expect(JSON.stringify(readyz.body)).not.toMatch(/127\.0\.0\.1|5432/);

    figures.partitionRevokeThroughBMs = Math.round(revoked - partitioned);
    figures.partitionValidFromCache = results.filter((x) => x.r.status === 200).length;
    figures.partitionLastValidAfterRevokeMs = Math.round(lastValid);
    figures.partitionTrustLostAfterPartitionMs = Math.round((results.find((x) => x.r.status === 503)?.start ?? NaN) - partitioned);
    figures.partition503MaxWaitMs = Math.round(Math.max(...waits));
    figures.partition503MedianWaitMs = Math.round(waits.sort((x, y) => x - y)[Math.floor(waits.length / 2)]!);

    await proxy.resume();
    const healed = performance.now();
    await until('/readyz is 200 again', async () => (await ready()) === 200, 15_000);
    await until('validation answers from the database again', async () => (await validateOn(a, tok.secret)).status === 200, 15_000);
    figures.partitionRecoveryMs = Math.round(performance.now() - healed);
    expect((await validateOn(a, tok.secret)).body).toMatchObject({ valid: false, code: 'revoked' });
    expect((await validateOn(a, other.secret)).body.valid).toBe(true);
    expect((await a.request('GET', '/v1/me', { token: owner.token })).status).toBe(200);
  }, 60_000);

  it('PostgreSQL down (connections reset, port refusing): 503 at once, recovery when it is back', async () => {
    const tok = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await warm(tok.secret);
    await proxy.down();
    const down = performance.now();
    await until('A stops trusting its cache', () => !a.ctx.cache.isTrusted, 2000);
    figures.downTrustLostMs = Math.round(performance.now() - down);
    const started = performance.now();
    expectUnavailable(await validateOn(a, tok.secret));
    expectUnavailable(await a.request('GET', '/v1/me', { token: owner.token }));
    figures.down503Ms = Math.round((performance.now() - started) / 2);
    expect(figures.down503Ms).toBeLessThanOrEqual(CONNECT_TIMEOUT_MS + MARGIN_MS);
    expect((await a.request('GET', '/readyz')).status).toBe(503);
    expect((await a.request('GET', '/healthz')).status).toBe(200);

    await proxy.resume();
    const back = performance.now();
    await until('/readyz is 200 again', async () => (await ready()) === 200, 15_000);
    await until('validation works again', async () => (await validateOn(a, tok.secret)).body.valid === true, 15_000);
    figures.downRecoveryMs = Math.round(performance.now() - back);
  }, 60_000);

  it('denials and last-used times recorded during an outage are written once the database is back', async () => {
    const tok = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await warm(tok.secret);
    const marker = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'auth.denied'`.execute(b.ctx.db);
    const wrong = `${tok.secret.slice(0, -8)}AAAAAAAA`;
    expect((await validateOn(a, wrong)).status).toBe(200); // invalid (a checksum or secret mismatch): a denial to record
    expect((await validateOn(a, tok.secret)).body.valid).toBe(true); // a use to record

    await proxy.down();
    await a.ctx.denials.flush();
    await a.ctx.usage.flush();
    // Both writes failed, and what they held is kept for the next flush.
    expect(logs).toContain('recording denied authentications failed: database unavailable');
    expect(logs).toContain('recording token usage failed: database unavailable');
    expect(a.ctx.usage.pending()).toBeGreaterThan(0);

    await proxy.resume();
    await until('the next flush writes what the failed one kept', async () => {
      await a.ctx.denials.flush();
      await a.ctx.usage.flush();
      return a.ctx.usage.pending() === 0;
    }, 15_000);
    const denials = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'auth.denied'`.execute(b.ctx.db);
    expect(denials.rows[0]!.n).toBeGreaterThan(marker.rows[0]!.n);
    const used = await sql<{ last_used_at: Date | null }>`select last_used_at from api_tokens where id = ${tok.id}`.execute(b.ctx.db);
    expect(used.rows[0]!.last_used_at).not.toBeNull();
  }, 60_000);
});
