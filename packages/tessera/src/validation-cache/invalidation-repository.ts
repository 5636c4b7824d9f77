import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Only this file sends or names notifications in SQL. */

/** The schema this connection works in: tells deployments (and test schemas) sharing one database apart. */
export async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}

/**
 * Queues notifications on the caller's transaction: PostgreSQL delivers them when it commits (and
 * drops them if it rolls back), so no node can see the change before it can hear about it.
 */
export async function notify(tx: Db, channel: string, payloads: readonly string[]): Promise<void> {
  for (const payload of payloads) await sql`select pg_notify(${channel}, ${payload})`.execute(tx);
}
