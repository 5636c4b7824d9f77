import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../http/common-schemas.js';
import { ApiError } from '../errors/api-error.js';
import { principalOf } from '../auth/request-context.js';
import type { ValidationResult, ValidationService } from '../tokens/validation-service.js';
import { introspectionAnswer } from './introspection.js';
import type { VerifierIdentity } from './verifier-auth.js';
import { IntrospectBody, IntrospectResponse } from './verifier-schemas.js';

const FORM = 'application/x-www-form-urlencoded';
/** A form body holds a token and a hint: far below this. */
const FORM_LIMIT_BYTES = 16 * 1024;

/** A form body as an object of its fields; a field sent twice is refused (RFC 6749 §3.1: "MUST NOT be included more than once"). */
function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (Object.hasOwn(out, k)) throw new ApiError('invalid_request', `body.${k.slice(0, 40)} is sent more than once`);
    out[k] = v;
  }
  return out;
}

/**
 * RFC 7662 token introspection, `POST /v1/oauth/introspect`, for resource servers holding a
 * verifier credential. Inactive (invalid, or out of the verifier's reach) is `{"active":false}`
 * and nothing else. On a cached token and verifier the answer is made with no promise and no
 * database query, like validate's.
 */
export const introspectionRoutes: FastifyPluginAsync<{ validation: Pick<ValidationService, 'validate'>; issuer: string }> = async (fastify, ctx) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // This plugin's routes only (Fastify scopes parsers to the plugin): the rest of the API speaks JSON.
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.post('/v1/oauth/introspect', {
    config: { verifier: true },
    logLevel: 'warn',
    schema: {
      operationId: 'introspectToken', tags: ['verifiers'],
      summary: 'RFC 7662 token introspection: is this token active, and for what (verifier credentials only; form-encoded or JSON)',
      security: [{ bearer: [] }, { basic: [] }],
      consumes: [FORM, 'application/json'],
      body: IntrospectBody, response: { 200: IntrospectResponse, 400: ErrorResponse, 401: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse },
    },
  }, (request, reply) => {
    const p = principalOf(request);
    if (p.type !== 'verifier') throw new ApiError('invalid_client', 'this route needs a verifier credential');
    const r = ctx.validation.validate(request.body.token, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, method: request.method, route: request.routeOptions.url ?? null });
    return (r instanceof Promise ? r.then((v) => answer(reply, v, p.verifier)) : answer(reply, r, p.verifier)) as never;
  });

  function answer(reply: FastifyReply, r: ValidationResult, verifier: VerifierIdentity): FastifyReply {
    return reply.send(introspectionAnswer(r, verifier, ctx.issuer));
  }
};
