import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { ALLOWED_ALGORITHMS, CLOCK_TOLERANCE_SECONDS } from './providers.js';
import { IssuerUnavailable, type IssuerRegistry } from './issuer-registry.js';
import { refuse } from './exchange-failure.js';

export interface VerifyOptions {
  registry: IssuerRegistry;
  audience: string;
  maxTokenAgeSeconds: number;
  /** Whether some trust policy (or the configuration) names this issuer: only then are its keys fetched. */
  isKnownIssuer(iss: string): Promise<boolean>;
  now: () => Date;
}

export interface VerifiedIdToken {
  issuer: string;
  claims: JWTPayload & Record<string, unknown>;
  jti: string;
  expiresAt: Date;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** A bearer value that is a compact JWS rather than a Tessera token. */
export const looksLikeJwt = (value: string): boolean => value.startsWith('eyJ') && value.length < 16_384 && JWT_SHAPE.test(value);

/**
 * Checks a CI ID token in a fixed order and throws ExchangeRefused naming the first check that
 * failed: shape → algorithm allow-list (before any key is fetched) → issuer is one a policy names
 * → signature (keys from discovery + JWKS) → iss, aud, exp, nbf, iat (30 s leeway), maximum age →
 * required claims (sub, jti, iat, exp). Replay is checked by the caller, in the transaction that
 * records the jti.
 */
export async function verifyIdToken(token: string, opts: VerifyOptions): Promise<VerifiedIdToken> {
  if (!looksLikeJwt(token)) throw refuse('oidc_invalid_token', 'malformed', 'the token is not a JWT (three base64url parts); send the CI ID token itself');
  let alg: unknown;
  let iss: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    iss = decodeJwt(token).iss;
  } catch {
    throw refuse('oidc_invalid_token', 'malformed', 'the token is not a JWT: its header or claims are not JSON');
  }
  if (!(ALLOWED_ALGORITHMS as readonly unknown[]).includes(alg)) {
    throw refuse('oidc_invalid_token', 'alg_not_allowed', `the token's algorithm ${JSON.stringify(alg ?? null)} is not allowed (allowed: ${ALLOWED_ALGORITHMS.join(', ')})`, { details: { allowed_algorithms: [...ALLOWED_ALGORITHMS] } });
  }
  if (typeof iss !== 'string' || !iss) throw refuse('oidc_invalid_token', 'missing_claim', 'the token has no "iss" (issuer) claim');
  // Checked before anything is fetched: a token's own iss never decides where the server connects to.
  if (!(await opts.isKnownIssuer(iss))) {
    throw refuse('oidc_unknown_issuer', 'unknown_issuer', `issuer ${iss} is not trusted here: no trust policy names it`, { issuer: iss, details: { issuer: iss } });
  }
  let keys;
  try {
    keys = await opts.registry.keysFor(iss);
  } catch (err) {
    if (err instanceof IssuerUnavailable) throw unavailable(err);
    throw err;
  }
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, keys, {
      issuer: iss,
      audience: opts.audience,
      algorithms: [...ALLOWED_ALGORITHMS],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: opts.maxTokenAgeSeconds,
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      currentDate: opts.now(),
    }));
  } catch (err) {
    throw mapJoseError(err, iss, opts);
  }
  return { issuer: iss, claims: claims as VerifiedIdToken['claims'], jti: String(claims.jti), expiresAt: new Date(claims.exp! * 1000) };
}

function mapJoseError(err: unknown, iss: string, opts: VerifyOptions) {
  const at = { issuer: iss };
  if (err instanceof errors.JWTExpired) {
    const claims = err.payload;
    if (err.claim === 'iat') {
      return refuse('oidc_token_too_old', 'too_old', `the token was issued at ${isoOf(claims.iat)}, more than ${opts.maxTokenAgeSeconds} s ago (TESSERA_OIDC_MAX_TOKEN_AGE); request a fresh one`, { ...at, details: { issued_at: isoOf(claims.iat), max_age_seconds: opts.maxTokenAgeSeconds } });
    }
    return refuse('oidc_token_expired', 'expired', `the token expired at ${isoOf(claims.exp)}; request a fresh one`, { ...at, details: { expired_at: isoOf(claims.exp) } });
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    const claims = err.payload;
    switch (err.claim) {
      case 'aud':
        return refuse('oidc_wrong_audience', 'wrong_audience', `the token's audience ${JSON.stringify(claims.aud ?? null)} is not this server's: request the ID token with audience ${JSON.stringify(opts.audience)}`, { ...at, details: { expected_audience: opts.audience, audience: claims.aud ?? null } });
      case 'nbf':
        return refuse('oidc_token_not_yet_valid', 'not_yet_valid', `the token is not valid before ${isoOf(claims.nbf)}; check the clocks`, { ...at, details: { not_before: isoOf(claims.nbf) } });
      case 'iat':
        return refuse('oidc_token_not_yet_valid', 'issued_in_future', `the token claims to be issued in the future (${isoOf(claims.iat)}); check the clocks`, { ...at, details: { issued_at: isoOf(claims.iat) } });
      case 'iss':
        return refuse('oidc_unknown_issuer', 'unknown_issuer', `issuer ${String(claims.iss)} is not trusted here`, at);
      default:
        return refuse('oidc_invalid_token', err.reason === 'missing' ? 'missing_claim' : 'invalid_claim', `the token's "${err.claim}" claim is ${err.reason === 'missing' ? 'missing' : 'not valid'}`, { ...at, details: { claim: err.claim } });
    }
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return refuse('oidc_invalid_token', 'bad_signature', `the token's signature does not verify with the keys of ${iss}`, at);
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return refuse('oidc_invalid_token', 'unknown_key', `no signing key of ${iss} matches the token's key id; the keys are fetched again for an unknown key id, at most once per cooldown (TESSERA_OIDC_JWKS_COOLDOWN)`, at);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return refuse('oidc_invalid_token', 'alg_not_allowed', `the token's algorithm is not allowed (allowed: ${ALLOWED_ALGORITHMS.join(', ')})`, at);
  // A key fetch failed inside jwtVerify (stale keys, or an unknown kid past the cooldown).
  if (err instanceof IssuerUnavailable) return unavailable(err);
  if (err instanceof errors.JWKSInvalid || err instanceof TypeError || err instanceof SyntaxError) return unavailable(new IssuerUnavailable(iss, 'jwks', 'invalid_jwks'));
  if (err instanceof errors.JOSEError) return refuse('oidc_invalid_token', 'invalid', `the token is not valid: ${err.message}`, at);
  return err;
}

/** The issuer could not be read: its stable failure in details, never what it sent. */
function unavailable(err: IssuerUnavailable) {
  const details = { issuer: err.issuer, document: err.document, failure: err.failure, ...(err.status ? { status: err.status } : {}) };
  return refuse('oidc_issuer_unavailable', 'issuer_unavailable', err.message, { issuer: err.issuer, details });
}

const isoOf = (seconds: unknown) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null);
