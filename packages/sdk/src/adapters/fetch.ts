import type { TokenIdentity, VerifyOptions } from '../outcome.js';
import type { Verifier } from '../verifier.js';
import { decide, type Decision } from './decide.js';

export { decide, type Decision, type Denial } from './decide.js';

/**
 * For fetch-style frameworks (Hono, Next.js route handlers, workers): the identity of a request's
 * bearer token, or the `Response` to send instead (401/403/503, RFC 6750 challenge).
 *
 *     const auth = await authenticate(verifier, request, { scope: 'read' });
 *     if (auth instanceof Response) return auth;
 *     // auth is the TokenIdentity
 */
export async function authenticate(verifier: Verifier, request: Request, options?: VerifyOptions): Promise<TokenIdentity | Response> {
  const d: Decision = await decide(verifier, request.headers.get('authorization'), options);
  if (d.ok) return d.identity;
  return new Response(JSON.stringify(d.denial.body), { status: d.denial.status, headers: { 'content-type': 'application/json; charset=utf-8', ...d.denial.headers } });
}
