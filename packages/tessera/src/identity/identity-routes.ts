import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { ErrorResponse, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../auth/request-context.js';
import { refuseVerifier } from '../authz/authorize.js';
import { ApiError } from '../errors/api-error.js';
import type { ProfileService } from './profile-service.js';
import type { SessionService } from './session-service.js';
import type { SetupService } from './setup-service.js';
import { clearSessionCookie, csrfTokenFor, setSessionCookie } from './session-cookie.js';
import { LoginBody, MeResponse, SessionCreated, SetupBody, SetupCreated } from './identity-schemas.js';

export interface IdentityRouteDeps {
  setup: Pick<SetupService, 'isRequired' | 'complete'>;
  sessions: Pick<SessionService, 'login' | 'logout'>;
  profiles: ProfileService;
  /** Derives the CSRF token a cookie sign-in answers with. */
  keyring: PepperKeyring;
  /** Decides the session cookie's `Secure` flag and path. */
  publicUrl: string;
}

export const identityRoutes: FastifyPluginAsync<IdentityRouteDeps> = async (fastify, ctx) => {
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
    const { cookie, ...body } = request.body;
    const s = await ctx.setup.complete(body, auditContextOf(request));
    const out = { expires_at: s.expiresAt.toISOString(), user: s.user, workspace: s.workspace };
    if (!cookie) return reply.status(201).send({ token: s.token, ...out });
    setSessionCookie(request, reply, ctx.publicUrl, s.token, s.expiresAt);
    return reply.status(201).send({ csrf_token: csrfTokenFor(ctx.keyring, s.sessionId), ...out });
  });

  app.post('/v1/sessions', {
    config: { public: true },
    schema: { operationId: 'createSession', tags: ['identity'], summary: 'Sign in with email and password', security: [], body: LoginBody, response: { 201: SessionCreated, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse } },
  }, async (request, reply) => {
    const s = await ctx.sessions.login(request.body.email, request.body.password, auditContextOf(request));
    const out = { expires_at: s.expiresAt.toISOString(), user: s.user };
    if (!request.body.cookie) return reply.status(201).send({ token: s.token, ...out });
    setSessionCookie(request, reply, ctx.publicUrl, s.token, s.expiresAt);
    return reply.status(201).send({ csrf_token: csrfTokenFor(ctx.keyring, s.sessionId), ...out });
  });

  app.delete('/v1/sessions/current', {
    schema: { operationId: 'deleteCurrentSession', tags: ['identity'], summary: 'Sign out: revoke the session used for this request (and clear the browser cookie)', response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const p = principalOf(request);
    if (p.type !== 'session') throw new ApiError('wrong_token_kind', 'only a session can sign out; revoke an API token with DELETE /v1/tokens/{id}');
    await ctx.sessions.logout(p.sessionId, auditContextOf(request));
    if (p.viaCookie) clearSessionCookie(request, reply, ctx.publicUrl);
    return reply.status(204).send(null);
  });

  app.get('/v1/me', {
    schema: { operationId: 'getMe', tags: ['identity'], summary: 'Who is calling: the user and their workspaces, or the token and what it may do', response: { 200: MeResponse, ...errorResponses } },
  }, async (request) => {
    const p = principalOf(request);
    refuseVerifier(p); // authentication already keeps verifier credentials away from this route
    const userId = p.type === 'session' ? p.user.id : p.token.userId;
    const userOut = userId ? await ctx.profiles.user(userId) : undefined;
    if (p.type === 'session') {
      const workspaces = await ctx.profiles.workspaces(p.user.id);
      return { principal: 'session' as const, ...(p.viaCookie ? { csrf_token: csrfTokenFor(ctx.keyring, p.sessionId) } : {}), user: userOut, workspaces };
    }
    const t = p.token;
    const e = t.effective; // what it may do now, as validate answers it
    return {
      principal: 'token' as const,
      ...(userOut ? { user: userOut } : {}),
      token: {
        id: t.tokenId, kind: t.kind, name: t.name, display_prefix: t.displayPrefix, scopes: [...e.scopes], granted_scopes: [...t.scopes], role: e.role,
        status: e.status, grace_ends_at: e.graceEndsAt?.toISOString() ?? null,
        ...(e.workspaces ? { workspaces: e.workspaces.map((w) => ({ workspace_id: w.workspaceId, role: w.role, scopes: [...w.scopes] })) } : {}),
        workspace_id: t.workspaceId, project_id: t.projectId, user_id: t.userId, expires_at: t.expiresAt?.toISOString() ?? null,
      },
    };
  });
};
