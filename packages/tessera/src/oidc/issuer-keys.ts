import { createLocalJWKSet, errors, type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters, type JWTVerifyGetKey } from 'jose';

/**
 * One issuer's signing keys, as jose's remote key set kept them, but fetched by the guarded client
 * (jose never connects anywhere itself): the keys are kept for `maxAgeMs` (10 minutes), and a
 * token naming a key id they lack fetches them again, at most once per `cooldownMs` since the
 * last fetch (key rotation without a fetch per forged kid). Keys that have gone stale are still
 * used while a fetch fails: a stale key set beats none while the issuer is briefly unreachable.
 */
export interface IssuerKeysOptions {
  /** The JWKS, or throws (IssuerUnavailable): the registry fetches, validates, remembers failures and logs. */
  fetchKeys(): Promise<JSONWebKeySet>;
  cooldownMs: number;
  maxAgeMs?: number;
  now: () => number;
}

export interface IssuerKeys {
  getKey: JWTVerifyGetKey;
}

export function createIssuerKeys(opts: IssuerKeysOptions): IssuerKeys {
  const maxAgeMs = opts.maxAgeMs ?? 600_000;
  let local: ReturnType<typeof createLocalJWKSet> | undefined;
  let fetchedAt = -Infinity;
  let lastAttempt = -Infinity;
  let pending: Promise<void> | undefined;

  function reload(): Promise<void> {
    if (!pending) {
      lastAttempt = opts.now();
      pending = opts.fetchKeys().then((jwks) => {
        local = createLocalJWKSet(jwks);
        fetchedAt = opts.now();
      }).finally(() => {
        pending = undefined;
      });
    }
    return pending;
  }

  return {
    async getKey(header: JWSHeaderParameters, token: FlattenedJWSInput) {
      if (!local || opts.now() - fetchedAt >= maxAgeMs) {
        try {
          await reload();
        } catch (err) {
          if (!local) throw err;
        }
      }
      try {
        return await local!(header, token);
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey) || opts.now() - lastAttempt < opts.cooldownMs) throw err;
        await reload();
        return local!(header, token);
      }
    },
  };
}
