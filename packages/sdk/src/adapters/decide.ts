import type { TokenIdentity, VerifyOptions, VerifyResult } from '../outcome.js';
import type { Verifier } from '../verifier.js';

/**
 * What every adapter answers, the way Tessera's own edge and gateway do: 401 with an RFC 6750
 * `WWW-Authenticate: Bearer` challenge for no, a malformed, an unknown, an expired or a revoked
 * token; 403 (`error="insufficient_scope"`) for a missing scope or the wrong project/workspace;
 * 503 when the server could not be asked (nothing was decided). Bodies are Tessera's error shape.
 */
export interface Denial {
  status: 401 | 403 | 503;
  headers: Record<string, string>;
  body: { error: { code: string; message: string } };
}

export type Decision = { ok: true; identity: TokenIdentity } | { ok: false; denial: Denial };

const quote = (s: string) => s.replace(/…/g, '...').replace(/[–—]/g, '-').replace(/["\\]/g, '').replace(/[^\x20-\x7e]/g, '?');

export function bearerChallenge(error?: string, description?: string, scope?: string): Record<string, string> {
  const parts = ['Bearer realm="tessera"'];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${quote(description)}"`);
  if (scope) parts.push(`scope="${scope}"`);
  return { 'www-authenticate': parts.join(', ') };
}

const deny = (status: Denial['status'], code: string, message: string, headers: Record<string, string> = {}): Decision =>
  ({ ok: false, denial: { status, headers: { 'cache-control': 'no-store', ...headers }, body: { error: { code, message } } } });

const BEARER = /^Bearer +(\S+) *$/i;

/** The decision for one request's `Authorization` header. */
export function decide(verifier: Verifier, authorization: string | null | undefined, options?: VerifyOptions): Decision | Promise<Decision> {
  if (authorization === null || authorization === undefined || authorization === '') {
    return deny(401, 'unauthenticated', 'no credentials: send "Authorization: Bearer <token>"', bearerChallenge());
  }
  if (/^Bearer *$/i.test(authorization)) {
    return deny(401, 'unauthenticated', 'the bearer token is empty: "Authorization: Bearer " is followed by nothing', bearerChallenge('invalid_request', 'the bearer token is empty'));
  }
  const m = BEARER.exec(authorization);
  if (!m) return deny(401, 'unauthenticated', 'use the Bearer scheme: "Authorization: Bearer <token>"', bearerChallenge('invalid_request', 'use the Bearer scheme'));
  const r = verifier.verify(m[1]!, options);
  return r instanceof Promise ? r.then((x) => fromResult(x, options)) : fromResult(r, options);
}

export function fromResult(r: VerifyResult, options?: VerifyOptions): Decision {
  if (r.valid) {
    const { valid: _valid, ...identity } = r;
    return { ok: true, identity };
  }
  const message = r.message ?? `the token is ${r.code}`;
  switch (r.code) {
    case 'insufficient_scope':
      return deny(403, 'insufficient_scope', message, bearerChallenge('insufficient_scope', message, options?.scope));
    case 'wrong_project':
    case 'wrong_workspace':
      return deny(403, 'wrong_project', message, bearerChallenge('insufficient_scope', message));
    case 'unavailable':
      return deny(503, 'unavailable', 'the token could not be verified now; retry', { 'retry-after': '1' });
    default: {
      const text = r.code === 'malformed' ? `the token is malformed${r.reason ? ` (${r.reason.replace(/_/g, ' ')})` : ''}` : `the token is ${r.code === 'invalid' ? 'unknown or wrong' : r.code}`;
      return deny(401, 'invalid_token', text, bearerChallenge('invalid_token', text));
    }
  }
}
