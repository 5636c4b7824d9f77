import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import type { InvitationService } from './invitation-service.js';
import { ErrorResponse, Name, Password } from '../http/common-schemas.js';
import { auditContextOf } from '../auth/request-context.js';
import { SetupCreated } from './identity-schemas.js';
import { csrfTokenFor, setSessionCookie } from './session-cookie.js';

const AcceptInvitationBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 100, description: 'The one-time code from POST /v1/workspaces/{workspace}/members.' }),
  password: Password,
  name: Type.Optional(Name),
  cookie: Type.Optional(Type.Boolean({ description: 'Browser sign-in: hold the session in an HttpOnly cookie instead of returning it; the answer then carries csrf_token instead of token.' })),
}, { additionalProperties: false });

export interface InvitationRouteDeps {
  invitations: Pick<InvitationService, 'accept'>;
  /** Derives the CSRF token a cookie sign-in answers with. */
  keyring: PepperKeyring;
  /** Decides the session cookie's `Secure` flag and path. */
  publicUrl: string;
}

export const invitationRoutes: FastifyPluginAsync<InvitationRouteDeps> = async (fastify, ctx) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/v1/invitations/accept', {
    config: { public: true },
    schema: {
      operationId: 'acceptInvitation',
      tags: ['identity'], summary: 'Accept an invitation: choose your password and sign in', security: [],
      body: AcceptInvitationBody, response: { 201: SetupCreated, 400: ErrorResponse, 422: ErrorResponse },
    },
  }, async (request, reply) => {
    const { cookie, ...body } = request.body;
    const s = await ctx.invitations.accept(body, auditContextOf(request));
    const out = { expires_at: s.expiresAt.toISOString(), user: s.user, workspace: s.workspace };
    if (!cookie) return reply.status(201).send({ token: s.token, ...out });
    setSessionCookie(request, reply, ctx.publicUrl, s.token, s.expiresAt);
    return reply.status(201).send({ csrf_token: csrfTokenFor(ctx.keyring, s.sessionId), ...out });
  });
};
