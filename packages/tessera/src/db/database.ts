import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema.js';
import { pglitePool } from './pglite-pool.js';
import { resilientPool } from './resilient-pool.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent an embedded PGlite database is used. */
  url?: string | undefined;
  /** Folder of the embedded database; `memory://` for a throwaway one. */
  dataDir?: string;
  poolSize?: number;
  /** PostgreSQL schema to use instead of `public` (tests isolate themselves this way). */
  searchPath?: string;
  /**
   * PostgreSQL: how long opening a connection, or waiting for a free one in the pool, may take
   * before it fails (ms). Absent: no limit (`tessera migrate`).
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: the longest a statement may run, enforced by the server (`statement_timeout`), and
   * by the client 500 ms later for when the server cannot answer at all (a silent partition);
   * a transaction left idle for twice this long is ended by the server. Absent: no limit.
   */
  statementTimeoutMs?: number;
  /**
   * Told when an idle pooled connection fails (its backend was terminated, the server restarted):
   * the pool drops it and opens a new one when next needed. The error may carry connection
   * details: log describeDatabaseError(err), not the error.
   */
  onIdleError?: (err: Error) => void;
  /** PGlite only: start from this dump of a data folder (PGlite's dumpDataDir) instead of an empty one (tests: a migrated template). */
  loadDataDir?: Blob;
}

/** The client-side limit is this much longer than the server-side one, so the server's (clearer) error wins when it can answer. */
const CLIENT_TIMEOUT_MARGIN_MS = 500;
/** TCP keepalive on every connection: a peer that vanished is noticed by the kernel too, not only by a timeout. */
const KEEPALIVE_DELAY_MS = 10_000;

// bytea → Buffer, int8 → string (pg's default), timestamps as Date: same shapes on both drivers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/** Connection-pool figures for /metrics. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** An open LISTEN subscription on its own connection. */
export interface Subscription {
  /** The database backend serving it (PostgreSQL), for logs and tests. */
  backendPid: number | null;
  /** A round trip on the listening connection: rejects if it is gone. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribes to a notification channel. PostgreSQL: a dedicated connection outside the pool
 * (a pooled one could be handed to a query mid-LISTEN, and a pool hides its loss); `onLost` is
 * called once if that connection ends. PGlite: in-process, never lost.
 */
export type Subscribe = (channel: string, handlers: { onMessage: (payload: string) => void; onLost: (err: Error) => void }) => Promise<Subscription>;

export interface OpenedDatabase {
  db: Db;
  engine: 'postgres' | 'pglite';
  subscribe: Subscribe;
  poolStats: () => PoolStats;
}

/** `"name"` with embedded quotes doubled: a channel name as an SQL identifier. */
export const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  if (options.url) {
    const st = options.statementTimeoutMs;
    const clientConfig: pg.ClientConfig = {
      connectionString: options.url,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
      ...(st ? { statement_timeout: st, query_timeout: st + CLIENT_TIMEOUT_MARGIN_MS, idle_in_transaction_session_timeout: 2 * st } : {}),
    };
    const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 10 });
    // Without a listener, an idle connection's error (a terminated backend, a restart) ends the process.
    pool.on('error', (err) => options.onIdleError?.(err));
    const subscribe: Subscribe = async (channel, handlers) => {
      // Its heartbeat has its own deadline (invalidation-listener.ts); the query timeout is a backstop.
      const client = new pg.Client(clientConfig);
      let lost = false;
      const onLost = (err: Error) => {
        if (lost) return;
        lost = true;
        handlers.onLost(err);
      };
      client.on('error', onLost);
      client.on('end', () => onLost(new Error('Connection terminated: the listening connection ended')));
      client.on('notification', (n) => {
        if (n.channel === channel) handlers.onMessage(n.payload ?? '');
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      } catch (err) {
        lost = true; // a failed start is reported by the rejection, not as a loss
        await client.end().catch(() => {});
        throw err;
      }
      const backendPid = (client as unknown as { processID?: number }).processID ?? null;
      return {
        backendPid,
        ping: async () => void (await client.query('select 1')),
        close: async () => {
          lost = true;
          await client.end().catch(() => {});
        },
      };
    };
    const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: resilientPool(pool) }) }), engine: 'postgres', subscribe, poolStats };
  }
  const dataDir = options.dataDir ?? 'memory://';
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    location = join(dataDir, 'pgdata');
  }
  const pglite = await PGlite.create({ dataDir: location, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  return pgliteDatabase(pglite);
}

/**
 * An open PGlite instance as a database. `close` runs when the database is destroyed (default:
 * closes the instance; the tests' reuse of instances passes its own).
 */
export function pgliteDatabase(pglite: PGlite, close?: () => Promise<void>): OpenedDatabase {
  const pool = pglitePool(pglite, close);
  const subscribe: Subscribe = async (channel, handlers) => {
    const unlisten = await pglite.listen(quoteIdentifier(channel), handlers.onMessage);
    return { backendPid: null, ping: async () => {}, close: async () => void (await unlisten().catch(() => {})) };
  };
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'pglite', subscribe, poolStats: pool.stats };
}
