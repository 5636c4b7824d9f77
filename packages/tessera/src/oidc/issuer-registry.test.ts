import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch, type GuardedFetchOptions } from '../outbound/guarded-fetch.js';
import { rateLimitedLog } from '../outbound/rate-limited-log.js';
import { startOidcIssuer, type OidcIssuer } from '../test-support/oidc-issuer.js';
import { TEST_TLS } from '../test-support/tls-fixture.js';
import { createIssuerRegistry, IssuerUnavailable, type IssuerRegistryOptions } from './issuer-registry.js';

const AUDIENCE = 'https://tessera.example.test';
/** Made-up names that resolve to the test servers on loopback, as an internal host would. */
const resolve: GuardedFetchOptions['resolve'] = async () => [{ address: '127.0.0.1', family: 4 }];

/**
 * The registry against https issuers on 127.0.0.1 (self-signed certificate, names resolved by a
 * made-up DNS): what the guarded client lets through, what a discovery document may point at,
 * and how often a failing issuer is contacted and logged.
 */
describe('issuer registry over the guarded client', () => {
  let issuer: OidcIssuer;
  let other: OidcIssuer;
  const warnings: Array<Record<string, unknown>> = [];
  const registry = (o: Partial<IssuerRegistryOptions> & { allowedHosts?: string[] } = {}) => createIssuerRegistry({
    fetch: createGuardedFetch({ resolve, ca: TEST_TLS.cert, allowedHosts: o.allowedHosts ?? [], timeoutMs: 2000 }),
    allowInsecure: false, cooldownMs: 30_000, warn: (obj, msg) => warnings.push({ ...obj, msg }), ...o,
  });
  const failureOf = async (p: Promise<unknown>) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(IssuerUnavailable);
    return (err as IssuerUnavailable).failure;
  };

  beforeAll(async () => {
    issuer = await startOidcIssuer({ audience: AUDIENCE, host: 'issuer.tessera.test', tls: TEST_TLS });
    other = await startOidcIssuer({ audience: AUDIENCE, host: 'other.tessera.test', tls: TEST_TLS });
  });
  afterAll(async () => {
    await issuer?.close();
    await other?.close();
  });

  it('refuses an issuer whose name resolves to loopback unless it is allow-listed, before any request (SSRF)', async () => {
    issuer.misbehave();
    const before = { ...issuer.fetches };
    expect(await failureOf(registry().keysFor(issuer.url))).toBe('forbidden_address');
    expect(issuer.fetches).toEqual(before);

    const keys = await registry({ allowedHosts: ['issuer.tessera.test'] }).keysFor(issuer.url);
    const { payload } = await jwtVerify(await issuer.github(), keys, { issuer: issuer.url, audience: AUDIENCE });
    expect(payload.repository).toBe('acme/web');
    expect(issuer.fetches).toEqual({ discovery: before.discovery + 1, jwks: before.jwks + 1 });
  });

  it("refuses a jwks_uri on another host, even an allow-listed one, without contacting it (SSRF)", async () => {
    for (const jwks of [`${other.url}/.well-known/jwks`, `${issuer.url.replace(/:\d+$/, ':1')}/.well-known/jwks`, 'https://169.254.169.254/latest/meta-data', `${issuer.url.replace('https:', 'http:')}/.well-known/jwks`]) {
      issuer.misbehave((req, res, normal) => {
        if (req.url !== '/.well-known/openid-configuration') return false;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...normal.discovery, jwks_uri: jwks }));
        return true;
      });
      const before = { ...other.fetches };
      expect({ jwks, failure: await failureOf(registry({ allowedHosts: ['issuer.tessera.test', 'other.tessera.test'] }).keysFor(issuer.url)) }).toEqual({ jwks, failure: 'jwks_uri_not_allowed' });
      expect(other.fetches).toEqual(before);
    }
    issuer.misbehave();
  });

  it('contacts a failing issuer once per retry window and logs one line without a stack (defect 9)', async () => {
    let t = 1_000_000;
    issuer.misbehave((req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('SECRET-UPSTREAM-DETAIL\n    at handler (/srv/issuer.js:1:1)');
      return true;
    });
    warnings.length = 0;
    const r = registry({ allowedHosts: ['issuer.tessera.test'], retryMs: 30_000, clock: { monotonicMs: () => t } });
    const before = issuer.fetches.discovery;
    const failures = await Promise.all(Array.from({ length: 10 }, () => failureOf(r.keysFor(issuer.url))));
    for (let i = 0; i < 10; i++) failures.push(await failureOf(r.keysFor(issuer.url)));
    expect(new Set(failures)).toEqual(new Set(['bad_status']));
    expect(issuer.fetches.discovery).toBe(before + 1);
    expect(warnings).toEqual([{ issuer_host: new URL(issuer.url).host, document: 'discovery', reason: 'bad_status', status: 500, msg: 'OIDC issuer fetch failed' }]);
    const err = await r.keysFor(issuer.url).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain('SECRET');

    t += 30_000; // past the retry window: one more attempt, which succeeds
    issuer.misbehave();
    await r.keysFor(issuer.url);
    expect(issuer.fetches.discovery).toBe(before + 2);
    expect(warnings).toHaveLength(1);
  });

  it('remembers a failed key fetch too: no JWKS request per token while it fails', async () => {
    let t = 5_000_000;
    issuer.misbehave((req, res) => {
      if (req.url !== '/.well-known/jwks') return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": "SECRET"}');
      return true;
    });
    warnings.length = 0;
    const r = registry({ allowedHosts: ['issuer.tessera.test'], clock: { monotonicMs: () => t } });
    const before = issuer.fetches.jwks;
    for (let i = 0; i < 5; i++) {
      const keys = await r.keysFor(issuer.url);
      const err = await jwtVerify(await issuer.github(), keys).catch((e: unknown) => e);
      expect(err).toMatchObject({ failure: 'invalid_jwks', document: 'jwks' });
      expect(String((err as Error).message)).not.toContain('SECRET');
    }
    expect(issuer.fetches.jwks).toBe(before + 1);
    expect(warnings.map((w) => w.reason)).toEqual(['invalid_jwks']);
    t += 31_000;
    issuer.misbehave();
    await jwtVerify(await issuer.github(), await r.keysFor(issuer.url));
    expect(issuer.fetches.jwks).toBe(before + 2);
  });
});

describe('rate-limited log', () => {
  it('writes at most perWindow lines a window and says how many it left out', () => {
    let t = 0;
    const lines: Array<Record<string, unknown>> = [];
    const log = rateLimitedLog((o) => lines.push(o), { perWindow: 3, windowMs: 60_000, now: () => t });
    for (let i = 0; i < 100; i++) log({ i }, 'x');
    expect(lines).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    t = 60_000;
    log({ i: 100 }, 'x');
    expect(lines.at(-1)).toEqual({ i: 100, suppressed: 97 });
  });
});
