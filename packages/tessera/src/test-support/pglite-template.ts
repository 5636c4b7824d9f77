import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../db/schema.js';
import { pglitePool } from '../db/pglite-pool.js';
import { migrateToLatest } from '../db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A dump of a migrated, empty PGlite database (pglite project only). */
    pgliteTemplate: string;
  }
}

/**
 * Vitest global setup of the pglite project: creating a PGlite database runs initdb (seconds per
 * test app, most of a small test file's time). Once per run, a database is created and migrated
 * here and its data folder dumped; every test database then starts from that dump. Migrations are
 * still applied from zero here on every run, and by the CLI/binary tests on their own data folders.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const file = join(tmpdir(), `tessera-pglite-template-${randomBytes(6).toString('hex')}.tar`);
  const pglite = await PGlite.create('memory://');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) });
  await migrateToLatest(db);
  await writeFile(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await db.destroy(); // closes the PGlite too
  project.provide('pgliteTemplate', file);
  return () => rm(file, { force: true });
}

let template: Promise<Blob | undefined> | undefined;

/** The dump, read once per test process; undefined when the run has none (a fresh database is made). */
export function pgliteTemplate(path: string | undefined): Promise<Blob | undefined> {
  template ??= path ? readFile(path).then((b) => new Blob([b]), () => undefined) : Promise.resolve(undefined);
  return template;
}
