import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, openTestDatabase, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';
import { loadConfig } from '../config/load-config.js';
import { createContext, type AppContext } from '../composition-root.js';
import type { AuditContext } from '../audit/audit-context.js';

const onPostgres = process.env.TESSERA_TEST_DB === 'postgres';
const LIMIT = 10; // DEFAULT_LOGIN_LIMITS.perEmail

const signIn = (t: TestApp, email: string, password: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/v1/sessions', remoteAddress: ip, payload: { email, password } });

describe('sign-in throttle under concurrency', () => {
  let t: TestApp;
  let email: string;
  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    email = (await t.addMember(owner.workspaceId, 'viewer')).email;
  });
  afterAll(() => t?.close());

  it('issue 11 defect 5: of 200 concurrent wrong passwords and then the right one, at most 10 are checked and the right one is refused', async () => {
    // Each from its own address, so only the per-email limit applies.
    const wrong = Array.from({ length: 200 }, (_, i) => signIn(t, email, `wrong password ${i}`, `198.51.100.${i + 1}`));
    const right = signIn(t, email, TEST_PASSWORD, '203.0.113.7');
    const answers = await Promise.all([...wrong, right]);
    const statuses = answers.map((r) => r.statusCode);
    // Every answer but 429 means the password was checked (401 wrong, 201 right).
    const checked = statuses.filter((s) => s !== 429);
    expect(checked.length).toBeLessThanOrEqual(LIMIT);
    expect(statuses.filter((s) => s !== 429 && s !== 401)).toEqual([]);
    const last = answers[200]!;
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('too_many_attempts');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(800);
  }, 120_000);
});

/**
 * Two nodes (two contexts with their own pools) on one PostgreSQL schema. PGlite is one process's
 * database: two contexts cannot share it, so this runs on the postgres project only.
 */
describe.skipIf(!onPostgres)('sign-in throttle shared by nodes', () => {
  let a: TestApp;
  let b: TestApp;
  let email: string;
  const secret = randomBytes(32).toString('hex');
  beforeAll(async () => {
    a = await createTestApp({ TESSERA_SECRET: secret });
    const owner = await a.bootstrap();
    email = (await a.addMember(owner.workspaceId, 'viewer')).email;
    b = await createTestApp({ TESSERA_SECRET: secret }, { schema: a.schema! });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('counts failures made through node A on node B: the right password through B is refused', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await signIn(i % 2 ? a : b, email, `wrong password ${i}`, '198.51.100.20')).statusCode).toBe(401);
    const r = await signIn(b, email, TEST_PASSWORD, '198.51.100.21');
    expect(r.statusCode).toBe(429);
    expect(r.json().error.code).toBe('too_many_attempts');
    expect((await signIn(a, email, TEST_PASSWORD, '198.51.100.21')).statusCode).toBe(429);
  });
});

/** A node that stops and starts again on the same database: on disk for PGlite, the same schema on PostgreSQL. */
describe('sign-in throttle across a restart', () => {
  const secret = randomBytes(32).toString('hex');
  let dir: string | undefined;
  let schema: string | null = null;
  let dropSchema: (() => Promise<void>) | undefined;

  async function start(): Promise<AppContext> {
    const logger = { error: () => {} } as never;
    if (!onPostgres) {
      dir ??= mkdtempSync(join(tmpdir(), 'tessera-throttle-'));
      return createContext(loadConfig({ env: { TESSERA_SECRET: secret, TESSERA_DATA_DIR: dir } }), { logger });
    }
    const database = await openTestDatabase(schema ? { schema } : {});
    if (!schema) {
      schema = database.schema;
      dropSchema = database.drop;
    }
    return createContext(loadConfig({ env: { TESSERA_SECRET: secret } }), { logger, db: database });
  }
  afterAll(async () => {
    await dropSchema?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the count: after a restart the right password is still refused', async () => {
    const from: AuditContext = { actor: { type: 'anonymous', id: null, label: null, userId: null }, ip: '198.51.100.30', userAgent: null };
    let ctx = await start();
    const code = (await ctx.setup.prepare())!;
    await ctx.setup.complete({ setup_code: code, email: 'r@example.com', password: TEST_PASSWORD, name: 'R', workspace: { name: 'R', slug: 'r' } }, from);
    for (let i = 0; i < LIMIT; i++) await expect(ctx.sessions.login('r@example.com', `wrong password ${i}`, from)).rejects.toMatchObject({ code: 'invalid_credentials' });
    await ctx.close();

    ctx = await start();
    try {
      await expect(ctx.sessions.login('r@example.com', TEST_PASSWORD, from)).rejects.toMatchObject({ code: 'too_many_attempts' });
    } finally {
      await ctx.close();
    }
  }, 120_000); // two PGlite databases on disk
});
