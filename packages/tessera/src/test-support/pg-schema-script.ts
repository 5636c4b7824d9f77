import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../db/migrate.js';

/**
 * PostgreSQL tests give every test app (and every served instance) a fresh schema, and migrating
 * one statement at a time costs about sixty round trips: most of a small test file's time on a
 * loaded machine. Instead, the statements the migrator would run are recorded once per process,
 * against a driver that runs nothing (Kysely's DummyDriver: every query answers no rows, as an
 * empty schema would), and a new schema is then made with all of them in a single multi-statement
 * query. The migrator's own tables and rows are part of the recording, so the app's
 * migrateToLatest at start finds every migration applied; pg-schema-script.test.ts checks that a
 * schema made this way is the same, table by table, as one migrated the ordinary way.
 */
let script: Promise<string> | undefined;

/** The statements that create and migrate `schema`, as one multi-statement query (run it outside a transaction: it is one). */
export async function migratedSchemaScript(schema: string): Promise<string> {
  script ??= record();
  return `begin;\ncreate schema ${pg.escapeIdentifier(schema)};\nset local search_path to ${pg.escapeIdentifier(schema)};\n${await script}\ncommit;`;
}

async function record(): Promise<string> {
  const statements: string[] = [];
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level !== 'query') return;
      const { sql, parameters } = event.query;
      // Reads (the migrator's introspection and lock queries) change nothing: the replay leaves them out.
      if (/^\s*(select|with)\b/i.test(sql)) return;
      statements.push(inlineParameters(sql, parameters));
    },
  });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return statements.map((s) => `${s.trim().replace(/;$/, '')};`).join('\n');
}

/** `$1`… replaced by SQL literals (the recording runs no query, so nothing is bound). */
function inlineParameters(sql: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return sql; // a migration's own SQL: `$1` in it is not a placeholder
  return sql.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = parameters[Number(n) - 1];
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (value === null || value === undefined) return 'null';
    if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
    if (typeof value === 'string') return pg.escapeLiteral(value);
    throw new Error(`cannot inline a ${typeof value} parameter of a migration statement`);
  });
}
