import { timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';

/**
 * The browser's session: the same `tsrs_…` session token, held in an HttpOnly cookie instead of
 * script-readable storage. Every cookie-authenticated request that changes something must also
 * carry `X-CSRF-Token`, a value derived from the session id with the server's pepper: a page on
 * another site can make the browser send the cookie, but cannot read or forge that header.
 */
export const SESSION_COOKIE = 'tessera_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isSafeMethod = (method: string) => SAFE_METHODS.has(method.toUpperCase());

const csrfInput = (sessionId: string) => `csrf:${sessionId}`;

export function csrfTokenFor(keyring: PepperKeyring, sessionId: string): string {
  return keyring.hash(csrfInput(sessionId)).hash.toString('base64url');
}

/** Constant-time, and valid under any configured pepper (a pepper rotation does not sign browsers out). */
export function csrfTokenMatches(keyring: PepperKeyring, sessionId: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const got = Buffer.from(sent);
  return keyring.hashAll(csrfInput(sessionId)).some((h) => {
    const want = Buffer.from(h.toString('base64url'));
    return want.length === got.length && timingSafeEqual(want, got);
  });
}

/**
 * The session cookie a request sent, if any. Parsed here, where a cookie can authenticate, rather
 * than by a plugin hook on every request (the validate route never needs it).
 */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

const secure = (request: FastifyRequest, publicUrl: string) => publicUrl.startsWith('https:') || request.protocol === 'https';

/** `Secure` whenever the browser reached us over HTTPS, or the configured public URL is HTTPS. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, publicUrl: string, token: string, expiresAt: Date): void {
  reply.header('set-cookie', stringifySetCookie(SESSION_COOKIE, token, {
    httpOnly: true, secure: secure(request, publicUrl), sameSite: 'strict', path: '/', expires: expiresAt,
  }));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, publicUrl: string): void {
  reply.header('set-cookie', stringifySetCookie(SESSION_COOKIE, '', {
    httpOnly: true, secure: secure(request, publicUrl), sameSite: 'strict', path: '/', expires: new Date(0), maxAge: 0,
  }));
}
