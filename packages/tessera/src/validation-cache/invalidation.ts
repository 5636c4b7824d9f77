import { randomBytes } from 'node:crypto';
import type { Db, Subscribe } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { decodePayload, encodePayloads, type CacheKey } from './cache-keys.js';
import { createInvalidationListener, type InvalidationListener, type ListenerLogger, type ListenerState } from './invalidation-listener.js';
import { currentSchema, notify } from './invalidation-repository.js';
import type { InvalidatedCache } from './cache-group.js';

/**
 * Cross-node cache invalidation over PostgreSQL LISTEN/NOTIFY (PGlite: the same, in-process).
 * A change publishes the keys it affects on its own transaction; every node's listener evicts
 * them when the transaction commits, the publishing node included. See token-cache.ts for why the
 * publishing node also marks them pending until then.
 */
export interface Invalidation {
  /** Call inside the transaction that makes the change. */
  publish(tx: Db, keys: readonly CacheKey[]): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The listener's state; `disabled` when there is no cache to keep or no way to listen. */
  state(): ListenerState | { status: 'disabled' };
  readonly channel: string;
}

export interface InvalidationOptions {
  db: Db;
  /** One cache, or several through cacheGroup(). */
  cache: InvalidatedCache;
  /** Absent: nothing can be heard, so the cache is never trusted. */
  subscribe?: Subscribe | undefined;
  logger: ListenerLogger;
  /** How long a published key stays pending if its notification never comes back (a rolled-back transaction). */
  pendingTtlMs: number;
  /**
   * The cache is trusted until this long after the last answered heartbeat was sent (on the
   * cache's monotonic clock); the listener's heartbeat runs every third of it unless `listener`
   * says otherwise.
   */
  trustWindowMs: number;
  listener?: { minBackoffMs?: number; maxBackoffMs?: number; heartbeatMs?: number; deadlineMs?: number };
  /** The listener's wall clock (`since`); its monotonic clock is always the cache's (default: the system clock). */
  clock?: Pick<Clock, 'now'>;
}

/** The channel for the deployment in `schema`: `tessera_cache.<schema>` (at most 63 bytes). */
export const channelFor = (schema: string) => `tessera_cache.${schema}`.slice(0, 63);

export function createInvalidation(o: InvalidationOptions): Invalidation {
  const nodeId = randomBytes(6).toString('base64url');
  let counter = 0;
  let channel = '';
  let listener: InvalidationListener | null = null;

  const receive = (payload: string) => {
    const { nonce, keys } = decodePayload(payload);
    o.cache.evict(keys);
    if (nonce) o.cache.settle(nonce);
  };

  return {
    get channel() {
      return channel;
    },
    async publish(tx, keys) {
      if (!keys.length) return;
      if (!channel) throw new Error('invalidation used before start()');
      const nonce = `${nodeId}.${(++counter).toString(36)}`;
      o.cache.markPending(nonce, keys, o.pendingTtlMs);
      await notify(tx, channel, encodePayloads(nonce, keys));
    },
    async start() {
      channel = channelFor(await currentSchema(o.db));
      if (!o.cache.enabled || !o.subscribe) return;
      listener = createInvalidationListener({
        subscribe: o.subscribe, channel, logger: o.logger, onMessage: receive,
        onUp: (since) => o.cache.setTrusted(true, since + o.trustWindowMs),
        onAlive: (sentAt) => o.cache.extendTrust(sentAt + o.trustWindowMs),
        onDown: () => o.cache.setTrusted(false),
        clock: { now: () => (o.clock ?? systemClock).now(), monotonicMs: () => o.cache.now() },
        heartbeatMs: Math.max(50, Math.floor(o.trustWindowMs / 3)),
        ...o.listener,
      });
      await listener.start();
    },
    async stop() {
      await listener?.stop();
      o.cache.setTrusted(false);
    },
    state: () => listener?.state() ?? { status: 'disabled' },
  };
}
