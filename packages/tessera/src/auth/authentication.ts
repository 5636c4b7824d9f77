import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionPrincipal, tokenPrincipal, verifierPrincipal, type Principal } from '../authz/principal.js';
import type { VerifierAuth, VerifierIdentity } from '../verifiers/verifier-auth.js';
import type { SessionService } from '../identity/session-service.js';
import type { ValidationService } from '../tokens/validation-service.js';
import { TOKEN_KIND_LETTERS } from '../tokens/token-format.js';
import { ApiError } from '../errors/api-error.js';
import { bearerChallenge } from '../errors/bearer-challenge.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { CSRF_HEADER, csrfTokenMatches, isSafeMethod, sessionCookieOf } from '../identity/session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Routes that need no credentials say so explicitly; every other route requires them. */
    public?: boolean;
    /**
     * Routes for resource servers: only a verifier credential (Bearer or Basic) may call them, and
     * a verifier credential may call nothing else.
     */
    verifier?: boolean;
  }
}

export interface AuthDeps {
  sessions: SessionService;
  validation: ValidationService;
  brand: string;
  /** Derives the CSRF token a cookie-authenticated change must send. */
  keyring: PepperKeyring;
  verifiers: VerifierAuth;
}

export const authDeps = (ctx: { sessions: SessionService; validation: ValidationService; keyring: PepperKeyring; verifierAuth: VerifierAuth; config: { token_brand: string } }): AuthDeps => ({
  sessions: ctx.sessions, validation: ctx.validation, brand: ctx.config.token_brand, keyring: ctx.keyring, verifiers: ctx.verifierAuth,
});

/**
 * Resolves the caller of every non-public route, before validation of the body, and fails with
 * RFC 6750 answers: 401 + `WWW-Authenticate: Bearer …` with a precise reason. Session tokens
 * (kind `s`) and API tokens share one header and one format.
 */
export function installAuthentication(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('principal', null);
  // A callback hook, not an async one: public routes (the validate hot path among them) pass
  // through with no promise and no microtask.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.routeOptions.url || request.routeOptions.config.public) return done();
    if (request.routeOptions.config.verifier) {
      // A cached verifier is known without a promise (the introspection hot path).
      let v: ReturnType<typeof authenticateVerifier>;
      try {
        v = authenticateVerifier(request, deps);
      } catch (err) {
        return done(err as Error);
      }
      if (!(v instanceof Promise)) {
        request.principal = verifierPrincipal(v);
        return done();
      }
      v.then((identity) => {
        request.principal = verifierPrincipal(identity);
        done();
      }, done);
      return;
    }
    authenticate(request, deps).then((principal) => {
      request.principal = principal;
      done();
    }, done);
  });
}

/** The caller of a request from its Bearer credential (session or API token), or a 401 saying what is wrong. */
export async function authenticate(request: FastifyRequest, deps: AuthDeps): Promise<Principal> {
  const header = request.headers.authorization;
  const cookie = header ? undefined : sessionCookieOf(request);
  if (cookie) return authenticateCookie(request, cookie, deps);
  if (!header) {
    throw new ApiError('unauthenticated', 'no credentials: send "Authorization: Bearer <token>"', {}, bearerChallenge());
  }
  if (/^Bearer\s*$/i.test(header)) {
    throw new ApiError('unauthenticated', 'the bearer token is empty: "Authorization: Bearer " is followed by nothing (is the variable holding the token set here?)', { reason: 'empty' }, bearerChallenge('invalid_request', 'the bearer token is empty'));
  }
  const m = /^Bearer +(.*)$/is.exec(header);
  if (!m) {
    throw new ApiError('unauthenticated', 'use the Bearer scheme: "Authorization: Bearer <token>"', {}, bearerChallenge('invalid_request', 'use the Bearer scheme'));
  }
  const raw = m[1]!;
  if (deps.verifiers.looksLikeVerifier(raw)) {
    throw new ApiError('verifier_not_allowed', 'a verifier credential can only verify tokens (POST /v1/oauth/introspect); use a session or an API token here');
  }
  if (raw.startsWith(`${deps.brand}${TOKEN_KIND_LETTERS.session}_`)) {
    const session = await deps.sessions.authenticate(raw, request.ip);
    if (!session) throw invalid('session is invalid, expired or signed out; sign in again');
    return sessionPrincipal(session);
  }
  const result = await deps.validation.validate(raw, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, method: request.method, route: request.routeOptions.url ?? null });
  if (result.valid) return tokenPrincipal(result.token);
  if (result.code === 'malformed') {
    throw invalid(`invalid token format: ${result.diagnosis.message}; ${result.diagnosis.fix}`, { reason: result.diagnosis.code });
  }
  const prefix = result.displayPrefix ? ` (${result.displayPrefix})` : '';
  if (result.code === 'revoked' && result.replacedBy) {
    throw invalid(`token${prefix} was rotated: its grace period is over; use its replacement, ${result.replacedBy}`, { reason: 'rotated', replaced_by: result.replacedBy });
  }
  const message = result.code === 'invalid' ? 'token is not valid' : `token${prefix} is ${result.code}`;
  throw invalid(message, { reason: result.code });
}

/**
 * The browser's session cookie. A bearer header wins when both are sent (a page on another site
 * cannot set one), so only cookie requests need the CSRF header, and only to change something.
 */
async function authenticateCookie(request: FastifyRequest, raw: string, deps: AuthDeps): Promise<Principal> {
  const session = raw.startsWith(`${deps.brand}${TOKEN_KIND_LETTERS.session}_`) ? await deps.sessions.authenticate(raw, request.ip) : null;
  if (!session) throw invalid('your browser session is invalid, expired or signed out; sign in again');
  if (!isSafeMethod(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (!csrfTokenMatches(deps.keyring, session.sessionId, typeof sent === 'string' ? sent : undefined)) {
      throw new ApiError('csrf_failed', `a request signed in by cookie that changes something needs the ${CSRF_HEADER} header from the sign-in response or GET /v1/me`);
    }
  }
  return sessionPrincipal(session, true);
}

function invalid(message: string, details: Record<string, unknown> = {}) {
  return new ApiError('invalid_token', message, details, bearerChallenge('invalid_token', message));
}

/** Both schemes a verifier route takes (RFC 7662 §2.1 leaves client authentication to RFC 6749 §2.3.1: Basic, or a bearer credential). */
const VERIFIER_CHALLENGE = 'Basic realm="tessera", Bearer realm="tessera"';

function invalidClient(message: string, error?: string): ApiError {
  // A header holds printable ASCII only (the message may name `tsrv_…`).
  const bearer = error ? `, error="${error}", error_description="${message.replace(/…/g, '...').replace(/[^\x20-\x7e]|["\\]/g, '')}"` : '';
  return new ApiError('invalid_client', message, {}, { 'www-authenticate': `${VERIFIER_CHALLENGE}${bearer}` });
}

/**
 * The verifier credential of a verifier route: `Authorization: Bearer <credential>`, or `Basic`
 * with the credential as the password (the client id is not checked: the credential names its
 * verifier). Client id and password are form-encoded inside Basic (RFC 6749 §2.3.1), so both are
 * decoded. Anything else, an API token or a session included, is 401 invalid_client.
 */
export function authenticateVerifier(request: FastifyRequest, deps: AuthDeps): VerifierIdentity | Promise<VerifierIdentity> {
  const header = request.headers.authorization;
  if (!header) throw invalidClient('no credentials: send a verifier credential as "Authorization: Bearer <credential>" or as the Basic password');
  const m = /^(Bearer|Basic) +(\S+) *$/i.exec(header);
  if (!m) throw invalidClient('use "Authorization: Bearer <verifier credential>" or Basic with the credential as password', 'invalid_request');
  let raw = m[2]!;
  if (m[1]!.toLowerCase() === 'basic') {
    const decoded = Buffer.from(raw, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalidClient('Basic credentials must be base64 of "<client id>:<verifier credential>"', 'invalid_request');
    raw = formDecode(decoded.slice(colon + 1));
  }
  if (!deps.verifiers.looksLikeVerifier(raw)) throw invalidClient(`this route needs a verifier credential (${deps.brand}v_…), not an API token or a session`, 'invalid_token');
  const bad = () => invalidClient('the verifier credential is malformed, unknown or revoked', 'invalid_token');
  const v = deps.verifiers.authenticate(raw, request.ip);
  if (v instanceof Promise) {
    return v.then((identity) => {
      if (!identity) throw bad();
      return identity;
    });
  }
  if (!v) throw bad();
  return v;
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
