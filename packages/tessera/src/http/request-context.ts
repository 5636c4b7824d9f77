import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/audit-context.js';
import { actorOf, type Principal } from '../authz/principal.js';
import { ApiError } from './api-error.js';

export function auditContextOf(request: FastifyRequest): AuditContext {
  return {
    actor: request.principal ? actorOf(request.principal) : { type: 'anonymous', id: null, label: null, userId: null },
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

/** The principal of an authenticated route (the authentication hook guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('unauthenticated', 'no credentials: send "Authorization: Bearer <token>"');
  return request.principal;
}

/** Opaque keyset cursors: base64url JSON, validated on the way back in. */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string | undefined, keys: readonly K[]): Record<K, string> | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (keys.every((k) => typeof v[k] === 'string')) return v as Record<K, string>;
  } catch {
    /* fall through */
  }
  throw new ApiError('invalid_request', 'querystring.cursor is not a cursor this server issued');
}
