import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { describeDatabaseError, isDatabaseUnavailable } from '../db/errors.js';
import { describeValidationFailure } from './validation-message.js';

/** Seconds a client is asked to wait after `database_unavailable`: about one connect timeout and a reconnect. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

interface ErrorBody {
  error: { code: ErrorCode; message: string; request_id: string } & Record<string, unknown>;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
};

/** Errors Fastify raises before routing (a malformed URL, an overlong path parameter), in the same shape. */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const body: ErrorBody = {
    error: { code: tooLong ? 'uri_too_long' : 'invalid_request', message: tooLong ? 'a path segment is too long' : 'the URL is malformed', request_id: request.id },
  };
  void reply.status(tooLong ? 414 : 400).type('application/json').send(body);
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before there is a request (a
 * bad request line or header, headers over the size limit, a request that never finishes) is
 * answered in the same error shape, with a request id from the app's generator, and the
 * connection closed. Nothing of the raw request (the parser error carries its bytes, which may
 * hold credentials) is logged.
 */
export function clientErrors(requestId: () => string) {
  return function onClientError(this: FastifyInstance, err: Error & { code?: string }, socket: Duplex): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code, message]: [number, ErrorCode, string] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers_too_large', `the request line and headers are larger than the limit of ${maxHeaderSize} bytes`]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request_timeout', 'the request did not arrive in time']
          : [400, 'malformed_request', 'the HTTP request could not be parsed'];
    const body = JSON.stringify({ error: { code, message, request_id: requestId() } } satisfies ErrorBody);
    this.log.debug({ code: err.code, status }, 'client error');
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`);
    }
    socket.destroy();
  };
}

/**
 * Turns every failure into `{"error":{"code","message","request_id"}}`. Client mistakes keep
 * their 4xx status and a precise message; anything unexpected becomes a 500 whose message
 * reveals nothing (the log has the detail, under the same request id).
 */
export function installErrorHandler(app: FastifyInstance, bodyLimit: number, outageLogIntervalMs = 1000): void {
  const outage = outageLog(outageLogIntervalMs);
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    const send = (status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}) => {
      const body: ErrorBody = { error: { code, message, request_id: request.id, ...extra } };
      return reply.status(status).type('application/json').send(body);
    };
    if (err instanceof ApiError) {
      // 502: an upstream (an OIDC issuer) failed; that is logged where it is detected, once and without a stack.
      if (err.status >= 500 && err.status !== 502) request.log.error({ err }, 'request failed');
      void reply.headers(err.headers);
      return send(err.status, err.code, err.message, err.details);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      return send(400, 'invalid_request', describeValidationFailure(fe.validation[0] as ErrorObject | undefined, fe.validationContext ?? 'request'));
    }
    const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (mapped === 'payload_too_large') {
      // The route's own limit where it has one (uploads), else the JSON body limit.
      const limit = request.routeOptions.bodyLimit ?? bodyLimit;
      return send(413, mapped, `request body is larger than the limit of ${limit} bytes`, { limit_bytes: limit });
    }
    if (mapped === 'malformed_json' || (fe instanceof SyntaxError && fe.statusCode === 400)) {
      // Only a parser other than installJsonParser's gets here; that one says where the JSON breaks.
      return send(400, 'malformed_json', 'request body is not valid JSON');
    }
    if (mapped === 'unsupported_media_type') return send(415, mapped, unsupportedType(request));
    if (mapped) return send(fe.statusCode ?? 400, mapped, fe.message);
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return send(fe.statusCode, 'invalid_request', fe.message);
    if (isDatabaseUnavailable(err)) {
      // Logged without the error itself: its message can name the database host, its stack nothing useful.
      outage(request, err);
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return send(503, 'database_unavailable', 'the database is unavailable; retry shortly');
    }
    request.log.error({ err }, 'unhandled error');
    return send(500, 'internal_error', 'internal server error');
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: 'not_found_route', message: `no route ${request.method} ${request.url.split('?')[0]}`, request_id: request.id } };
    return reply.status(404).send(body);
  });
}


/** What a 415 says: the type that was sent, and what to send instead. */
function unsupportedType(request: FastifyRequest): string {
  const sent = (request.headers['content-type'] ?? '').slice(0, 100);
  const form = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(sent);
  return `Content-Type "${sent}" is not accepted by ${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}: send the body as JSON with Content-Type: application/json${form ? ' (form bodies are not accepted here)' : ''}`;
}

/**
 * The "database unavailable" warning, at most once per interval per process, counting the
 * refusals it stands for (`refused`): during an outage every request is refused, and a gateway
 * under load would otherwise write thousands of identical lines a second. Each refused request is
 * still counted in /metrics (5xx by route) and answered with its request id.
 */
export function outageLog(intervalMs: number, now: () => number = () => performance.now()): (request: FastifyRequest, err: unknown) => void {
  let quietUntil = -Infinity;
  let refused = 0;
  return (request, err) => {
    refused++;
    const t = now();
    if (t < quietUntil) return;
    quietUntil = t + intervalMs;
    request.log.warn({ db: describeDatabaseError(err), refused }, 'database unavailable');
    refused = 0;
  };
}
