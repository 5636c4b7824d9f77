import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type OpenedDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { migratedSchemaScript } from './pg-schema-script.js';

/**
 * PostgreSQL test schemas are made by replaying the migrator's recorded statements in one query
 * (pg-schema-script.ts): such a schema must be exactly what the migrator makes, or every
 * PostgreSQL test would be testing another database than the one `tessera serve` migrates.
 */
const url = process.env.TESSERA_TEST_DATABASE_URL;
const onPostgres = process.env.TESSERA_TEST_DB === 'postgres' && !!url;

describe.skipIf(!onPostgres)('a test schema made from the recorded migration script', () => {
  const schemas: string[] = [];
  let admin: OpenedDatabase;
  afterAll(async () => {
    for (const s of schemas) await admin.db.schema.dropSchema(s).ifExists().cascade().execute();
    await admin?.db.destroy();
  });

  /** Every column, constraint, index, sequence and migration row of a schema, with the schema's name taken out. */
  const describeSchema = async (schema: string) => {
    const q = async (query: ReturnType<typeof sql>) => (await query.execute(admin.db)).rows.map((r) => JSON.stringify(r).replaceAll(schema, '<schema>')).sort();
    return {
      columns: await q(sql`select table_name, column_name, data_type, is_nullable, column_default, character_maximum_length from information_schema.columns where table_schema = ${schema}`),
      constraints: await q(sql`select conrelid::regclass::text as rel, conname, contype, pg_get_constraintdef(oid) as def from pg_constraint where connamespace = ${schema}::regnamespace`),
      indexes: await q(sql`select tablename, indexname, indexdef from pg_indexes where schemaname = ${schema}`),
      sequences: await q(sql`select sequence_name, data_type, start_value, increment from information_schema.sequences where sequence_schema = ${schema}`),
      triggers: await q(sql`select event_object_table, trigger_name, action_timing, event_manipulation, action_statement from information_schema.triggers where trigger_schema = ${schema}`),
      functions: await q(sql`select p.proname, pg_get_functiondef(p.oid) as def from pg_proc p where p.pronamespace = ${schema}::regnamespace`),
      migrations: await q(sql`select name from ${sql.id(schema, 'kysely_migration')}`),
      lock: await q(sql`select id, is_locked from ${sql.id(schema, 'kysely_migration_lock')}`),
    };
  };

  it('has the same tables, columns, constraints, indexes and migration rows as a schema the migrator made', async () => {
    admin = await openDatabase({ url, poolSize: 1 });
    const [scripted, migrated] = [`s_${randomBytes(6).toString('hex')}`, `m_${randomBytes(6).toString('hex')}`];
    schemas.push(scripted, migrated);
    await sql.raw(await migratedSchemaScript(scripted)).execute(admin.db);
    await admin.db.schema.createSchema(migrated).execute();
    const m = await openDatabase({ url, poolSize: 1, searchPath: migrated });
    try {
      expect((await migrateToLatest(m.db)).length).toBeGreaterThan(0);
    } finally {
      await m.db.destroy();
    }
    const [a, b] = [await describeSchema(scripted), await describeSchema(migrated)];
    expect(a.columns.length).toBeGreaterThan(20);
    expect(a).toEqual(b);

    // And the migrator, run at an app's start, finds nothing left to do there.
    const s = await openDatabase({ url, poolSize: 1, searchPath: scripted });
    try {
      expect(await migrateToLatest(s.db)).toEqual([]);
    } finally {
      await s.db.destroy();
    }
  });
});
