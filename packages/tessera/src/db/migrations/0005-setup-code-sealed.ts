import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

// One setup code per cluster: besides its keyed hash, the code is kept sealed (AES-GCM under a
// key derived from the pepper), so every node that starts before setup prints the same code
// instead of replacing it. Rows from earlier versions have none and are replaced on next start.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, SCHEMA);
}

const SCHEMA = `
    alter table instance_setup add column code_sealed bytea
`;
