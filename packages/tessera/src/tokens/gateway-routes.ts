import type { FastifyPluginAsync, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../http/common-schemas.js';
import { ApiError } from '../errors/api-error.js';
import { bearerChallenge } from '../errors/bearer-challenge.js';
import type { RefResolver, ResolvedRef } from '../workspaces/ref-resolver.js';
import { BEARER, combine, decide, defaultScopeFor, headerValue, SCOPE_PATTERN, type GatewayResult } from './gateway-decision.js';
import type { TokenIdentity, ValidationResult, ValidationService } from './validation-service.js';

/** Every method a proxy may send its check with (nginx's auth_request keeps the client's). */
const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export const GatewayQuery = Type.Object({
  scope: Type.Optional(Type.String({ pattern: SCOPE_PATTERN, description: 'The scope the location requires (built-in or platform-defined). Default: `read` for GET, HEAD and OPTIONS, `write` for every other method.' })),
  project: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The project the location serves: `<workspace>/<project>` (slugs or ids) or a project id (`prj_…`). The token must be able to act on it.' })),
  workspace: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The workspace the location serves (slug or `wsp_…` id). An unrestricted personal token is then judged by its role there.' })),
}, { additionalProperties: false });

const IDENTITY_HEADERS = {
  'x-tessera-token-id': { type: 'string', description: 'The token id (`tok_…`).' },
  'x-tessera-kind': { type: 'string', description: '`personal`, `workspace`, `project` or `ci`.' },
  'x-tessera-workspace-id': { type: 'string', description: 'The workspace it acts in (the named one for an unrestricted personal token); empty when none.' },
  'x-tessera-project-id': { type: 'string', description: 'The project a project or ci token is bound to; empty otherwise.' },
  'x-tessera-user-id': { type: 'string', description: 'The user of a personal token; empty otherwise.' },
  'x-tessera-scopes': { type: 'string', description: 'Effective scopes, space-separated (OAuth style).' },
  'x-tessera-role': { type: 'string', description: 'Effective role in that workspace; empty for an unrestricted personal token with no workspace named.' },
  'x-tessera-status': { type: 'string', description: '`active`, or `rotating` (replaced by a rotation; it stops at the end of its grace period).' },
};

/**
 * `/v1/auth/gateway` (any method): the check behind nginx `auth_request`, Caddy `forward_auth`,
 * Traefik ForwardAuth and Envoy `ext_authz` (HTTP). 200 with identity headers, 401 with an
 * RFC 6750 challenge, 403 (scope or project), 400 for a bad location configuration, 503 when the
 * database is needed and down — never a redirect, never a 5xx for a bad token. See docs/integrate.md.
 *
 * The body is never read: this plugin's only content parser takes none of it, and a request that
 * has one is answered with `Connection: close`, so a proxy that forwards the client's body (Envoy,
 * Traefik) costs nothing for it. On a warm token the answer is sent in this call, like validate's.
 */
export const gatewayRoutes: FastifyPluginAsync<{ validation: Pick<ValidationService, 'validate'>; refs: RefResolver; observe?: (result: GatewayResult) => void }> = async (fastify, ctx) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const observe = ctx.observe ?? (() => {});
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  // Schema errors (a malformed scope) and a database outage reach the error handler: counted here,
  // by the error (this hook runs before the handler has set the status). ApiErrors were counted where thrown.
  const onError = (_request: FastifyRequest, _reply: FastifyReply, error: Error, done: () => void) => {
    if (!(error instanceof ApiError)) {
      const status = (error as { statusCode?: unknown }).statusCode;
      observe(typeof status === 'number' && status < 500 ? 'bad_request' : 'unavailable');
    }
    done();
  };

  const schema = {
    querystring: GatewayQuery,
    response: {
      200: { description: 'Allowed. No body; the identity is in the headers, for the proxy to pass upstream.', type: 'null', headers: IDENTITY_HEADERS },
      400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse,
    },
  };
  // Documented once, as GET (one operation id); every other method answers the same.
  app.route({
    method: 'GET', url: '/v1/auth/gateway', exposeHeadRoute: false,
    config: { public: true }, logLevel: 'warn', onError,
    schema: {
      operationId: 'gatewayCheck', tags: ['validation'], security: [],
      summary: 'Gateway check for nginx auth_request, Caddy forward_auth, Traefik ForwardAuth, Envoy ext_authz (any method)',
      description: 'Accepts any method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS) with the same answer. Reads `Authorization: Bearer <token>` and the original method (`X-Original-Method`, else `X-Forwarded-Method`, else this request\'s). The body is ignored, never read. See docs/integrate.md.',
      ...schema,
    },
    handler: (request, reply) => check(request, reply, request.query) as never,
  });
  app.route({
    method: METHODS.filter((m) => m !== 'GET'), url: '/v1/auth/gateway', exposeHeadRoute: false,
    config: { public: true }, logLevel: 'warn', onError,
    schema: { hide: true, ...schema },
    handler: (request, reply) => check(request, reply, request.query) as never,
  });
  // Envoy's ext_authz (HTTP) appends the client's path to the service's `path_prefix`: the
  // client chose that query string, so it sets no requirement here (the method decides).
  app.route({
    method: METHODS, url: '/v1/auth/gateway/*', exposeHeadRoute: false,
    config: { public: true }, logLevel: 'warn', onError,
    schema: { hide: true },
    handler: (request, reply) => check(request, reply, NO_REQUIREMENTS),
  });

  function check(request: FastifyRequest, reply: FastifyReply, q: GatewayQueryType): FastifyReply {
    const h = request.headers;
    if (h['content-length'] !== undefined ? h['content-length'] !== '0' : h['transfer-encoding'] !== undefined) reply.header('connection', 'close');
    const auth = h.authorization;
    if (!auth) return deny(reply, 'unauthenticated', new ApiError('unauthenticated', 'no credentials: send "Authorization: Bearer <token>"', {}, bearerChallenge()));
    if (EMPTY_BEARER.test(auth)) return deny(reply, 'unauthenticated', new ApiError('unauthenticated', 'the bearer token is empty: "Authorization: Bearer " is followed by nothing', { reason: 'empty' }, bearerChallenge('invalid_request', 'the bearer token is empty')));
    const m = BEARER.exec(auth);
    if (!m) return deny(reply, 'unauthenticated', new ApiError('unauthenticated', 'use the Bearer scheme: "Authorization: Bearer <token>"', {}, bearerChallenge('invalid_request', 'use the Bearer scheme')));
    const method = headerValue(h['x-original-method']) ?? headerValue(h['x-forwarded-method']) ?? request.method;
    const scope = q.scope ?? defaultScopeFor(method);
    if (q.project !== undefined && !q.project.includes('/') && !q.project.startsWith('prj_')) {
      return deny(reply, 'bad_request', new ApiError('invalid_request', 'project: name it as <workspace>/<project> (slugs or ids) or by its id (prj_…)'));
    }
    const r = ctx.validation.validate(m[1]!, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, method: request.method, route: request.routeOptions.url ?? null });
    // Fastify takes the reply itself as "sent already".
    return (r instanceof Promise ? r.then((v) => judged(reply, v, scope, q)) : judged(reply, r, scope, q)) as never;
  }

  function judged(reply: FastifyReply, r: ValidationResult, scope: string, q: GatewayQueryType): FastifyReply | Promise<FastifyReply> {
    if (!r.valid) {
      const message = r.code === 'malformed'
        ? `invalid token format: ${r.diagnosis.message}; ${r.diagnosis.fix}`
        : r.code === 'invalid' ? 'token is not valid'
          : r.code === 'revoked' && r.replacedBy ? `token (${r.displayPrefix}) was rotated: use its replacement, ${r.replacedBy}`
            : `token${r.displayPrefix ? ` (${r.displayPrefix})` : ''} is ${r.code}`;
      const reason = r.code === 'malformed' ? r.diagnosis.code : r.code === 'revoked' && r.replacedBy ? 'rotated' : r.code;
      return deny(reply, 'invalid_token', new ApiError('invalid_token', message, { reason, ...(r.code === 'revoked' && r.replacedBy ? { replaced_by: r.replacedBy } : {}) }, bearerChallenge('invalid_token', message)));
    }
    if (q.project === undefined && q.workspace === undefined) return answer(reply, r.token, scope, undefined, '');
    const target = resolveTarget(q);
    const label = q.project ?? q.workspace!;
    return target instanceof Promise ? target.then((t) => answer(reply, r.token, scope, t, label)) : answer(reply, r.token, scope, target, label);
  }

  /** The location's project and workspace as ids; `null` when either names nothing, or they disagree. */
  function resolveTarget(q: GatewayQueryType): ResolvedRef | null | undefined | Promise<ResolvedRef | null | undefined> {
    const p = q.project !== undefined ? ctx.refs.project(q.project) : undefined;
    const w = q.workspace !== undefined ? ctx.refs.workspace(q.workspace) : undefined;
    if (p instanceof Promise || w instanceof Promise) return Promise.all([p, w]).then(([pp, ww]) => combine(pp, ww));
    return combine(p, w);
  }

  function answer(reply: FastifyReply, token: TokenIdentity, scope: string, target: ResolvedRef | null | undefined, label: string): FastifyReply {
    const d = decide(token, scope, target, label);
    if (d.allowed) {
      observe('allowed');
      return reply.headers(d.headers).send();
    }
    if (d.code === 'insufficient_scope') {
      return deny(reply, 'insufficient_scope', new ApiError('insufficient_scope', d.message, { required_scope: d.scope }, bearerChallenge('insufficient_scope', d.message, d.scope)));
    }
    return deny(reply, 'wrong_project', new ApiError('wrong_project', d.message, {}, bearerChallenge('insufficient_scope', d.message)));
  }

  function deny(reply: FastifyReply, result: GatewayResult, err: ApiError): FastifyReply {
    observe(result);
    return reply.send(err);
  }
};

type GatewayQueryType = { scope?: string; project?: string; workspace?: string };
const NO_REQUIREMENTS: GatewayQueryType = Object.freeze({});
const EMPTY_BEARER = /^Bearer\s*$/i;
