import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * Presents an embedded PGlite database as the pool Kysely's PostgresDialect expects, so PGlite
 * and PostgreSQL run through one dialect. PGlite is a single session: a connection is handed
 * out to one caller at a time (a transaction holds it until it ends), the others queue.
 * `close` ends the database when the pool ends (default: closes it; tests hand it back for reuse).
 */
export function pglitePool(pglite: PGlite, close: () => Promise<void> = () => pglite.close()): PostgresPool & { stats: () => { total: number; idle: number; waiting: number } } {
  let tail: Promise<void> = Promise.resolve();
  let queued = 0; // callers that asked for the connection and have not released it

  const client = (release: () => void): PostgresPoolClient => ({
    async query(sqlText: string, parameters: readonly unknown[]) {
      const result = await pglite.query(sqlText, parameters as unknown[]);
      const command = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase() as 'SELECT';
      return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
    },
    release,
  } as unknown as PostgresPoolClient);

  return {
    connect() {
      let release!: () => void;
      queued++;
      const turn = new Promise<void>((resolve) => {
        let done = false;
        release = () => {
          if (done) return;
          done = true;
          queued--;
          resolve();
        };
      });
      const ready = tail;
      tail = tail.then(() => turn);
      return ready.then(() => client(release));
    },
    /** One connection; `waiting` counts callers queued behind the one holding it. */
    stats: () => ({ total: 1, idle: queued === 0 ? 1 : 0, waiting: Math.max(0, queued - 1) }),
    async end() {
      await tail;
      await close();
    },
  };
}
