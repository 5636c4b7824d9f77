import { describe, expect, it } from 'vitest';
import { NEGATIVE, TokenCache, type CacheEntry } from './token-cache.js';
import { createdKey, decodePayload, encodePayloads, tokenKey, userKey, workspaceKey } from './cache-keys.js';

const entry = (publicId: string, over: Partial<CacheEntry> = {}): CacheEntry => ({
  publicId, userId: null, workspaceId: 'wsp_1', projectId: null, loadedAtMs: Date.now(), size: 1000, ...over,
});

function trustedCache(opts: Partial<ConstructorParameters<typeof TokenCache>[0]> = {}) {
  const c = new TokenCache<CacheEntry>({ maxEntries: 100, maxBytes: 1_000_000, maxNegative: 10, maxStalenessMs: 30_000, ...opts });
  c.setTrusted(true);
  return c;
}

describe('TokenCache', () => {
  it('is bounded by entries: the least recently used goes first', () => {
    const c = trustedCache({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c']) c.store(entry(id), c.beginLoad());
    c.lookup('a', Date.now());
    c.store(entry('d'), c.beginLoad());
    expect(c.size).toBe(3);
    expect(c.lookup('b', Date.now())).toBeUndefined();
    expect(c.lookup('a', Date.now())).toBeDefined();
  });

  it('is bounded by memory (estimated bytes)', () => {
    const c = trustedCache({ maxEntries: 1000, maxBytes: 10_000 });
    for (let i = 0; i < 50; i++) c.store(entry(`id${i}`, { size: 1000 }), c.beginLoad());
    expect(c.size).toBe(10);
    expect(c.bytes).toBeLessThanOrEqual(10_000);
  });

  it('bounds the unknown ids it remembers', () => {
    const c = trustedCache({ maxNegative: 5 });
    for (let i = 0; i < 20; i++) c.storeUnknown(`x${i}`, c.beginLoad(), Date.now());
    expect(c.negativeSize).toBe(5);
    expect(c.lookup('x19', Date.now())).toBe(NEGATIVE);
  });

  it('re-reads an entry older than the staleness backstop', () => {
    const c = trustedCache({ maxStalenessMs: 1000 });
    c.store(entry('a', { loadedAtMs: Date.now() - 1001 }), c.beginLoad());
    expect(c.lookup('a', Date.now())).toBeUndefined();
    c.storeUnknown('u', c.beginLoad(), Date.now() - 1001);
    expect(c.lookup('u', Date.now())).toBeUndefined();
  });

  it('does not store what a read started before an eviction returned', () => {
    const c = trustedCache();
    const epoch = c.beginLoad();
    c.evict([tokenKey('zzz')]);
    c.store(entry('a'), epoch);
    expect(c.size).toBe(0);
  });

  it('answers nothing and stores nothing while untrusted, and is flushed when trusted again', () => {
    const c = trustedCache();
    c.store(entry('a'), c.beginLoad());
    c.setTrusted(false);
    expect(c.lookup('a', Date.now())).toBeUndefined();
    expect(c.stats.bypassed).toBe(1);
    c.store(entry('b'), c.beginLoad());
    c.setTrusted(true);
    expect(c.size).toBe(0);
  });

  it('trust expires on its own unless a heartbeat extends it (a node cut off silently, or whose timers stall, stops answering from the cache)', () => {
    let now = 1000;
    const c = new TokenCache<CacheEntry>({ maxEntries: 100, maxBytes: 1_000_000, maxNegative: 10, maxStalenessMs: 30_000, clock: { nowMs: () => Date.now(), monotonicMs: () => now } });
    c.setTrusted(true, now + 1500);
    c.store(entry('a'), c.beginLoad());
    now += 1499;
    expect(c.lookup('a', Date.now())).toBeDefined();
    c.extendTrust(now + 1500); // a heartbeat sent now was answered
    now += 1499;
    expect(c.isTrusted).toBe(true);
    expect(c.lookup('a', Date.now())).toBeDefined();
    now += 1; // no heartbeat answered for the whole window
    expect(c.isTrusted).toBe(false);
    expect(c.lookup('a', Date.now())).toBeUndefined();
    expect(c.stats.bypassed).toBe(1);
    c.store(entry('b'), c.beginLoad()); // nothing stored while untrusted
    c.extendTrust(now + 1500); // the same connection answers again: every eviction before it was heard
    expect(c.lookup('a', Date.now())).toBeDefined();
    expect(c.lookup('b', Date.now())).toBeUndefined();
  });

  it('a heartbeat never revives a cache the listener has given up on: only a flush and setTrusted(true) do', () => {
    let now = 0;
    const c = new TokenCache<CacheEntry>({ maxEntries: 100, maxBytes: 1_000_000, maxNegative: 10, maxStalenessMs: 30_000, clock: { nowMs: () => Date.now(), monotonicMs: () => now } });
    c.setTrusted(true, 1500);
    c.store(entry('a'), c.beginLoad());
    c.setTrusted(false);
    c.extendTrust(now + 1500); // a late answer from the lost connection
    expect(c.isTrusted).toBe(false);
    expect(c.lookup('a', Date.now())).toBeUndefined();
    now = 10;
    c.setTrusted(true, now + 1500);
    expect(c.size).toBe(0);
  });

  it('evicts by user, workspace and token key', () => {
    const c = trustedCache();
    c.store(entry('a', { userId: 'usr_1' }), c.beginLoad());
    c.store(entry('b', { workspaceId: 'wsp_2' }), c.beginLoad());
    c.store(entry('c'), c.beginLoad());
    c.evict([userKey('usr_1')]);
    expect(c.lookup('a', Date.now())).toBeUndefined();
    c.evict([workspaceKey('wsp_2'), tokenKey('c')]);
    expect(c.size).toBe(0);
  });

  it('bypasses pending keys until settled or expired', () => {
    const c = trustedCache();
    c.store(entry('a'), c.beginLoad());
    c.markPending('n1', [tokenKey('a')], 60_000);
    expect(c.lookup('a', Date.now())).toBeUndefined();
    c.store(entry('a'), c.beginLoad());
    c.settle('n1');
    c.store(entry('a'), c.beginLoad());
    expect(c.lookup('a', Date.now())).toBeDefined();
    c.markPending('n2', [tokenKey('a')], 1);
    expect(c.lookup('a', Date.now() + 5)).toBeDefined();
  });

  it("a creation's key (n:) is a token key to a node: it forgets the public id remembered as unknown, and pending it is neither answered nor stored", () => {
    const c = trustedCache();
    c.storeUnknown('fresh', c.beginLoad(), Date.now());
    expect(c.lookup('fresh', Date.now())).toBe(NEGATIVE);
    c.markPending('n1', [createdKey('fresh')], 60_000);
    expect(c.lookup('fresh', Date.now())).toBeUndefined();
    c.storeUnknown('fresh', c.beginLoad(), Date.now());
    c.evict([createdKey('fresh')]);
    c.settle('n1');
    expect(c.negativeSize).toBe(0);
    expect(c.lookup('fresh', Date.now())).toBeUndefined();
  });

  it('with maxEntries 0 is off: never trusted, never stores', () => {
    const c = new TokenCache<CacheEntry>({ maxEntries: 0, maxBytes: 1_000_000, maxNegative: 10, maxStalenessMs: 30_000 });
    c.setTrusted(true);
    expect(c.isTrusted).toBe(false);
    c.store(entry('a'), c.beginLoad());
    expect(c.lookup('a', Date.now())).toBeUndefined();
  });
  it("peek() answers exactly the entries lookup() would, with none of its side effects; hit() is lookup()'s hit", () => {
    let now = 0;
    const c = new TokenCache<CacheEntry>({ maxEntries: 2, maxBytes: 1_000_000, maxNegative: 10, maxStalenessMs: 1000, clock: { nowMs: () => Date.now(), monotonicMs: () => now } });
    c.setTrusted(true, 1500);
    const a = entry('a');
    c.store(a, c.beginLoad());
    c.store(entry('b'), c.beginLoad());
    c.storeUnknown('u', c.beginLoad(), Date.now());
    const stats = { ...c.stats };
    expect(c.peek('a', Date.now())).toBe(a);
    expect(c.peek('u', Date.now())).toBeUndefined(); // unknown ids are the route's to answer
    expect(c.peek('zzz', Date.now())).toBeUndefined();
    expect(c.stats).toEqual(stats);
    // No recency: 'a' stays the least recently used, and goes first.
    c.store(entry('c'), c.beginLoad());
    expect(c.peek('a', Date.now())).toBeUndefined();
    c.hit('b');
    expect(c.stats.hits).toBe(stats.hits + 1);
    // Stale: not answered, and not removed either (lookup() removes it).
    c.store(entry('old', { loadedAtMs: Date.now() - 1001 }), c.beginLoad());
    expect(c.peek('old', Date.now())).toBeUndefined();
    expect(c.size).toBe(2);
    // Pending: not answered until settled.
    c.markPending('n1', [tokenKey('b')], 60_000);
    expect(c.peek('b', Date.now())).toBeUndefined();
    c.settle('n1');
    expect(c.peek('b', Date.now())).toBeDefined();
    // Trust lapsed (no heartbeat answered), or withdrawn: nothing.
    now = 1500;
    expect(c.peek('b', Date.now())).toBeUndefined();
    expect(c.lookup('b', Date.now())).toBeUndefined();
    c.setTrusted(true);
    c.store(entry('d'), c.beginLoad());
    expect(c.peek('d', Date.now())).toBeDefined();
    c.setTrusted(false);
    expect(c.peek('d', Date.now())).toBeUndefined();
  });
});

describe('invalidation payloads', () => {
  it('round-trip, and split under the notification size limit', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => tokenKey(`pub${String(i).padStart(5, '0')}`));
    const payloads = encodePayloads('node.1', keys, 7000);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => decodePayload(p).keys)).toEqual(keys);
    expect(decodePayload(payloads[0]!).nonce).toBe('node.1');
  });

  it('decode anything unparsable as "flush everything"', () => {
    expect(decodePayload('*').keys).toEqual(['*']);
    expect(decodePayload('garbage').keys).toEqual(['*']);
    expect(decodePayload('1|n|t:ok,bad key').keys).toEqual(['*']);
    expect(decodePayload('2|n|t:ok').keys).toEqual(['*']);
    expect(decodePayload('1|n|n:ok,t:ok2').keys).toEqual(['n:ok', 't:ok2']);
  });
});
