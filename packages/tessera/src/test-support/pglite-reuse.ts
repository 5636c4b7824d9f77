import { PGlite } from '@electric-sql/pglite';
import { pgliteDatabase, type OpenedDatabase } from '../db/database.js';

/**
 * PGlite test databases, reused within a test worker. Starting PGlite from the migrated template
 * (pglite-template.ts) instantiates PostgreSQL's WebAssembly and unpacks the data folder: about
 * 0.5–0.6 s for each test app (measured at load 2.5), much of a small test file's time. When a
 * test app is closed, its instance is reset to the template's state instead (about 40 ms) and
 * handed to the next test app of the same worker (test files share a worker's module state:
 * vitest.config.ts, `isolate: false`). The tokens, identity and workspaces folders (32 files) ran
 * in 26 s with reuse against 46–91 s without, alternated at load 5–7 (30 November).
 *
 * Reset means: the session's state discarded (DISCARD ALL), every table emptied (TRUNCATE …
 * RESTART IDENTITY: rows and sequences as in the template, which holds no rows but the
 * migrator's), and only if nothing else differs from a fresh instance — the same schema (tables,
 * columns, indexes, constraints, functions, triggers, sequences, schemas: a test that migrated,
 * altered or dropped anything leaves a fingerprint that no longer matches) and no channel still
 * listened to. An instance that fails any of these is closed, not reused, so a test can never see
 * another test's data, schema or settings.
 */
const idle: PGlite[] = [];
/** Idle instances kept per worker (each holds its data folder in memory). */
const MAX_IDLE = 2;
/** Tables the reset keeps: the migrator's record of what ran (as in the template). */
const KEPT = new Set(['kysely_migration', 'kysely_migration_lock']);
let templateFingerprint: Promise<string> | undefined;

export const reuseStats = { created: 0, reused: 0, discarded: 0 };

/**
 * The schema in one digest, from the catalogs themselves (object ids included: a table dropped and
 * made again is another table). The readable forms (pg_get_indexdef, information_schema) took
 * half a second on PGlite; this takes a few milliseconds.
 */
const FINGERPRINT = `
  with ns as (select oid from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%'),
  rel as (select oid, relname, relkind, relnatts, relchecks from pg_class where relnamespace in (select oid from ns))
  select md5(coalesce(string_agg(x, ',' order by x), '')) as f from (
    select 'n' || nspname as x from pg_namespace
    union all select 'r' || oid::text || relname || relkind::text || relnatts::text || relchecks::text from rel
    union all select 'a' || attrelid::text || attname || atttypid::text || atttypmod::text || attnotnull::text || atthasdef::text from pg_attribute where attrelid in (select oid from rel) and attnum > 0 and not attisdropped
    union all select 'k' || oid::text || conname || contype::text from pg_constraint where connamespace in (select oid from ns)
    union all select 'd' || oid::text || adrelid::text || adnum::text || md5(adbin::text) from pg_attrdef where adrelid in (select oid from rel)
    union all select 'p' || oid::text || proname || md5(prosrc) from pg_proc where pronamespace in (select oid from ns)
    union all select 't' || oid::text || tgname || tgenabled::text from pg_trigger where not tgisinternal
    union all select 'm' || count(*)::text from kysely_migration
  ) s`;

async function fingerprint(pglite: PGlite): Promise<string> {
  return (await pglite.query<{ f: string }>(FINGERPRINT)).rows[0]!.f;
}

async function create(template: Blob | undefined): Promise<PGlite> {
  const pglite = await PGlite.create({ dataDir: 'memory://', ...(template ? { loadDataDir: template } : {}) });
  reuseStats.created++;
  // The first fresh instance of this worker says what a reset one must look like.
  templateFingerprint ??= fingerprint(pglite);
  await templateFingerprint;
  return pglite;
}

/** A migrated, empty PGlite database for one test app: reused when one is idle, else started from the template. */
export async function openTestPglite(template: Blob | undefined): Promise<OpenedDatabase> {
  const reused = idle.pop();
  if (reused) reuseStats.reused++;
  const pglite = reused ?? (await create(template));
  let released = false;
  // Subscriptions still open when the database is destroyed: a listener left open would hear the
  // next test's notifications, so such an instance is not reused.
  let listening = 0;
  const opened = pgliteDatabase(pglite, async () => {
    if (released) return;
    released = true;
    await recycle(pglite, listening === 0);
  });
  return {
    ...opened,
    subscribe: async (channel, handlers) => {
      const subscription = await opened.subscribe(channel, handlers);
      listening++;
      let closed = false;
      return {
        ...subscription,
        close: async () => {
          if (!closed) listening--;
          closed = true;
          await subscription.close();
        },
      };
    },
  };
}

async function recycle(pglite: PGlite, reusable: boolean): Promise<void> {
  if (pglite.closed) return;
  try {
    if (reusable && idle.length < MAX_IDLE && (await resetToTemplate(pglite))) {
      idle.push(pglite);
      return;
    }
  } catch {
    // Unusable: closed below.
  }
  reuseStats.discarded++;
  await pglite.close().catch(() => {});
}

/** Empties the database; false when it cannot be made to look like a fresh one. */
async function resetToTemplate(pglite: PGlite): Promise<boolean> {
  // No transaction is open: the pool ends only after the last query it handed out has finished.
  // Session state back to a fresh connection's: settings, prepared statements, temporary tables,
  // advisory locks (no listener is left: openTestPglite reuses none that had one open).
  await pglite.exec('discard all');
  const tables = (await pglite.query<{ name: string; tablename: string }>(`select quote_ident(schemaname) || '.' || quote_ident(tablename) as name, tablename from pg_tables where schemaname = 'public'`)).rows
    .filter((t) => !KEPT.has(t.tablename)).map((t) => t.name);
  if (tables.length) await pglite.exec(`truncate ${tables.join(', ')} restart identity cascade`);
  return (await fingerprint(pglite)) === (await templateFingerprint);
}
