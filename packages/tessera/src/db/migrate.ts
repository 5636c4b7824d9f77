import { Migrator, sql, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';

export class MigrationError extends Error {}

/** Brings the schema up to date. Safe to run from many nodes at once (Kysely takes a lock). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  let schema: string | undefined;
  try {
    // Kysely looks for its bookkeeping tables in every schema unless told which one: name the
    // current one, so a database holding other Tessera schemas (tests, side-by-side instances)
    // never makes a fresh schema look migrated.
    schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  } catch (err) {
    throw new MigrationError(`could not run migrations: ${(err as Error).message}`, { cause: err });
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  let outcome: MigrationResultSet = await migrator.migrateToLatest();
  // Kysely finds its bookkeeping tables by introspecting every schema of the database; a schema
  // or table another owner drops meanwhile (a test run, a side-by-side instance being removed)
  // fails that read (undefined_table, invalid_schema_name) before any migration ran. Nothing was
  // changed: retry.
  for (let attempt = 1; attempt < 5 && outcome.error && !outcome.results?.length && isDroppedMeanwhile(outcome.error); attempt++) {
    outcome = await migrator.migrateToLatest();
  }
  const { error, results } = outcome;
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = (error as Error).message;
    // The cause keeps the driver's error code (ECONNREFUSED, 3D000, …) for the CLI to explain.
    throw new MigrationError(failed ? `migration ${failed} failed: ${message}` : `could not run migrations: ${message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * undefined_table, invalid_schema_name or undefined_column: what a concurrent drop elsewhere in the
 * database looks like to the introspection (its catalog scan calls pg_get_serial_sequence on every
 * column it lists, which fails with "column … of relation … does not exist" for one dropped meanwhile).
 */
const isDroppedMeanwhile = (err: unknown) => ['42P01', '3F000', '42703'].includes(String((err as { code?: unknown } | null)?.code));
