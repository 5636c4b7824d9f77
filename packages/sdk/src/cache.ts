import type { Invalid, TokenIdentity } from './outcome.js';

type Valid = { valid: true } & TokenIdentity;

/**
 * Verified tokens in memory, keyed by a keyed digest of the token (never the token; blake2s.ts).
 * Bounded in entries (least recently used out first) and in age; a separate, bounded negative cache
 * for refusals that cannot change (unknown, expired, revoked). `evict(keys)` takes the server's
 * invalidation keys; `generation` moves on every eviction so a load that was in flight while one
 * happened is not stored (its answer may predate it).
 */
export interface CacheOptions {
  maxEntries: number;
  maxAgeMs: number;
  negativeMaxEntries: number;
  negativeMaxAgeMs: number;
  /**
   * After an eviction, answers its keys select are not stored for this long (default 1 s): a verify
   * that reaches another server node than the stream's may be answered by a node that has not
   * heard the invalidation yet (nodes hear it within milliseconds of each other).
   */
  settleMs?: number;
  /** Milliseconds, monotonic (injected in tests). */
  now(): number;
}

interface Entry {
  result: Valid;
  publicId: string;
  storedAt: number;
  /** The earliest of its expiry and its grace end, in ms since the epoch (Infinity: none). */
  endsAtMs: number;
  /** The cache's tick when it was last moved to the most recent end. */
  movedAt: number;
}

export class VerificationCache {
  #entries = new Map<string, Entry>();
  #negatives = new Map<string, { result: Invalid; storedAt: number }>();
  #generation = 0;
  /** Counts stores and moves, for the least-recently-used order (see get). */
  #tick = 0;
  /** Recent evictions (oldest first), for settleMs. */
  #recent: { keys: readonly string[]; at: number }[] = [];
  readonly stats = { hits: 0, misses: 0, evictions: 0, flushes: 0 };

  constructor(private readonly o: CacheOptions) {}

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * A cached valid answer, if fresh (at `now`, monotonic) and not past its end by the wall clock
   * `wallNow` — read only for an answer that has an end (a clock read is a tenth of a hit).
   */
  get(key: string, wallNow: () => number, now = this.o.now()): Valid | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (now - e.storedAt > this.o.maxAgeMs || (e.endsAtMs !== Infinity && wallNow() >= e.endsAtMs)) {
      this.#entries.delete(key);
      return undefined;
    }
    // Most recently used last: the first key is the one to drop. An entry moved there fewer than
    // maxEntries/2 stores or moves ago is still in the newer half and stays put (a Map delete and
    // set on every hit costs more than the rest of the lookup): the order is least recently used
    // to within half the cache, and an entry in use is never the next to go.
    if (this.#tick - e.movedAt > this.o.maxEntries >> 1) {
      this.#entries.delete(key);
      this.#entries.set(key, e);
      e.movedAt = ++this.#tick;
    }
    return e.result;
  }

  getNegative(key: string): Invalid | undefined {
    // Usually empty on a busy path of valid tokens: no lookup then.
    if (this.#negatives.size === 0) return undefined;
    const n = this.#negatives.get(key);
    if (!n) return undefined;
    if (this.o.now() - n.storedAt > this.o.negativeMaxAgeMs) {
      this.#negatives.delete(key);
      return undefined;
    }
    return n.result;
  }

  /** Stores unless an eviction happened since `generation` was read; true if stored. */
  set(key: string, publicId: string, result: Valid, generation: number): boolean {
    if (generation !== this.#generation || this.o.maxEntries === 0) return false;
    if (this.#recent.length) {
      const since = this.o.now() - (this.o.settleMs ?? 1_000);
      while (this.#recent.length && this.#recent[0]!.at <= since) this.#recent.shift();
      for (const r of this.#recent) if (selects(r.keys, { result, publicId })) return false;
    }
    const ends = [result.expiresAt, result.graceEndsAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
    this.#entries.delete(key);
    this.#entries.set(key, { result, publicId, storedAt: this.o.now(), endsAtMs: ends.length ? Math.min(...ends) : Infinity, movedAt: ++this.#tick });
    while (this.#entries.size > this.o.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return true;
  }

  setNegative(key: string, result: Invalid): void {
    if (this.o.negativeMaxEntries === 0) return;
    this.#negatives.delete(key);
    this.#negatives.set(key, { result, storedAt: this.o.now() });
    while (this.#negatives.size > this.o.negativeMaxEntries) this.#negatives.delete(this.#negatives.keys().next().value!);
  }

  /**
   * Drops what the keys select: `t:<public id>`, `u:<user id>` (`u:*`: every token acting for a
   * user), `w:<workspace id>`, `j:<project id>` (`j:*`: every project-bound token), `*`.
   */
  evict(keys: readonly string[]): number {
    // A key this SDK cannot read (a newer server's, or damaged) could name anything: fail safe.
    if (keys.includes('*') || !keys.every(isKnownKey)) return this.flush();
    this.#generation++;
    this.#remember(keys);
    let n = 0;
    for (const [k, e] of this.#entries) {
      if (selects(keys, e)) {
        this.#entries.delete(k);
        n++;
      }
    }
    this.stats.evictions += n;
    return n;
  }

  #remember(keys: readonly string[]) {
    this.#recent.push({ keys, at: this.o.now() });
    // Bounded: a burst of evictions collapses into "everything" for the window.
    if (this.#recent.length > 256) this.#recent = [{ keys: ['*'], at: this.o.now() }];
  }

  flush(): number {
    this.#generation++;
    this.#remember(['*']);
    const n = this.#entries.size;
    this.#entries.clear();
    this.stats.flushes++;
    this.stats.evictions += n;
    return n;
  }
}

/** The keys `selects` understands; any other string makes an eviction a flush. */
const KNOWN_KEY = /^(?:[tuwj]:.+|\*)$/;
const isKnownKey = (k: string): boolean => KNOWN_KEY.test(k);

function selects(keys: readonly string[], e: Pick<Entry, 'result' | 'publicId'>): boolean {
  const r = e.result;
  for (const k of keys) {
    if (k === '*') return true;
    const id = k.slice(2);
    switch (k[0]) {
      case 't': if (id === e.publicId) return true; break;
      case 'u': if (r.userId !== null && (id === '*' || id === r.userId)) return true; break;
      case 'w': if (id === r.workspaceId) return true; break;
      case 'j': if (r.projectId !== null && (id === '*' || id === r.projectId)) return true; break;
    }
  }
  return false;
}
