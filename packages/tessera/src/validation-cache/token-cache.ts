import { LRUCache } from 'lru-cache';
import { selects, type CacheKey, type KeyedEntry } from './cache-keys.js';
import { systemClock, type Clock } from '../clock/clock.js';

/**
 * The in-process cache in front of token validation: entries by public id (bounded by count and
 * by an estimate of their memory, least recently used first), public ids known to be unknown
 * (bounded by count), and the rules that keep it from ever answering with something the
 * database no longer says:
 *
 * - **trust**: while the invalidation listener is down the cache answers nothing and stores
 *   nothing; it is flushed before it is trusted again. Trust also has an expiry, pushed forward
 *   by each heartbeat the listener gets an answer to (extendTrust): a node cut off silently,
 *   whose heartbeat never answers nor fails, stops trusting its cache when it expires, even if
 *   no timer ever runs again (it is checked at each lookup, on a monotonic clock).
 * - **epoch**: every eviction bumps it; a database read started before an eviction is not stored
 *   (it may have read what the eviction was about).
 * - **pending**: keys a local transaction has published and whose notification has not come back
 *   yet are not answered from the cache nor stored — from before the commit until the listener
 *   has evicted them — so the node that made a change never serves the old state, even between
 *   its commit and the notification.
 * - **staleness**: an entry older than `maxStalenessMs` is read again (a backstop).
 */
export interface CacheEntry extends KeyedEntry {
  loadedAtMs: number;
  /** Estimated bytes held (strings, buffers, objects). */
  size: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  negativeHits: number;
  /** Lookups answered by the database because the cache was not trusted or the key was pending. */
  bypassed: number;
  evictions: number;
  flushes: number;
}

export interface TokenCacheOptions {
  maxEntries: number;
  maxBytes: number;
  maxNegative: number;
  maxStalenessMs: number;
  /** Trust expires on its monotonic reading, pending keys on its wall clock (default: the system clock). */
  clock?: Pick<Clock, 'nowMs' | 'monotonicMs'>;
}

export const NEGATIVE = Symbol('unknown public id');

export class TokenCache<E extends CacheEntry> {
  readonly stats: CacheStats = { hits: 0, misses: 0, negativeHits: 0, bypassed: 0, evictions: 0, flushes: 0 };
  private readonly entries: LRUCache<string, E> | null;
  private readonly negatives: LRUCache<string, number> | null;
  private trusted = false;
  /** On the monotonic clock: trust lapses at this instant unless extended. */
  private trustedUntil = 0;
  private readonly clock: Pick<Clock, 'nowMs' | 'monotonicMs'>;
  private epoch = 0;
  private readonly pending = new Map<string, { keys: CacheKey[]; untilMs: number }>();
  private readonly pendingKeys = new Map<string, number>();

  constructor(private readonly opts: TokenCacheOptions) {
    this.entries = opts.maxEntries > 0 ? new LRUCache<string, E>({ max: opts.maxEntries, maxSize: opts.maxBytes, sizeCalculation: (e) => e.size }) : null;
    this.negatives = opts.maxEntries > 0 && opts.maxNegative > 0 ? new LRUCache<string, number>({ max: opts.maxNegative }) : null;
    this.clock = opts.clock ?? systemClock;
  }

  get enabled(): boolean {
    return this.entries !== null;
  }

  get isTrusted(): boolean {
    return this.trusted && this.clock.monotonicMs() < this.trustedUntil;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  get negativeSize(): number {
    return this.negatives?.size ?? 0;
  }

  get bytes(): number {
    return this.entries?.calculatedSize ?? 0;
  }

  /** The entry for a public id, NEGATIVE if it is known not to exist, undefined if the database must be asked. */
  lookup(publicId: string, nowMs: number): E | typeof NEGATIVE | undefined {
    if (!this.entries || !this.isTrusted) {
      if (this.entries) this.stats.bypassed++;
      return undefined;
    }
    const e = this.entries.get(publicId);
    if (e) {
      const why = this.unservable(e, nowMs);
      if (why === 'pending') {
        this.stats.bypassed++;
        return undefined;
      }
      if (why === 'stale') {
        this.entries.delete(publicId);
        this.stats.misses++;
        return undefined;
      }
      this.stats.hits++;
      return e;
    }
    const unknownSince = this.negatives?.get(publicId);
    if (unknownSince !== undefined) {
      if (this.pendingKeys.size && this.isPending({ publicId, userId: null, workspaceId: null, projectId: null }, nowMs)) {
        this.stats.bypassed++;
        return undefined;
      }
      if (nowMs - unknownSince <= this.opts.maxStalenessMs) {
        this.stats.negativeHits++;
        return NEGATIVE;
      }
      this.negatives!.delete(publicId);
    }
    this.stats.misses++;
    return undefined;
  }

  /**
   * The entry lookup() would answer for a public id, with none of lookup()'s side effects (no
   * counter, no recency, no removal of a stale entry); undefined whenever lookup() would not
   * answer with an entry (untrusted, pending, stale, unknown). For a caller that decides first
   * and, only if it answers from the entry, calls hit(): the gateway's fast path.
   */
  peek(publicId: string, nowMs: number): E | undefined {
    if (!this.entries || !this.isTrusted) return undefined;
    const e = this.entries.peek(publicId);
    return e === undefined || this.unservable(e, nowMs) !== null ? undefined : e;
  }

  /** Why lookup() and peek() may not answer from a cached entry now (an invalidation pending for it, or past its staleness), or null. */
  private unservable(e: E, nowMs: number): 'pending' | 'stale' | null {
    if (this.pendingKeys.size && this.isPending(e, nowMs)) return 'pending';
    if (nowMs - e.loadedAtMs > this.opts.maxStalenessMs) return 'stale';
    return null;
  }

  /** What lookup() does for a hit on an entry peek() returned: counted, and made the most recently used. */
  hit(publicId: string): void {
    this.entries?.get(publicId);
    this.stats.hits++;
  }

  /** Call before reading the database; pass the result to store()/storeUnknown(). */
  beginLoad(): number {
    return this.epoch;
  }

  store(entry: E, loadEpoch: number): void {
    if (!this.entries || !this.isTrusted || loadEpoch !== this.epoch) return;
    if (this.pendingKeys.size && this.isPending(entry, this.clock.nowMs())) return;
    this.negatives?.delete(entry.publicId);
    this.entries.set(entry.publicId, entry);
  }

  storeUnknown(publicId: string, loadEpoch: number, nowMs: number): void {
    if (!this.negatives || !this.isTrusted || loadEpoch !== this.epoch) return;
    if (this.pendingKeys.size && this.isPending({ publicId, userId: null, workspaceId: null, projectId: null }, nowMs)) return;
    this.negatives.set(publicId, nowMs);
  }

  /** Removes every entry a key selects, here and now. */
  evict(keys: readonly CacheKey[]): void {
    this.epoch++;
    if (!this.entries) return;
    if (keys.includes('*')) return this.flush();
    const broad: CacheKey[] = [];
    for (const k of keys) {
      if (k.startsWith('t:') || k.startsWith('n:')) {
        const publicId = k.slice(2);
        if (this.entries.delete(publicId)) this.stats.evictions++;
        this.negatives?.delete(publicId);
      } else broad.push(k);
    }
    if (!broad.length) return;
    for (const [publicId, e] of this.entries.entries()) {
      if (selects(broad, e)) {
        this.entries.delete(publicId);
        this.stats.evictions++;
      }
    }
  }

  flush(): void {
    this.epoch++;
    this.stats.flushes++;
    this.entries?.clear();
    this.negatives?.clear();
  }

  /**
   * Listener up (after it has re-subscribed): flush, then trust until `untilMs` on the monotonic
   * clock (default: until told otherwise). Listener down: stop trusting at once.
   */
  setTrusted(trusted: boolean, untilMs = Infinity): void {
    if (trusted) this.flush();
    else this.epoch++;
    this.trusted = trusted && this.entries !== null;
    this.trustedUntil = this.trusted ? untilMs : 0;
  }

  /**
   * A heartbeat sent at some instant was answered: every invalidation committed before then has
   * been heard, so trust may run until that instant plus the window. Never revives a cache that
   * setTrusted(false) stopped trusting (that needs a flush first).
   */
  extendTrust(untilMs: number): void {
    if (this.trusted && untilMs > this.trustedUntil) this.trustedUntil = untilMs;
  }

  /** The monotonic clock trust is measured on. */
  now(): number {
    return this.clock.monotonicMs();
  }

  /** Keys a local transaction is about to change: not served nor stored until settle(nonce) or `ttlMs`. */
  markPending(nonce: string, keys: readonly CacheKey[], ttlMs: number): void {
    this.expirePending(this.clock.nowMs());
    this.epoch++;
    this.pending.set(nonce, { keys: [...keys], untilMs: this.clock.nowMs() + ttlMs });
    for (const k of keys) this.pendingKeys.set(k, (this.pendingKeys.get(k) ?? 0) + 1);
  }

  settle(nonce: string): void {
    const p = this.pending.get(nonce);
    if (!p) return;
    this.pending.delete(nonce);
    for (const k of p.keys) {
      const n = (this.pendingKeys.get(k) ?? 1) - 1;
      if (n <= 0) this.pendingKeys.delete(k);
      else this.pendingKeys.set(k, n);
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private isPending(e: KeyedEntry, nowMs: number): boolean {
    this.expirePending(nowMs);
    return this.pendingKeys.size > 0 && selects(this.pendingKeys.keys(), e);
  }

  private expirePending(nowMs: number): void {
    for (const [nonce, p] of this.pending) if (p.untilMs <= nowMs) this.settle(nonce);
  }
}
