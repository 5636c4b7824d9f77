import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

// Sign-in throttle counters, shared by every node and kept across restarts: one row per email
// (`e:<lowercased email>`) and per client address (`i:<ip>`), counting sign-in attempts in a fixed
// window that starts with the first attempt. Rows whose window has passed are pruned.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, SCHEMA);
}

const SCHEMA = `
    create table login_attempts (
      key text primary key,
      attempts integer not null,
      window_started_at timestamptz not null
    );
    create index login_attempts_window on login_attempts (window_started_at)
`;
