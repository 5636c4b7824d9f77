import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../http/common-schemas.js';
import { principalOf } from '../auth/request-context.js';
import type { ScopeRegistry } from './scope-registry.js';
import { ScopeInfo, ScopeList, ScopeListQuery } from './scope-schemas.js';

/**
 * `GET /v1/scopes`: the scopes of this instance, built-in and platform-defined, for the console's
 * and the CLI's create-token forms and for the services Tessera protects. Any signed-in user or
 * valid token may read it: it is the instance's vocabulary, not a workspace's data.
 */
export const scopeRoutes: FastifyPluginAsync<{ scopes: ScopeRegistry }> = async (fastify, ctx) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(ScopeInfo);
  const items = ctx.scopes.all().map((s) => ({ name: s.name, description: s.description, kinds: [...s.kinds], min_role: s.minRole, builtin: s.builtin }));
  app.get('/v1/scopes', {
    schema: {
      operationId: 'listScopes',
      tags: ['tokens'], summary: "List this instance's scopes: the built-in ones and those its operator declared, with the token kinds that may hold each and the lowest role that may grant it",
      querystring: ScopeListQuery, response: { 200: ScopeList, ...errorResponses },
    },
  }, async (request) => {
    principalOf(request);
    return { items };
  });
};
