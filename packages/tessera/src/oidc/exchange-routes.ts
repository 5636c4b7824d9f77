import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ExchangeService } from './exchange-service.js';
import { ErrorResponse } from '../http/common-schemas.js';
import { auditContextOf } from '../auth/request-context.js';
import { ExchangeBody, ExchangeResult } from './trust-policy-schemas.js';

/** The public exchange: the ID token in the body is the credential, so no Authorization header is read. */
export const exchangeRoutes: FastifyPluginAsync<{ oidc: Pick<ExchangeService, 'exchange'> }> = async (fastify, ctx) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/v1/oidc/exchange', {
    config: { public: true },
    schema: {
      operationId: 'exchangeOidcToken',
      tags: ['oidc'], security: [],
      summary: "Exchange a CI job's OIDC ID token (GitHub Actions, GitLab CI, …) for a short-lived ci token, as a trust policy allows",
      description: 'The ID token must be signed (RS256/ES256) by an issuer some trust policy names, carry this server\'s audience, be unexpired, younger than the maximum age and not exchanged before. The answer is a project-bound `tsrc_` token with the policy\'s scopes, valid for the policy\'s lifetime.',
      body: ExchangeBody,
      response: { 201: ExchangeResult, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 502: ErrorResponse },
    },
  }, async (request, reply) => reply.status(201).send(await ctx.oidc.exchange(request.body, auditContextOf(request))));
};
