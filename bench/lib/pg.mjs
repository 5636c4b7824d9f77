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
        // Closed pools' connections take a moment to go; forcing them out earlier makes the
        // closing side see an error.
        for (let i = 0; i < 40; i++) {
          const { rows } = await a.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
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
