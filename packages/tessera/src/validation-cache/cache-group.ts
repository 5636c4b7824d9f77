import type { CacheKey } from './cache-keys.js';
import type { TokenCache } from './token-cache.js';

/** What the invalidation needs of a cache. */
export type InvalidatedCache = Pick<TokenCache<never>, 'enabled' | 'evict' | 'settle' | 'markPending' | 'setTrusted' | 'extendTrust' | 'now'>;

/**
 * Several caches kept by one invalidation (tokens, verifier credentials): each key, pending mark,
 * trust change and flush reaches every one of them, so they all follow the same listener. They
 * must share the monotonic clock (`now()` is the first cache's).
 */
export function cacheGroup(caches: readonly [InvalidatedCache, ...InvalidatedCache[]]): InvalidatedCache {
  return {
    get enabled() {
      return caches.some((c) => c.enabled);
    },
    evict: (keys: readonly CacheKey[]) => caches.forEach((c) => c.evict(keys)),
    settle: (nonce: string) => caches.forEach((c) => c.settle(nonce)),
    markPending: (nonce: string, keys: readonly CacheKey[], ttlMs: number) => caches.forEach((c) => c.markPending(nonce, keys, ttlMs)),
    setTrusted: (trusted: boolean, untilMs?: number) => caches.forEach((c) => c.setTrusted(trusted, untilMs)),
    extendTrust: (untilMs: number) => caches.forEach((c) => c.extendTrust(untilMs)),
    now: () => caches[0].now(),
  };
}
