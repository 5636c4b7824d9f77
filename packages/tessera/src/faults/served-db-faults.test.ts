import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildBinary, envWith, onPostgres, type BinaryHarness } from '../test-support/built-binary.js';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js';
import { openDatabase, type OpenedDatabase } from '../db/database.js';

/**
 * The real `tessera serve` process (compiled by test-support/built-binary.ts) against faults of
 * its PostgreSQL: its connections go through a TCP proxy and carry their own application_name,
 * so the test can terminate exactly its backends, or take "PostgreSQL" away and bring it back.
 * Regression for issue 11, defect 1: every node exited 1 with `Unhandled 'error' event` when its
 * idle backends were terminated or PostgreSQL restarted.
 */
describe.skipIf(!onPostgres)('tessera serve survives database faults (the built binary)', () => {
  let harness: BinaryHarness;
  let proxy: TcpProxy;
  let admin: OpenedDatabase;

  beforeAll(async () => {
    harness = await buildBinary();
    const direct = new URL(process.env.TESSERA_TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    admin = await openDatabase({ url: direct.toString(), poolSize: 1 });
  }, 240_000);
  afterAll(async () => {
    await harness?.cleanup();
    await admin?.db.destroy();
    await proxy?.close();
  });

  async function until(what: string, fn: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
    const started = performance.now();
    for (;;) {
      if (await Promise.resolve().then(fn).catch(() => false)) return performance.now() - started;
      if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('terminated backends, then PostgreSQL unreachable: the process never exits, answers 503 meanwhile, and recovers by itself', async () => {
    const instance = await harness.instanceEnv();
    const appName = `dbfaults_bin_${randomBytes(4).toString('hex')}`;
    const url = new URL(instance.DATABASE_URL!);
    url.host = `127.0.0.1:${proxy.port}`;
    url.searchParams.set('application_name', appName);
    const child = harness.run(['serve', '--port', '0'], envWith({
      ...instance, DATABASE_URL: url.toString(), TESSERA_DATABASE_CONNECT_TIMEOUT: '1s', TESSERA_DATABASE_STATEMENT_TIMEOUT: '1s',
    }));
    const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    const [, code] = await child.waitFor(/Setup code: +([0-9A-Za-z]+)/);
    const base = `http://127.0.0.1:${port}`;
    const call = async (method: string, path: string, o: { token?: string; body?: unknown } = {}) => {
      const started = performance.now();
      const r = await fetch(base + path, {
        method, body: o.body === undefined ? null : JSON.stringify(o.body),
        headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body === undefined ? {} : { 'content-type': 'application/json' }) },
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined, retryAfter: r.headers.get('retry-after'), ms: performance.now() - started };
    };
    const setup = await call('POST', '/v1/setup', { body: { setup_code: code, email: 'owner@example.com', password: 'a long enough password', name: 'Olivia Owner', workspace: { name: 'Acme', slug: 'acme' } } });
    expect(setup.status).toBe(201);
    const session = setup.body.token as string;
    const created = await call('POST', '/v1/workspaces/acme/tokens', { token: session, body: { name: 'ci', kind: 'workspace', scopes: ['read'] } });
    expect(created.status).toBe(201);
    const validate = () => call('POST', '/v1/auth/validate', { body: { token: created.body.secret } });
    expect((await validate()).body.valid).toBe(true);
    await Promise.all(Array.from({ length: 4 }, () => call('GET', '/v1/me', { token: session })));

    // 1. Every backend of this process terminated, the listener's included.
    // The call in the select list, never in the WHERE clause: only the rows the filter kept are terminated.
    const terminated = await sql<{ ok: boolean }>`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = ${appName}`.execute(admin.db);
    expect(terminated.rows.length).toBeGreaterThanOrEqual(2);
    await child.waitFor(/an idle database connection failed; the pool replaces it/, 10_000); // throws if the process exited instead
    expect(child.stdout()).toMatch(/"db":\{"code":"57P01"/);
    await until('/readyz is 200 again', async () => (await call('GET', '/readyz')).status === 200, 10_000);
    expect((await validate()).body.valid).toBe(true);
    expect((await call('GET', '/v1/me', { token: session })).status).toBe(200);
    expect(child.proc.exitCode).toBeNull();

    // 2. PostgreSQL gone (connections reset, port refusing): 503 with a stable code, at once, never an exit.
    await proxy.down();
    await until('the session route answers 503', async () => (await call('GET', '/v1/me', { token: session })).status === 503, 5_000);
    for (const r of [await call('GET', '/v1/me', { token: session }), await validate()]) {
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('database_unavailable');
      expect(r.retryAfter).toBe('5');
      expect(r.ms).toBeLessThan(1000 + 500);
    }
    expect((await call('GET', '/readyz')).status).toBe(503);
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect(child.proc.exitCode).toBeNull();

    // 3. Back: recovers without a restart.
    await proxy.resume();
    await until('/readyz is 200 again', async () => (await call('GET', '/readyz')).status === 200, 15_000);
    expect((await validate()).body.valid).toBe(true);
    expect(child.proc.exitCode).toBeNull();
    // No connection details in what the process logged about the outage: its JSON log lines on
    // stdout, and anything on stderr but the start-up banner (which names the database on purpose;
    // its lines are indented, while a crash, "Unhandled 'error' event" or "Error: …", is not).
    const unindented = child.stderr().split('\n').filter((l) => l !== '' && !/^\s/.test(l)).join('\n');
    const logLines = child.stdout().split('\n').filter((l) => l.startsWith('{')).join('\n') + unindented;
    expect(logLines).toMatch(/database unavailable/);
    expect(logLines).not.toMatch(new RegExp(`127\\.0\\.0\\.1|:${proxy.port}\\b|Unhandled 'error' event`));

    child.proc.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
  }, 120_000);
});
