import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import type { GuardedFetch } from '../outbound/guarded-fetch.js';

/**
 * GitHub's secret-scanning public keys (`{"public_keys":[{key_identifier, key (PEM), is_current}]}`),
 * fetched through the guarded client and kept in memory. A signature naming a key id not in
 * memory refetches the list, but at most once per `cooldownMs` however many such requests come
 * (they are anonymous), and concurrent ones share one fetch. A failed fetch keeps the keys known.
 */
export interface GitHubScanningKeys {
  /** True when `signature` (base64 DER ECDSA P-256 SHA-256) verifies over `body` with the key `keyId` names. */
  verify(keyId: string, signature: string, body: Buffer): Promise<boolean>;
  /** How many times the key list was fetched (tests, metrics). */
  fetches(): number;
}

const MAX_KEYS = 50;

export function createGitHubScanningKeys(o: { fetch: GuardedFetch; url: string; clock: Clock; cooldownMs?: number; warn?: (o: object, m: string) => void }): GitHubScanningKeys {
  const cooldownMs = o.cooldownMs ?? 60_000;
  let keys = new Map<string, KeyObject>();
  let lastFetch = -Infinity;
  let count = 0;
  let inflight: Promise<void> | null = null;

  const refresh = () => (inflight ??= (async () => {
    lastFetch = o.clock.monotonicMs();
    count++;
    const r = await o.fetch.getJson(o.url);
    if (!r.ok) {
      o.warn?.({ failure: r.reason, status: r.status }, 'fetching GitHub secret-scanning keys failed');
      return;
    }
    const list = (r.value as { public_keys?: unknown })?.public_keys;
    if (!Array.isArray(list)) return;
    const next = new Map<string, KeyObject>();
    for (const k of list.slice(0, MAX_KEYS) as { key_identifier?: unknown; key?: unknown }[]) {
      if (typeof k?.key_identifier !== 'string' || typeof k.key !== 'string') continue;
      try {
        const key = createPublicKey(k.key);
        if (key.asymmetricKeyType === 'ec') next.set(k.key_identifier, key);
      } catch {
        // not a PEM public key: skipped
      }
    }
    keys = next;
  })().finally(() => {
    inflight = null;
  }));

  async function keyFor(id: string): Promise<KeyObject | undefined> {
    const known = keys.get(id);
    if (known) return known;
    if (inflight) await inflight;
    else if (o.clock.monotonicMs() - lastFetch >= cooldownMs) await refresh();
    return keys.get(id);
  }

  return {
    async verify(keyId, signature, body) {
      if (!keyId || keyId.length > 200 || !signature || signature.length > 512) return false;
      const key = await keyFor(keyId);
      if (!key) return false;
      try {
        return verify('sha256', body, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
    fetches: () => count,
  };
}
