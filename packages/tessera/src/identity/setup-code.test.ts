import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createPepperKeyring } from '../crypto/pepper-keyring.js';
import { createSetupService } from './setup-service.js';

/**
 * Issue 16: several nodes starting on a fresh database each printed a setup code, and each new
 * one invalidated the last. Now the first node stores one code and every later start prints it.
 */
describe('one setup code per cluster', () => {
  const secret = randomBytes(32).toString('hex');
  let first: TestApp;
  beforeAll(async () => {
    first = await createTestApp({ TESSERA_SECRET: secret });
  });
  afterAll(() => first?.close());

  it('a second node (same database, same secret) prints the first node\'s code, and that code still sets up', async () => {
    const second = await createTestApp({ TESSERA_SECRET: secret }, first.schema ? { schema: first.schema } : {});
    try {
      // Each node's own start (createTestApp calls prepare, as server start does).
      expect(first.setupCode).toMatch(/^[0-9A-Za-z]{24}$/);
      if (first.schema !== null) expect(second.setupCode).toBe(first.setupCode);
      // A node restarting (prepare again), or several at once, change nothing.
      const again = await Promise.all([first.ctx.setup.prepare(), first.ctx.setup.prepare(), first.ctx.setup.prepare()]);
      expect(again).toEqual([first.setupCode, first.setupCode, first.setupCode]);
    } finally {
      await second.close();
    }
  });

  it('racing first starts on an empty store agree on one code', async () => {
    // Two services over one database with nothing stored yet: both insert, one wins, the other reads it.
    await first.ctx.db.deleteFrom('instance_setup').execute();
    const keyring = createPepperKeyring(secret);
    const a = createSetupService({ db: first.ctx.db, keyring, sessions: first.ctx.sessions });
    const b = createSetupService({ db: first.ctx.db, keyring, sessions: first.ctx.sessions });
    const codes = await Promise.all([a.prepare(), b.prepare(), a.prepare(), b.prepare()]);
    expect(new Set(codes).size).toBe(1);
  });

  it('a node with another secret cannot print the stored code: it replaces it (and says so by printing a new one)', async () => {
    const other = createSetupService({ db: first.ctx.db, keyring: createPepperKeyring(randomBytes(32).toString('hex')), sessions: first.ctx.sessions });
    const replaced = await other.prepare();
    expect(replaced).not.toBe(first.setupCode);
    // The first node's keyring cannot open the new one either, so it would replace it back: the
    // cluster must share TESSERA_SECRET (as it must for tokens anyway).
    const row = await first.ctx.db.selectFrom('instance_setup').selectAll().executeTakeFirstOrThrow();
    expect(row.code_sealed).not.toBeNull();
    expect(Buffer.from(row.code_sealed!).includes(Buffer.from(replaced!))).toBe(false); // sealed, not stored in the clear
  });

  it('a row from before the sealed code (no code_sealed) is replaced by a printable one', async () => {
    await first.ctx.db.updateTable('instance_setup').set({ code_sealed: null }).execute();
    const code = await first.ctx.setup.prepare();
    expect(code).toMatch(/^[0-9A-Za-z]{24}$/);
    expect(await first.ctx.setup.prepare()).toBe(code);
    const done = await first.request('POST', '/v1/setup', { body: { setup_code: code, email: 'o@example.com', password: 'a long enough password', name: 'O', workspace: { name: 'Acme', slug: 'acme' } } });
    expect(done.status).toBe(201);
    expect(await first.ctx.setup.prepare()).toBeNull();
  });
});

describe('keyring seal/open', () => {
  it('opens what it sealed, and nothing altered, of another purpose or another pepper', () => {
    const k = createPepperKeyring('pepper-one-0123456789abcdef0123456789');
    const { pepperId, sealed } = k.seal('setup-code', 'abc123');
    expect(k.open('setup-code', pepperId, sealed)).toBe('abc123');
    expect(k.open('other', pepperId, sealed)).toBeNull();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(k.open('setup-code', pepperId, altered)).toBeNull();
    expect(k.open('setup-code', pepperId, sealed.subarray(0, 10))).toBeNull();
    expect(createPepperKeyring('pepper-two-0123456789abcdef0123456789').open('setup-code', pepperId, sealed)).toBeNull();
    // After a pepper rotation the old pepper (now "previous") still opens it.
    expect(createPepperKeyring('pepper-two-0123456789abcdef0123456789', ['pepper-one-0123456789abcdef0123456789']).open('setup-code', pepperId, sealed)).toBe('abc123');
  });
});
