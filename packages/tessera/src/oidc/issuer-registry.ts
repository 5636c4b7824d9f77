import { createRemoteJWKSet, type RemoteJWKSet } from 'jose';
import { checkIssuerUrl } from './issuer-url.js';

/**
 * Signing keys per issuer: the discovery document (`/.well-known/openid-configuration`) names
 * the JWKS; jose's remote key set caches the keys (10 minutes) and, when a token names a key id
 * it does not hold, fetches them again, at most once per cooldown (key rotation). The registry
 * is only ever asked about issuers some trust policy names (the exchange checks that first), so
 * an unverified token can never make the server fetch a URL of its choosing.
 */
export class IssuerUnavailable extends Error {}

export interface IssuerRegistryOptions {
  allowInsecure: boolean;
  /** Milliseconds after a successful JWKS fetch during which an unknown `kid` does not fetch again. */
  cooldownMs: number;
  /** How long a discovery document is trusted before it is fetched again (default 1 hour). */
  discoveryTtlMs?: number;
  timeoutMs?: number;
  /** Most issuers kept at once (default 100); the oldest is dropped beyond it. */
  maxIssuers?: number;
  now?: () => number;
}

export interface IssuerRegistry {
  keysFor(issuer: string): Promise<RemoteJWKSet>;
}

interface Entry {
  jwksUri: string;
  keys: RemoteJWKSet;
  discoveredAt: number;
}

export function createIssuerRegistry(opts: IssuerRegistryOptions): IssuerRegistry {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  const ttl = opts.discoveryTtlMs ?? 3_600_000;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const now = opts.now ?? Date.now;

  async function discover(issuer: string): Promise<Entry> {
    const where = `${issuer}/.well-known/openid-configuration`;
    let doc: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const r = await fetch(where, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      doc = (await r.json()) as typeof doc;
    } catch (err) {
      throw new IssuerUnavailable(`could not read the discovery document of ${issuer}: ${(err as Error).message}`);
    }
    if (doc.issuer !== issuer) throw new IssuerUnavailable(`the discovery document of ${issuer} names another issuer (${String(doc.issuer)})`);
    if (typeof doc.jwks_uri !== 'string') throw new IssuerUnavailable(`the discovery document of ${issuer} has no jwks_uri`);
    const check = checkIssuerUrl(doc.jwks_uri, opts.allowInsecure);
    if (!check.ok) throw new IssuerUnavailable(`the jwks_uri of ${issuer} ${check.reason}`);
    const previous = entries.get(issuer);
    // The same key set object survives a rediscovery that names the same JWKS: its cache and cooldown carry over.
    const keys = previous && previous.jwksUri === doc.jwks_uri ? previous.keys : createRemoteJWKSet(new URL(doc.jwks_uri), { cooldownDuration: opts.cooldownMs, timeoutDuration: timeoutMs });
    return { jwksUri: doc.jwks_uri, keys, discoveredAt: now() };
  }

  return {
    async keysFor(issuer) {
      const check = checkIssuerUrl(issuer, opts.allowInsecure);
      if (!check.ok || check.url !== issuer) throw new IssuerUnavailable(`issuer ${issuer} ${check.ok ? 'is not in canonical form' : check.reason}`);
      const cached = entries.get(issuer);
      if (cached && now() - cached.discoveredAt < ttl) return cached.keys;
      let p = pending.get(issuer);
      if (!p) {
        p = discover(issuer).finally(() => pending.delete(issuer));
        pending.set(issuer, p);
      }
      let entry: Entry;
      try {
        entry = await p;
      } catch (err) {
        if (cached) return cached.keys; // a stale document beats none while the issuer is briefly unreachable
        throw err;
      }
      entries.delete(issuer);
      entries.set(issuer, entry);
      if (entries.size > (opts.maxIssuers ?? 100)) entries.delete(entries.keys().next().value!);
      return entry.keys;
    },
  };
}
