import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MemberService } from './member-service.js';
import { ErrorResponse, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../auth/request-context.js';
import { AddMemberBody, CreateServiceAccountBody, ListMembersQuery, Member, MemberAdded, MemberParams, UpdateMemberBody } from './member-schemas.js';
import { WorkspaceParams } from './workspace-schemas.js';
import { memberView } from './workspace-views.js';

const mutationErrors = { ...errorResponses, 409: ErrorResponse };
const MemberList = Type.Object({ items: Type.Array(Type.Ref('Member')) });

export const memberRoutes: FastifyPluginAsync<{ members: MemberService }> = async (fastify, { members }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(Member);

  app.get('/v1/workspaces/:workspace/members', {
    schema: { operationId: 'listMembers', tags: ['members'], summary: 'Members: humans and service accounts, with their role', params: WorkspaceParams, querystring: ListMembersQuery, response: { 200: MemberList, ...errorResponses } },
  }, async (request) => ({ items: (await members.list(principalOf(request), request.params.workspace, request.query.kind)).map(memberView) }));

  app.post('/v1/workspaces/:workspace/members', {
    schema: {
      operationId: 'addMember',
      tags: ['members'], summary: 'Add a user by email; an unknown email gets an account and a one-time invitation code (7 days)',
      params: WorkspaceParams, body: AddMemberBody, response: { 201: MemberAdded, ...mutationErrors },
    },
  }, async (request, reply) => {
    const { member, invitation } = await members.add(principalOf(request), request.params.workspace, request.body, auditContextOf(request));
    return reply.status(201).send({ ...memberView(member), ...(invitation ? { invitation: { code: invitation.code, expires_at: invitation.expiresAt.toISOString() } } : {}) });
  });

  app.patch('/v1/workspaces/:workspace/members/:user_id', {
    schema: { operationId: 'updateMember', tags: ['members'], summary: "Change a member's role (granting or taking the owner role needs an owner)", params: MemberParams, body: UpdateMemberBody, response: { 200: Type.Ref('Member'), ...mutationErrors } },
  }, async (request) => memberView(await members.changeRole(principalOf(request), request.params.workspace, request.params.user_id, request.body.role, auditContextOf(request))));

  app.post('/v1/workspaces/:workspace/members/:user_id/invitation', {
    schema: {
      operationId: 'reissueInvitation',
      tags: ['members'], summary: 'Issue a new one-time invitation code (7 days) to a member who has not accepted one; earlier codes stop working',
      params: MemberParams, response: { 201: MemberAdded, ...mutationErrors },
    },
  }, async (request, reply) => {
    const { member, invitation } = await members.reissueInvitation(principalOf(request), request.params.workspace, request.params.user_id, auditContextOf(request));
    return reply.status(201).send({ ...memberView(member), invitation: { code: invitation.code, expires_at: invitation.expiresAt.toISOString() } });
  });

  app.delete('/v1/workspaces/:workspace/members/:user_id', {
    schema: {
      operationId: 'removeMember',
      tags: ['members'], summary: 'Remove a member, or leave (your own id); their personal tokens restricted to this workspace are revoked, a service account is deleted',
      params: MemberParams, response: { 204: Type.Null(), ...mutationErrors },
    },
  }, async (request, reply) => {
    await members.remove(principalOf(request), request.params.workspace, request.params.user_id, auditContextOf(request));
    return reply.status(204).send(null);
  });

  app.post('/v1/workspaces/:workspace/service-accounts', {
    schema: {
      operationId: 'createServiceAccount',
      tags: ['service accounts'], summary: 'Create a service account (a non-human member); give it tokens with POST /v1/workspaces/{workspace}/tokens {kind: "personal", user_id}',
      params: WorkspaceParams, body: CreateServiceAccountBody, response: { 201: Type.Ref('Member'), ...mutationErrors },
    },
  }, async (request, reply) => reply.status(201).send(memberView(await members.createServiceAccount(principalOf(request), request.params.workspace, request.body, auditContextOf(request)))));

  app.get('/v1/workspaces/:workspace/service-accounts', {
    schema: { operationId: 'listServiceAccounts', tags: ['service accounts'], summary: 'List service accounts', params: WorkspaceParams, response: { 200: MemberList, ...errorResponses } },
  }, async (request) => ({ items: (await members.list(principalOf(request), request.params.workspace, 'service')).map(memberView) }));

  app.delete('/v1/workspaces/:workspace/service-accounts/:user_id', {
    schema: { operationId: 'deleteServiceAccount', tags: ['service accounts'], summary: 'Delete a service account: its tokens are revoked, then deleted with it', params: MemberParams, response: { 204: Type.Null(), ...mutationErrors } },
  }, async (request, reply) => {
    await members.remove(principalOf(request), request.params.workspace, request.params.user_id, auditContextOf(request), { serviceOnly: true });
    return reply.status(204).send(null);
  });
};
