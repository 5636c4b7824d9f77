import { sql, type Kysely } from 'kysely';

/**
 * Runs a migration's plain SQL one statement at a time: the same statements run on PGlite and
 * PostgreSQL, and PGlite's extended protocol takes one statement per query. Statements end with
 * `;` at the end of a line.
 */
export async function runStatements(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
