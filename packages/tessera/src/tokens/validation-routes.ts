import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../http/common-schemas.js';
import { ValidateBody, ValidateResponse } from './token-schemas.js';
import { permissionsIn } from '../authz/effective-permissions.js';
import type { TokenIdentity, ValidationResult, ValidationService } from './validation-service.js';

/**
 * What this route keeps per cached identity: its serialized valid answer (about 330 one-byte
 * characters for a workspace token), for as long as the identity lives. The composition root
 * passes it to the validation service, which counts it into the token cache's byte bound.
 */
export const VALID_ANSWER_BYTES = 400;

/**
 * `POST /v1/auth/validate {"token"}`: is this token valid, and for what? The token in the body is
 * the credential, so the route is public. Always 200 with `valid`, like RFC 7662 introspection.
 */
export const validationRoutes: FastifyPluginAsync<{ validation: Pick<ValidationService, 'validate'> }> = async (fastify, ctx) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  /** Serialized valid answers, by the (frozen, cached) identity they describe; gone with it. */
  const validBodies = new WeakMap<TokenIdentity, string>();
  app.post('/v1/auth/validate', {
    config: { public: true },
    // The hot path: counted by result in /metrics, not written to the log once per call (warnings and errors still are).
    logLevel: 'warn',
    schema: {
      operationId: 'validateToken',
      tags: ['validation'], summary: 'Validate a token: who it is and what it may do', security: [],
      body: ValidateBody, response: { 200: ValidateResponse, 400: ErrorResponse },
    },
  }, (request, reply) => {
    // Not an async handler: a cached answer is sent in this call, with no promise in between.
    const r = ctx.validation.validate(request.body.token, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, method: request.method, route: request.routeOptions.url ?? null });
    // Fastify takes the reply itself as "sent already"; the type provider knows only body types.
    const named = request.body.workspace;
    return (r instanceof Promise ? r.then((v) => answer(reply, v, named)) : answer(reply, r, named)) as never;
  });

  function answer(reply: FastifyReply, r: ValidationResult, workspace: string | undefined): FastifyReply {
    if (!r.valid) {
      if (r.code === 'malformed') return reply.send({ valid: false, code: 'malformed', reason: r.diagnosis.code, message: `${r.diagnosis.message}; ${r.diagnosis.fix}` });
      return reply.send({ valid: false, code: r.code });
    }
    // For a named workspace: that workspace's role and scopes (not kept; off the hot path).
    if (workspace !== undefined) return reply.send({ ...validBody(r.token), ...permissionsIn(r.token.effective, r.token.workspaceId, workspace) });
    // A valid token's answer depends on its identity alone, which the cache shares between calls:
    // it is serialized once, by this route's response schema, and sent as it is after that.
    let body = validBodies.get(r.token);
    if (body === undefined) {
      body = reply.serialize(validBody(r.token)) as string;
      validBodies.set(r.token, body);
    }
    return reply.type(JSON_TYPE).send(body);
  }
};

const JSON_TYPE = 'application/json; charset=utf-8';

/** `scopes` and `role` are effective (authz/effective-permissions.ts): what the token may do now, never merely what it was created with. */
const validBody = (t: TokenIdentity) => {
  const e = t.effective;
  return {
    valid: true, token_id: t.tokenId, kind: t.kind, display_prefix: t.displayPrefix, workspace_id: t.workspaceId, org_id: t.workspaceId,
    project_id: t.projectId, user_id: t.userId, scopes: e.scopes, granted_scopes: t.scopes, role: e.role,
    status: e.status, grace_ends_at: e.graceEndsAt?.toISOString() ?? null,
    ...(e.workspaces ? { workspaces: e.workspaces.map((w) => ({ workspace_id: w.workspaceId, role: w.role, scopes: w.scopes })) } : {}),
    expires_at: t.expiresAt?.toISOString() ?? null,
  };
};
