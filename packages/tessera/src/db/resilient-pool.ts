import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { isDatabaseUnavailable } from './errors.js';

/**
 * pg's pool as Kysely's PostgresDialect expects it, with two fixes for a failing database:
 *
 * - A connection whose query failed for lack of a database (a client-side timeout, a terminated
 *   backend, a reset socket) is marked broken: the queries still asked of it in the same checkout
 *   (a transaction's ROLLBACK) fail at once instead of waiting behind the dead one, and it is
 *   destroyed on release, not handed to the next request (pg would keep a connection whose
 *   timed-out query never answered).
 * - While a connection is checked out, an error it emits between two queries (its backend
 *   terminated mid-transaction) is recorded, not left without a listener: pg-pool listens only
 *   to idle connections, and an unheard 'error' event ends the process.
 */
export function resilientPool(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      let broken: unknown = null;
      const onError = (err: Error) => {
        broken ??= err;
      };
      client.on('error', onError);
      const wrapped = {
        query(...args: unknown[]): unknown {
          if (args.length === 1) return client.query(args[0] as never); // a cursor: passed through as it is
          if (broken) return Promise.reject(broken instanceof Error ? broken : new Error('Connection terminated'));
          return (client.query(args[0] as string, args[1] as unknown[]) as Promise<unknown>).catch((err: unknown) => {
            if (isDatabaseUnavailable(err)) broken ??= err;
            throw err;
          });
        },
        release() {
          client.removeListener('error', onError);
          client.release(broken ? (broken instanceof Error ? broken : true) : undefined);
        },
      };
      return wrapped as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
