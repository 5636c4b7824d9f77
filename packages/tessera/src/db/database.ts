import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema.js';
import { pglitePool } from './pglite-pool.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent an embedded PGlite database is used. */
  url?: string | undefined;
  /** Folder of the embedded database; `memory://` for a throwaway one. */
  dataDir?: string;
  poolSize?: number;
  /** PostgreSQL schema to use instead of `public` (tests isolate themselves this way). */
  searchPath?: string;
}

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
    const clientConfig: pg.ClientConfig = {
      connectionString: options.url,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    };
    const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 10 });
    const subscribe: Subscribe = async (channel, handlers) => {
      const client = new pg.Client({ ...clientConfig, keepAlive: true });
      let lost = false;
      const onLost = (err: Error) => {
        if (lost) return;
        lost = true;
        handlers.onLost(err);
      };
      client.on('error', onLost);
      client.on('end', () => onLost(new Error('the listening connection ended')));
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
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres', subscribe, poolStats };
  }
  const dataDir = options.dataDir ?? 'memory://';
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    location = join(dataDir, 'pgdata');
  }
  const pglite = await PGlite.create(location);
  const pool = pglitePool(pglite);
  const subscribe: Subscribe = async (channel, handlers) => {
    const unlisten = await pglite.listen(quoteIdentifier(channel), handlers.onMessage);
    return { backendPid: null, ping: async () => {}, close: async () => void (await unlisten().catch(() => {})) };
  };
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'pglite', subscribe, poolStats: pool.stats };
}
