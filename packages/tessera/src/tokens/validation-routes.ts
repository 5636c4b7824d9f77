import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../composition-root.js';
import { ErrorResponse } from '../http/common-schemas.js';
import { ValidateBody, ValidateResponse } from './token-schemas.js';

/**
 * `POST /v1/auth/validate {"token"}`: is this token valid, and for what? The token in the body is
 * the credential, so the route is public. Always 200 with `valid`, like RFC 7662 introspection.
 */
export const validationRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/v1/auth/validate', {
    config: { public: true },
    // The hot path: counted by result in /metrics, not written to the log once per call (warnings and errors still are).
    logLevel: 'warn',
    schema: {
      tags: ['validation'], summary: 'Validate a token: who it is and what it may do', security: [],
      body: ValidateBody, response: { 200: ValidateResponse, 400: ErrorResponse },
    },
  }, async (request) => {
    const r = await ctx.validation.validate(request.body.token, { ip: request.ip });
    if (!r.valid) {
      if (r.code === 'malformed') return { valid: false, code: 'malformed', reason: r.diagnosis.code, message: `${r.diagnosis.message}; ${r.diagnosis.fix}` };
      return { valid: false, code: r.code };
    }
    const t = r.token;
    return {
      valid: true, token_id: t.tokenId, kind: t.kind, display_prefix: t.displayPrefix, workspace_id: t.workspaceId, org_id: t.workspaceId,
      project_id: t.projectId, user_id: t.userId, scopes: t.scopes, expires_at: t.expiresAt?.toISOString() ?? null,
    };
  });
};
