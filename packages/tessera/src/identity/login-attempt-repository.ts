import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';

/** Only this file touches login_attempts: sign-in attempts per email and per client address, in a fixed window. */

export interface AttemptCount {
  key: string;
  /** Attempts in the current window, this one included. */
  attempts: number;
  windowStartedAt: Date;
}

export interface CountAttempt {
  emailKey: string;
  /** Null when the client address is unknown: only the email is counted. */
  ipKey: string | null;
  /** The address's limit: past it, the email is not counted (an address that is already refused cannot lock out more emails). */
  ipLimit: number;
  now: Date;
  /** A window that started at or before this has passed: the attempt starts a new one. */
  windowPassedAt: Date;
}

/**
 * Counts one attempt for the address, then (unless the address is over its limit) for the email,
 * in one statement, and returns the new counts. Concurrent attempts on the same key queue on its
 * row lock, so each one sees a distinct count: no two attempts can both be the last allowed one.
 * Locks are taken address first, then email, in every call, so concurrent calls cannot deadlock.
 */
export async function countAttempt(db: Db, a: CountAttempt): Promise<AttemptCount[]> {
  const upsert = (select: RawBuilder<unknown>) => sql`
    insert into login_attempts as a (key, attempts, window_started_at) ${select}
    on conflict (key) do update set
      attempts = case when a.window_started_at <= ${a.windowPassedAt}::timestamptz then 1 else a.attempts + 1 end,
      window_started_at = case when a.window_started_at <= ${a.windowPassedAt}::timestamptz then excluded.window_started_at else a.window_started_at end
    returning key, attempts, window_started_at`;
  const { rows } = await sql<{ key: string; attempts: number; window_started_at: Date }>`
    with ip as (${upsert(sql`select ${a.ipKey}::text, 1, ${a.now}::timestamptz where ${a.ipKey}::text is not null`)}),
    email as (${upsert(sql`select ${a.emailKey}::text, 1, ${a.now}::timestamptz where coalesce((select attempts from ip), 0) <= ${a.ipLimit}::integer`)})
    select key, attempts, window_started_at from ip
    union all
    select key, attempts, window_started_at from email`.execute(db);
  return rows.map((r) => ({ key: r.key, attempts: Number(r.attempts), windowStartedAt: new Date(r.window_started_at) }));
}

/** Forgets an email's attempts (after a successful sign-in). */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}

/**
 * Takes one attempt back from `key`, counted at `at`: unless its window has restarted since (then
 * the attempt is no longer in it).
 */
export async function refundAttempt(db: Db, key: string, at: Date): Promise<void> {
  await db.updateTable('login_attempts').set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('key', '=', key).where('attempts', '>', 0).where('window_started_at', '<=', at).execute();
}

/** Deletes the rows whose window started at or before `windowPassedAt`: they no longer count. */
export async function pruneAttempts(db: Db, windowPassedAt: Date): Promise<number> {
  const r = await db.deleteFrom('login_attempts').where('window_started_at', '<=', windowPassedAt).executeTakeFirst();
  return Number(r.numDeletedRows);
}
