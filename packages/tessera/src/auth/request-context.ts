import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/audit-context.js';
import { actorOf, type Principal } from '../authz/principal.js';
import { ApiError } from '../errors/api-error.js';
import { storableText } from '../http/storable-input.js';

export function auditContextOf(request: FastifyRequest): AuditContext {
  return {
    actor: request.principal ? actorOf(request.principal) : { type: 'anonymous', id: null, label: null, userId: null },
    ip: request.ip ?? null,
    // Node's HTTP parser refuses NUL in a header, but not every request arrives through it (inject, proxies).
    userAgent: request.headers['user-agent'] === undefined ? null : storableText(request.headers['user-agent']),
  };
}

/** The principal of an authenticated route (the authentication hook guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('unauthenticated', 'no credentials: send "Authorization: Bearer <token>"');
  return request.principal;
}
