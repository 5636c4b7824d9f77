import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { openTestPglite, reuseStats } from './pglite-reuse.js';
import { pgliteTemplate } from './pglite-template.js';

/**
 * The reuse of PGlite instances between test apps must never let a test see what another left:
 * a reused instance looks exactly like a fresh one, or it is not reused.
 */
describe.skipIf(process.env.TESSERA_TEST_DB === 'postgres')('PGlite test databases reused within a worker', () => {
  const open = async () => openTestPglite(await pgliteTemplate(inject('pgliteTemplate')));
  const countRows = async (db: Awaited<ReturnType<typeof open>>['db']) =>
    (await sql<{ n: number }>`select count(*)::int as n from users`.execute(db)).rows[0]!.n;

  it('hands a closed database back empty, with its sequences restarted', async () => {
    const first = await open();
    await sql`insert into users (id, email, name, kind) values ('u1', 'a@example.com', 'A', 'human')`.execute(first.db);
    // And a sequence moved (the audit log's identity column).
    await sql`select nextval(pg_get_serial_sequence('audit_events', 'seq'))`.execute(first.db);
    // And a session setting changed.
    await sql`set application_name = 'left_by_a_test'`.execute(first.db);
    expect(await countRows(first.db)).toBe(1);
    await first.db.destroy();
    const reusedBefore = reuseStats.reused;
    const second = await open();
    expect(reuseStats.reused).toBe(reusedBefore + 1);
    expect(await countRows(second.db)).toBe(0);
    expect((await sql<{ a: string }>`select current_setting('application_name') as a`.execute(second.db)).rows[0]!.a).not.toBe('left_by_a_test');
    const used = (await sql<{ n: number }>`select count(*)::int as n from pg_sequences where schemaname = 'public' and last_value is not null`.execute(second.db)).rows[0]!.n;
    expect(used).toBe(0);
    await second.db.destroy();
  });

  it('does not reuse a database whose schema a test changed', async () => {
    const changed = await open();
    await sql`alter table users add column leftover text`.execute(changed.db);
    const discarded = reuseStats.discarded;
    await changed.db.destroy();
    expect(reuseStats.discarded).toBe(discarded + 1);
    const next = await open();
    const cols = (await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_name = 'users' and column_name = 'leftover'`.execute(next.db)).rows[0]!.n;
    expect(cols).toBe(0);
    await next.db.destroy();
  });

  it('reuses a database whose listener was closed, and not one still listening', async () => {
    const closedListener = await open();
    const subscription = await closedListener.subscribe('closed_first', { onMessage: () => {}, onLost: () => {} });
    await sql`select 1`.execute(closedListener.db);
    await subscription.close();
    const reused = reuseStats.reused;
    await closedListener.db.destroy();
    const again = await open();
    expect(reuseStats.reused).toBe(reused + 1);
    await sql`select 1`.execute(again.db);
    await again.db.destroy();

    const listening = await open();
    await listening.subscribe('left_open', { onMessage: () => {}, onLost: () => {} });
    await sql`select 1`.execute(listening.db); // Kysely ends its pool only if it was used
    const discarded = reuseStats.discarded;
    await listening.db.destroy();
    expect(reuseStats.discarded).toBe(discarded + 1);
  });
});
