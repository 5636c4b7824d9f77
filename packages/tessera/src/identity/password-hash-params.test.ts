import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTestApp, openTestDatabase, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';
import { loadConfig } from '../config/load-config.js';
import { createContext } from '../composition-root.js';
import { systemContext } from '../audit/audit-context.js';
import { PASSWORD_HASH_PARAMS } from './password-hash.js';

const storedHash = async (db: TestApp['ctx']['db'], email: string) =>
  (await db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash!;

/** Tests hash passwords cheaply (test-app.ts); a deployment never can: the cost is not a setting. */
describe('password hashing cost', () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('a context built without test options hashes with the OWASP scrypt parameters (N=2^15, r=8, p=1)', async () => {
    expect(PASSWORD_HASH_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    const database = await openTestDatabase();
    const ctx = await createContext(loadConfig({ env: { TESSERA_SECRET: randomBytes(32).toString('hex') } }), { logger: { error: () => {} } as never, db: database });
    closers.push(async () => {
      await ctx.close();
      await database.drop();
    });
    const code = (await ctx.setup.prepare())!;
    await ctx.setup.complete({ setup_code: code, email: 'prod@example.com', password: TEST_PASSWORD, name: 'P', workspace: { name: 'P', slug: 'p' } }, systemContext);
    expect(await storedHash(ctx.db, 'prod@example.com')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('a test app hashes cheaply, and sign-in verifies with the parameters stored in the hash', async () => {
    const t = await createTestApp();
    closers.push(() => t.close());
    await t.bootstrap();
    expect(await storedHash(t.ctx.db, 'owner@example.com')).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect((await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: TEST_PASSWORD } })).status).toBe(201);
    expect((await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: 'wrong password' } })).status).toBe(401);
  });
});
