import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createUsageRecorder } from './usage-recorder.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { createContext } from '../composition-root.js';
import { openDatabase } from '../db/database.js';
import { systemContext } from '../audit/audit-context.js';
import { sessionPrincipal } from '../authz/principal.js';

describe('usage recorder: last-used time and IP in batches', () => {
  let t: TestApp;
  let ids: string[];

  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    const made = await Promise.all([0, 1, 2].map(() => t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] })));
    ids = made.map((m) => m.id);
  });
  afterAll(() => t?.close());

  const lastUsed = async (id: string) => t.ctx.db.selectFrom('api_tokens').select(['last_used_at', 'last_used_ip']).where('id', '=', id).executeTakeFirstOrThrow();

  it('writes nothing per validation; one flush writes every token used, with its latest time and IP', async () => {
    const statements: string[] = [];
    const db = t.ctx.db.withPlugin({
      transformQuery: (a) => {
        statements.push(a.node.kind);
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const usage = createUsageRecorder(db, 3_600_000, (err) => {
      throw err;
    });
    for (let i = 0; i < 1000; i++) usage.record(ids[i % 3]!, `10.0.0.${i % 3}`, new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)));
    usage.record(ids[0]!, '10.9.9.9', new Date(Date.UTC(2025, 0, 1))); // older: must not win
    expect(usage.pending()).toBe(3);
    expect(statements).toEqual([]);
    expect((await lastUsed(ids[0]!)).last_used_at).toBeNull();

    await usage.flush();
    expect(statements).toHaveLength(1); // one statement for the whole batch
    expect(usage.pending()).toBe(0);
    const first = await lastUsed(ids[0]!);
    expect(first.last_used_at!.toISOString()).toBe(new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 999)).toISOString());
    expect(first.last_used_ip).toBe('10.0.0.0');
    expect((await lastUsed(ids[2]!)).last_used_ip).toBe('10.0.0.2');
    await usage.flush();
    expect(statements).toHaveLength(1); // nothing pending: no statement
    await usage.stop();
  });

  it('splits a large batch into statements of 1,000 rows (PostgreSQL allows 65,535 parameters per statement)', async () => {
    let updates = 0;
    const db = t.ctx.db.withPlugin({
      transformQuery: (a) => {
        if (a.node.kind === 'RawNode') updates++;
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const usage = createUsageRecorder(db, 3_600_000, (err) => {
      throw err;
    });
    const at = new Date(Date.UTC(2026, 2, 3));
    for (let i = 0; i < 25_000; i++) usage.record(`tok_absent${i}`, '192.0.2.9', at);
    usage.record(ids[2]!, '192.0.2.10', at);
    await usage.stop();
    expect(updates).toBe(26);
    expect(usage.pending()).toBe(0);
    expect((await lastUsed(ids[2]!)).last_used_ip).toBe('192.0.2.10');
  });

  it('keeps a failed batch and writes it at the next flush', async () => {
    let fail = true;
    const errors: unknown[] = [];
    const db = t.ctx.db.withPlugin({
      transformQuery: (a) => {
        if (fail) {
          fail = false;
          throw new Error('database unavailable');
        }
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const usage = createUsageRecorder(db, 3_600_000, (err) => errors.push(err));
    const at = new Date(Date.UTC(2026, 5, 1));
    usage.record(ids[1]!, '192.0.2.1', at);
    await usage.flush();
    expect(errors).toHaveLength(1);
    expect(usage.pending()).toBe(1);
    await usage.stop();
    expect(usage.pending()).toBe(0);
    expect((await lastUsed(ids[1]!)).last_used_at!.toISOString()).toBe(at.toISOString());
  });

  it('a clean stop (ctx.close) writes what validations recorded before the database closes: nothing is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-usage-'));
    try {
      const config = loadConfig({ env: { TESSERA_SECRET: randomBytes(32).toString('hex'), TESSERA_DATA_DIR: dir } });
      const ctx = await createContext(config, { logger: { error: () => {} } as never });
      const s = await ctx.setup.complete({ setup_code: (await ctx.setup.prepare())!, email: 'u@example.com', password: 'a long enough password', name: 'U', workspace: { name: 'U', slug: 'u' } }, systemContext);
      const tok = await ctx.tokens.create(sessionPrincipal({ sessionId: s.sessionId, user: s.user }), s.workspace.id, { kind: 'workspace', name: 'w', scopes: ['read'], expires_in_days: 30 }, systemContext);
      for (let i = 0; i < 20; i++) expect((await ctx.validation.validate(tok.secret, { ip: '198.51.100.4' })).valid).toBe(true);
      expect(ctx.usage.pending()).toBe(1); // the default interval (10 s) has not passed: nothing written yet
      await ctx.close();

      const reopened = await openDatabase({ dataDir: dir });
      const row = await reopened.db.selectFrom('api_tokens').select(['last_used_at', 'last_used_ip']).where('id', '=', tok.id).executeTakeFirstOrThrow();
      await reopened.db.destroy();
      expect(row.last_used_ip).toBe('198.51.100.4');
      expect(row.last_used_at).toBeInstanceOf(Date);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // two PGlite databases on disk
});
