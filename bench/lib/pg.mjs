import pg from 'pg';

/** The PostgreSQL server benchmarks create their databases on (each `tessera_bench_*`, dropped after). */
export const PG_ADMIN_URL = process.env.TESSERA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name) {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database `tessera_bench_<label>_<pid>`; `drop()` removes it. */
export async function createDatabase(label) {
  const name = `tessera_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

export async function postgresVersion() {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return (await c.query('show server_version')).rows[0].server_version;
  } finally {
    await c.end();
  }
}
