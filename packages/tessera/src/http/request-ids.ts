import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Request ids (`req_…`, in logs, in every error body and in the `x-request-id` answer header): a
 * random prefix per app, so ids from several nodes do not collide, then a counter. No clock read
 * and no random draw per request.
 */
export function requestIds(): () => string {
  const prefix = `req_${randomBytes(6).toString('hex')}`;
  let n = 0;
  return () => `${prefix}${(++n).toString(36)}`;
}

/** What an incoming `x-request-id` may look like to be kept: a short run of letters, digits and `._:-`. */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The header's value when it is one well-formed id, else undefined. */
export function incomingRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && WELL_FORMED.test(header) ? header : undefined;
}

/**
 * Fastify's `genReqId`: behind a trusted proxy (TESSERA_TRUST_PROXY) a well-formed `x-request-id`
 * the proxy set is kept, so the proxy's log and Tessera's name the same request; otherwise (or
 * when it is malformed) a fresh id. A client that reaches the node directly cannot choose its id.
 */
export function requestIdGenerator(trustIncoming: boolean, next: () => string): (req: IncomingMessage) => string {
  if (!trustIncoming) return () => next();
  return (req) => incomingRequestId(req.headers['x-request-id']) ?? next();
}
