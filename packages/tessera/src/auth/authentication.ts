import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionPrincipal, tokenPrincipal, type Principal } from '../authz/principal.js';
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
  }
}

export interface AuthDeps {
  sessions: SessionService;
  validation: ValidationService;
  brand: string;
  /** Derives the CSRF token a cookie-authenticated change must send. */
  keyring: PepperKeyring;
}

export const authDeps = (ctx: { sessions: SessionService; validation: ValidationService; keyring: PepperKeyring; config: { token_brand: string } }): AuthDeps => ({
  sessions: ctx.sessions, validation: ctx.validation, brand: ctx.config.token_brand, keyring: ctx.keyring,
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
  const m = /^Bearer +(.*)$/is.exec(header);
  if (!m) {
    throw new ApiError('unauthenticated', 'use the Bearer scheme: "Authorization: Bearer <token>"', {}, bearerChallenge('invalid_request', 'use the Bearer scheme'));
  }
  const raw = m[1]!;
  if (raw.startsWith(`${deps.brand}${TOKEN_KIND_LETTERS.session}_`)) {
    const session = await deps.sessions.authenticate(raw, request.ip);
    if (!session) throw invalid('session is invalid, expired or signed out; sign in again');
    return sessionPrincipal(session);
  }
  const result = await deps.validation.validate(raw, { ip: request.ip });
  if (result.valid) return tokenPrincipal(result.token);
  if (result.code === 'malformed') {
    throw invalid(`invalid token format: ${result.diagnosis.message}; ${result.diagnosis.fix}`, { reason: result.diagnosis.code });
  }
  const prefix = result.displayPrefix ? ` (${result.displayPrefix})` : '';
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
