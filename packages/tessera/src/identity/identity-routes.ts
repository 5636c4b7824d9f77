import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../composition-root.js';
import { ErrorResponse, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../http/request-context.js';
import { ApiError } from '../http/api-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { findUserById } from './user-repository.js';
import { listWorkspacesOfUser } from '../workspaces/workspace-repository.js';
import { clearSessionCookie, csrfTokenFor, setSessionCookie } from './session-cookie.js';
import { LoginBody, MeResponse, SessionCreated, SetupBody, SetupCreated } from './identity-schemas.js';

export const identityRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/v1/setup', {
    config: { public: true },
    schema: { operationId: 'getSetupStatus', tags: ['identity'], summary: 'Whether first-run setup is still needed', security: [], response: { 200: Type.Object({ setup_required: Type.Boolean() }) } },
  }, async () => ({ setup_required: await ctx.setup.isRequired() }));

  app.post('/v1/setup', {
    config: { public: true },
    schema: {
      operationId: 'completeSetup',
      tags: ['identity'], summary: 'Create the first owner and workspace (only while no user exists)', security: [],
      body: SetupBody,
      response: { 201: SetupCreated, 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse },
    },
  }, async (request, reply) => {
    try {
      const { cookie, ...body } = request.body;
      const s = await ctx.setup.complete(body, auditContextOf(request));
      const out = { expires_at: s.expiresAt.toISOString(), user: s.user, workspace: s.workspace };
      if (!cookie) return reply.status(201).send({ token: s.token, ...out });
      setSessionCookie(request, reply, ctx.config.public_url, s.token, s.expiresAt);
      return reply.status(201).send({ csrf_token: csrfTokenFor(ctx.keyring, s.sessionId), ...out });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError('already_set_up', 'this server is already set up; sign in instead');
      throw err;
    }
  });

  app.post('/v1/sessions', {
    config: { public: true },
    schema: { operationId: 'createSession', tags: ['identity'], summary: 'Sign in with email and password', security: [], body: LoginBody, response: { 201: SessionCreated, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse } },
  }, async (request, reply) => {
    const s = await ctx.sessions.login(request.body.email, request.body.password, auditContextOf(request));
    const out = { expires_at: s.expiresAt.toISOString(), user: s.user };
    if (!request.body.cookie) return reply.status(201).send({ token: s.token, ...out });
    setSessionCookie(request, reply, ctx.config.public_url, s.token, s.expiresAt);
    return reply.status(201).send({ csrf_token: csrfTokenFor(ctx.keyring, s.sessionId), ...out });
  });

  app.delete('/v1/sessions/current', {
    schema: { operationId: 'deleteCurrentSession', tags: ['identity'], summary: 'Sign out: revoke the session used for this request (and clear the browser cookie)', response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const p = principalOf(request);
    if (p.type !== 'session') throw new ApiError('wrong_token_kind', 'only a session can sign out; revoke an API token with DELETE /v1/tokens/{id}');
    await ctx.sessions.logout(p.sessionId, auditContextOf(request));
    if (p.viaCookie) clearSessionCookie(request, reply, ctx.config.public_url);
    return reply.status(204).send(null);
  });

  app.get('/v1/me', {
    schema: { operationId: 'getMe', tags: ['identity'], summary: 'Who is calling: the user and their workspaces, or the token and what it may do', response: { 200: MeResponse, ...errorResponses } },
  }, async (request) => {
    const p = principalOf(request);
    const userId = p.type === 'session' ? p.user.id : p.token.userId;
    const user = userId ? await findUserById(ctx.db, userId) : undefined;
    const userOut = user ? { id: user.id, email: user.email, name: user.name, kind: user.kind } : undefined;
    if (p.type === 'session') {
      const workspaces = await listWorkspacesOfUser(ctx.db, p.user.id);
      return { principal: 'session' as const, ...(p.viaCookie ? { csrf_token: csrfTokenFor(ctx.keyring, p.sessionId) } : {}), user: userOut, workspaces: workspaces.map((w) => ({ id: w.id, slug: w.slug, name: w.name, role: w.role })) };
    }
    const t = p.token;
    return {
      principal: 'token' as const,
      ...(userOut ? { user: userOut } : {}),
      token: { id: t.tokenId, kind: t.kind, name: t.name, display_prefix: t.displayPrefix, scopes: t.scopes, workspace_id: t.workspaceId, project_id: t.projectId, user_id: t.userId, expires_at: t.expiresAt?.toISOString() ?? null },
    };
  });
};
