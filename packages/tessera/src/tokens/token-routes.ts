import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TokenService } from './token-service.js';
import type { TokenSort } from './token-kinds.js';
import { ErrorResponse, WorkspaceRef, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../auth/request-context.js';
import { cursorField, decodeCursor, encodeCursor } from '../http/cursors.js';
import { BulkRevokeBody, BulkRevokeResult, CreateMyTokenBody, CreateTokenBody, ListTokensQuery, RevokeQuery, RotateBody, Token, TokenPage, TokenWithSecret, UpdateTokenBody } from './token-schemas.js';

const mutationErrors = { ...errorResponses, 409: ErrorResponse, 422: ErrorResponse };
/** A token id, or its display prefix (brand, kind letter, `_`, 8-character public id), as logs and lists show it. */
const TokenId = Type.Object({
  id: Type.String({ pattern: '^(tok_[0-9A-Za-z]{16}|[a-z]{2,8}[wpuc]_[0-9A-Za-z]{8})$', description: 'A token id (tok_…) or its display prefix (tsrp_Ab3dE5fG)' }),
});
const WorkspaceParams = Type.Object({ workspace: WorkspaceRef });

/** What a cursor's sort key may hold, by sort: an instant as issued (or ±infinity for a missing one), or a name. */
const sortValue = (sort: TokenSort) => {
  const field = sort.replace(/^-/, '');
  if (field === 'name') return (v: string) => v.length >= 1 && v.length <= 100;
  if (field === 'created_at') return cursorField.timestamp;
  const missing = field === 'expires_at' ? 'infinity' : '-infinity';
  return (v: string) => v === missing || cursorField.timestamp(v);
};
/**
 * A cursor carries its sort (`s`), the last row's sort key (`v`) and id (`i`); one issued for
 * another sort is refused. Cursors issued before sorting existed (`c` + `i`, newest first) still work.
 */
const cursorOf = (cursor: string | undefined, sort: TokenSort = '-created_at') => {
  if (cursor === undefined || cursor === '') return undefined;
  if (sort === '-created_at') {
    try {
      const old = decodeCursor(cursor, { c: cursorField.timestamp, i: cursorField.id('token') });
      if (old) return { value: old.c, id: old.i };
    } catch { /* not the old shape: the current one below */ }
  }
  const c = decodeCursor(cursor, { s: (v) => v === sort, v: sortValue(sort), i: cursorField.id('token') });
  return c ? { value: c.v, id: c.i } : undefined;
};
const pageOut = (p: { items: unknown[]; next: { sort: TokenSort; value: string; id: string } | null }) => ({
  items: p.items,
  next_cursor: p.next ? encodeCursor({ s: p.next.sort, v: p.next.value, i: p.next.id }) : null,
});

export const tokenRoutes: FastifyPluginAsync<{ tokens: TokenService }> = async (fastify, ctx) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(Token);
  const tags = ['tokens'];

  app.post('/v1/workspaces/:workspace/tokens', {
    schema: {
      operationId: 'createWorkspaceToken',
      tags, summary: 'Create a workspace, project or personal token. The response is the only one that ever holds the secret.',
      params: WorkspaceParams, body: CreateTokenBody, response: { 201: TokenWithSecret, ...mutationErrors },
    },
  }, async (request, reply) => {
    // workspace_id / org_id in the body are accepted and ignored: the path decides the workspace.
    const { workspace_id: _w, org_id: _o, ...input } = request.body;
    const created = await ctx.tokens.create(principalOf(request), request.params.workspace, input, auditContextOf(request));
    return reply.status(201).send(created);
  });

  app.get('/v1/workspaces/:workspace/tokens', {
    schema: {
      operationId: 'listWorkspaceTokens',
      tags, summary: "List tokens (admins see all; others see their own personal tokens). Never returns secrets.",
      params: WorkspaceParams, querystring: ListTokensQuery, response: { 200: TokenPage, ...errorResponses },
    },
  }, async (request) => {
    const { cursor, ...q } = request.query;
    return pageOut(await ctx.tokens.list(principalOf(request), request.params.workspace, { ...q, cursor: cursorOf(cursor, q.sort) }));
  });

  app.post('/v1/workspaces/:workspace/tokens/revoke', {
    schema: {
      operationId: 'revokeWorkspaceTokens',
      tags, summary: 'Revoke many tokens at once: by id, by kind or project, or every token without expiration',
      params: WorkspaceParams, body: BulkRevokeBody, response: { 200: BulkRevokeResult, ...mutationErrors },
    },
  }, async (request) => {
    const tokens = await ctx.tokens.bulkRevoke(principalOf(request), request.params.workspace, request.body, auditContextOf(request));
    return { revoked_count: tokens.length, tokens };
  });

  app.get('/v1/tokens/:id', {
    schema: { operationId: 'getToken', tags, summary: 'One token (metadata only)', params: TokenId, response: { 200: Type.Ref('Token'), ...errorResponses } },
  }, async (request) => ctx.tokens.get(principalOf(request), request.params.id));

  app.patch('/v1/tokens/:id', {
    schema: { operationId: 'updateToken', tags, summary: 'Rename a token or change its description, agent type or labels', params: TokenId, body: UpdateTokenBody, response: { 200: Type.Ref('Token'), ...mutationErrors } },
  }, async (request) => ctx.tokens.update(principalOf(request), request.params.id, request.body, auditContextOf(request)));

  app.delete('/v1/tokens/:id', {
    schema: { operationId: 'revokeToken', tags, summary: 'Revoke a token: it fails from the very next request', params: TokenId, querystring: RevokeQuery, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await ctx.tokens.revoke(principalOf(request), request.params.id, request.query.reason, auditContextOf(request));
    return reply.status(204).send(null);
  });

  app.post('/v1/tokens/:id/rotate', {
    schema: {
      operationId: 'rotateToken',
      tags, summary: 'Issue a replacement token; the old one keeps working (status rotating) for the grace period, then stops',
      params: TokenId, body: Type.Optional(RotateBody), response: { 201: TokenWithSecret, ...mutationErrors },
    },
  }, async (request, reply) => {
    const grace = request.body?.grace_period_seconds ?? 0;
    return reply.status(201).send(await ctx.tokens.rotate(principalOf(request), request.params.id, grace, auditContextOf(request)));
  });

  app.post('/v1/me/tokens', {
    schema: {
      operationId: 'createMyToken',
      tags, summary: 'Create a personal token for yourself: usable in all your workspaces, or restricted to one',
      body: CreateMyTokenBody, response: { 201: TokenWithSecret, ...mutationErrors },
    },
  }, async (request, reply) => {
    const { workspace_id: _w, org_id: _o, ...input } = request.body;
    return reply.status(201).send(await ctx.tokens.createForMe(principalOf(request), input, auditContextOf(request)));
  });

  app.get('/v1/me/tokens', {
    schema: {
      operationId: 'listMyTokens',
      tags, summary: 'Your personal tokens across all workspaces',
      querystring: Type.Object({ status: ListTokensQuery.properties.status, q: ListTokensQuery.properties.q, sort: ListTokensQuery.properties.sort, limit: ListTokensQuery.properties.limit, cursor: ListTokensQuery.properties.cursor }, { additionalProperties: false }),
      response: { 200: TokenPage, ...errorResponses },
    },
  }, async (request) => {
    const { cursor, ...q } = request.query;
    return pageOut(await ctx.tokens.listMine(principalOf(request), { ...q, cursor: cursorOf(cursor, q.sort) }));
  });
};
