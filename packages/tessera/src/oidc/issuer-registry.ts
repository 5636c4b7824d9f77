import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import type { GuardedFetch, OutboundFailureReason } from '../outbound/guarded-fetch.js';
import { rateLimitedLog, type LogLine } from '../outbound/rate-limited-log.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { createIssuerKeys, type IssuerKeys } from './issuer-keys.js';
import { checkIssuerUrl } from './issuer-url.js';

/**
 * Signing keys per issuer: the discovery document (`/.well-known/openid-configuration`) names
 * the JWKS, both fetched through the guarded outbound client (issuer-keys.ts keeps the keys and
 * their cooldown). The registry is only ever asked about issuers some trust policy names (the
 * exchange checks that first), so an unverified token can never make the server fetch a URL of its
 * choosing, and the JWKS must live on the issuer's own host (same host and port): a discovery
 * document cannot send the server anywhere else.
 *
 * Anonymous callers decide when the exchange runs, so a failure is remembered: for `retryMs`
 * after a failed fetch, every exchange naming that issuer gets the same failure without any new
 * request to it, and the failure is logged once, as one warn line without a stack (at most 20
 * lines a minute over all issuers). Failures carry a stable reason, never what the issuer sent.
 */
export type IssuerFailure = OutboundFailureReason | 'not_canonical' | 'wrong_issuer' | 'no_jwks_uri' | 'jwks_uri_not_allowed' | 'invalid_jwks';

const DESCRIBE: Record<IssuerFailure, string> = {
  forbidden_url: 'is not an https URL this server may fetch',
  forbidden_address: 'resolves to a loopback, private or otherwise non-public address (an issuer on your own network must be listed in TESSERA_OUTBOUND_ALLOWED_HOSTS)',
  connect_failed: 'could not be reached',
  timeout: 'did not arrive within the time limit',
  redirect: 'was a redirect, which is not followed',
  bad_status: 'was answered with an error status',
  too_large: 'is larger than the size limit',
  invalid_json: 'is not JSON',
  not_canonical: 'is not in canonical form',
  wrong_issuer: 'names another issuer',
  no_jwks_uri: 'names no jwks_uri',
  jwks_uri_not_allowed: 'names a jwks_uri that is not https on the issuer\'s own host',
  invalid_jwks: 'is not a JSON Web Key Set',
};

/** Failures remembered at once: small entries, kept well beyond maxIssuers so many failing issuers cannot evict each other's retry window. */
const MAX_FAILURES = 10_000;

export class IssuerUnavailable extends Error {
  constructor(readonly issuer: string, readonly document: 'discovery' | 'jwks', readonly failure: IssuerFailure, readonly status?: number) {
    super(`the ${document === 'discovery' ? 'discovery document' : 'signing key set'} of ${issuer} ${DESCRIBE[failure]}${status ? ` (HTTP ${status})` : ''}`);
    this.name = 'IssuerUnavailable';
  }
}

export interface IssuerRegistryOptions {
  fetch: GuardedFetch;
  allowInsecure: boolean;
  /** TESSERA_OUTBOUND_ALLOWED_HOSTS, for the issuer URL rule. */
  allowedHosts?: readonly string[];
  /** Milliseconds after a JWKS fetch during which an unknown `kid` does not fetch again. */
  cooldownMs: number;
  /** After a failed fetch, how long the failure is answered from memory (default 30 s). */
  retryMs?: number;
  /** How long a discovery document is trusted before it is fetched again (default 1 hour). */
  discoveryTtlMs?: number;
  /** Most issuers kept at once (default 100); the oldest is dropped beyond it. */
  maxIssuers?: number;
  /** Where a failed fetch is reported (one line, no stack); rate-limited here. */
  warn?: LogLine;
  /** Cooldowns, retries and the discovery TTL run on its monotonic reading (default: the system clock). */
  clock?: Pick<Clock, 'monotonicMs'>;
}

export interface IssuerRegistry {
  keysFor(issuer: string): Promise<JWTVerifyGetKey>;
}

interface Entry {
  jwksUri: string;
  keys: IssuerKeys;
  discoveredAt: number;
}

export function createIssuerRegistry(opts: IssuerRegistryOptions): IssuerRegistry {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  const failures = new Map<string, { until: number; error: IssuerUnavailable }>();
  const ttl = opts.discoveryTtlMs ?? 3_600_000;
  const retryMs = opts.retryMs ?? 30_000;
  const maxIssuers = opts.maxIssuers ?? 100;
  const clock = opts.clock ?? systemClock;
  const now = () => clock.monotonicMs();
  const warn = rateLimitedLog(opts.warn ?? (() => {}), { perWindow: 20, windowMs: 60_000, now });

  const keep = <V>(map: Map<string, V>, key: string, value: V, max: number) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > max) map.delete(map.keys().next().value!);
  };

  /** Records a failed fetch: remembered for retryMs, logged once (rate-limited), returned to throw. */
  function failed(issuer: string, document: 'discovery' | 'jwks', failure: IssuerFailure, status?: number): IssuerUnavailable {
    const err = new IssuerUnavailable(issuer, document, failure, status);
    keep(failures, issuer, { until: now() + retryMs, error: err }, MAX_FAILURES);
    warn({ issuer_host: new URL(issuer).host, document, reason: failure, ...(status ? { status } : {}) }, 'OIDC issuer fetch failed');
    return err;
  }

  function remembered(issuer: string): IssuerUnavailable | undefined {
    const f = failures.get(issuer);
    return f && now() < f.until ? f.error : undefined;
  }

  async function fetchKeys(issuer: string, jwksUri: string): Promise<JSONWebKeySet> {
    const before = remembered(issuer);
    if (before) throw before;
    const r = await opts.fetch.getJson(jwksUri);
    if (!r.ok) throw failed(issuer, 'jwks', r.reason, r.status);
    const jwks = r.value as { keys?: unknown };
    if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys) || !jwks.keys.every((k) => typeof k === 'object' && k !== null)) throw failed(issuer, 'jwks', 'invalid_jwks');
    failures.delete(issuer);
    return jwks as JSONWebKeySet;
  }

  async function discover(issuer: string): Promise<Entry> {
    const r = await opts.fetch.getJson(`${issuer}/.well-known/openid-configuration`);
    if (!r.ok) throw failed(issuer, 'discovery', r.reason, r.status);
    const doc = (typeof r.value === 'object' && r.value !== null ? r.value : {}) as { issuer?: unknown; jwks_uri?: unknown };
    if (doc.issuer !== issuer) throw failed(issuer, 'discovery', 'wrong_issuer');
    if (typeof doc.jwks_uri !== 'string') throw failed(issuer, 'discovery', 'no_jwks_uri');
    const jwksUri = doc.jwks_uri;
    const check = checkIssuerUrl(jwksUri, opts.allowInsecure, opts.allowedHosts);
    if (!check.ok || new URL(jwksUri).host !== new URL(issuer).host || new URL(jwksUri).protocol !== new URL(issuer).protocol) throw failed(issuer, 'discovery', 'jwks_uri_not_allowed');
    failures.delete(issuer);
    const previous = entries.get(issuer);
    // The same key set survives a rediscovery that names the same JWKS: its keys and cooldown carry over.
    const keys = previous && previous.jwksUri === jwksUri ? previous.keys : createIssuerKeys({ fetchKeys: () => fetchKeys(issuer, jwksUri), cooldownMs: opts.cooldownMs, now });
    return { jwksUri, keys, discoveredAt: now() };
  }

  return {
    async keysFor(issuer) {
      const check = checkIssuerUrl(issuer, opts.allowInsecure, opts.allowedHosts);
      if (!check.ok) throw new IssuerUnavailable(issuer, 'discovery', check.kind === 'invalid' ? 'forbidden_url' : 'forbidden_address');
      if (check.url !== issuer) throw new IssuerUnavailable(issuer, 'discovery', 'not_canonical');
      const cached = entries.get(issuer);
      if (cached && now() - cached.discoveredAt < ttl) return cached.keys.getKey;
      const failure = remembered(issuer);
      if (failure) {
        if (cached) return cached.keys.getKey;
        throw failure;
      }
      let p = pending.get(issuer);
      if (!p) {
        p = discover(issuer).finally(() => pending.delete(issuer));
        pending.set(issuer, p);
      }
      let entry: Entry;
      try {
        entry = await p;
      } catch (err) {
        if (cached) return cached.keys.getKey; // a stale document beats none while the issuer is briefly unreachable
        throw err;
      }
      keep(entries, issuer, entry, maxIssuers);
      return entry.keys.getKey;
    },
  };
}
