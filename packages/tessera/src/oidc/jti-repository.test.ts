import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test-support/test-app.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Db } from '../db/database.js';
import { pruneJtis, recordJti } from './jti-repository.js';

describe('used jti table', () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const t = await openTestDatabase();
    db = t.db;
    drop = async () => {
      await t.db.destroy();
      await t.drop();
    };
    await migrateToLatest(db);
  });
  afterAll(() => drop?.());

  it('records a jti once per issuer, inside a transaction that stays usable after a replay', async () => {
    const exp = new Date(Date.now() + 60_000);
    await db.transaction().execute(async (tx) => {
      expect(await recordJti(tx, 'https://a.example', 'j1', exp)).toBe(true);
      expect(await recordJti(tx, 'https://a.example', 'j1', exp)).toBe(false);
      expect(await recordJti(tx, 'https://b.example', 'j1', exp)).toBe(true); // another issuer's j1 is another token
    });
    expect(await recordJti(db, 'https://a.example', 'j1', exp)).toBe(false);
  });

  it('prunes only rows that expired before the cut-off', async () => {
    await recordJti(db, 'https://a.example', 'old', new Date(Date.now() - 3_600_000));
    await recordJti(db, 'https://a.example', 'fresh', new Date(Date.now() + 3_600_000));
    expect(await pruneJtis(db, new Date(Date.now() - 60_000))).toBe(1);
    const left = await db.selectFrom('oidc_used_jtis').select('jti').orderBy('jti').execute();
    expect(left.map((r) => r.jti)).toEqual(['fresh', 'j1', 'j1']);
  });
});
