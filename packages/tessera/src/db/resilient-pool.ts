import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { isDatabaseUnavailable } from './errors.js';

/**
 * SQLSTATEs that say the backend was gone before the statement could take effect (terminated by
 * an administrator, a crash or a restart): a terminated backend rolls back whatever it was doing.
 */
const BACKEND_GONE = new Set(['57P01', '57P02', '57P03']);
/** How many dead connections one statement may replace before it gives up (503). */
const MAX_REPLACEMENTS = 10;
/** pg's words for a client that already knows its connection is dead (nothing was sent). */
const NOT_QUERYABLE = /^Client (has encountered a connection error|was closed) and is not queryable/;

/**
 * Whether the first statement of a checkout may run again on a fresh connection: the connection
 * was already dead when it was handed out (a backend terminated while idle, whose goodbye the
 * pool had not read yet). Only the first statement: nothing else ran on that connection in this
 * checkout, so no transaction state is lost, and the statement itself had no effect.
 */
function staleConnection(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && BACKEND_GONE.has(code)) || (typeof message === 'string' && NOT_QUERYABLE.test(message));
}

/**
 * pg's pool as Kysely's PostgresDialect expects it, with three fixes for a failing database:
 *
 * - A connection handed out dead (its backend was terminated while it sat idle, and the pool had
 *   not yet read the news) is replaced once, transparently, if its first statement fails for
 *   that reason: after `pg_terminate_backend` or a PostgreSQL restart, the next requests succeed
 *   on new connections instead of answering 503 once per stale pooled connection.
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
      let client = await pool.connect();
      let broken: unknown = null;
      let used = false;
      const onError = (err: Error) => {
        broken ??= err;
      };
      client.on('error', onError);
      const markBroken = (err: unknown) => {
        if (isDatabaseUnavailable(err)) broken ??= err;
        throw err;
      };
      /** Destroys the dead connection and checks out another in its place. */
      const replace = async (why: unknown) => {
        client.removeListener('error', onError);
        client.release(why instanceof Error ? why : true);
        broken = null;
        client = await pool.connect();
        client.on('error', onError);
      };
      const run = (sql: string, params: unknown[]) => {
        if (broken) return Promise.reject(broken instanceof Error ? broken : new Error('Connection terminated'));
        return client.query(sql, params) as Promise<unknown>;
      };
      const wrapped = {
        query(...args: unknown[]): unknown {
          if (args.length === 1) return client.query(args[0] as never); // a cursor: passed through as it is
          const [sql, params] = args as [string, unknown[]];
          const first = !used;
          used = true;
          // Several idle connections may be stale at once (all backends terminated): each
          // replacement may itself be one, up to the pool's size.
          let replacements = 0;
          const attempt = async (): Promise<unknown> => {
            if (first && broken && replacements < MAX_REPLACEMENTS) {
              // Dead before anything was sent on it in this checkout: nothing to lose by replacing it.
              replacements++;
              await replace(broken);
              return attempt();
            }
            return run(sql, params).catch(async (err: unknown) => {
              if (!first || !staleConnection(err) || replacements >= MAX_REPLACEMENTS) return markBroken(err);
              replacements++;
              await replace(err);
              return attempt();
            });
          };
          return attempt();
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
