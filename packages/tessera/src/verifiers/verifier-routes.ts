import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, IdOf, WorkspaceRef, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../auth/request-context.js';
import type { VerifierService } from './verifier-service.js';
import type { InstanceAdminService } from '../identity/instance-admin-service.js';
import { CreateVerifierBody, InstanceAdmin, InstanceAdminList, NewVerifier, Verifier, VerifierId, VerifierList } from './verifier-schemas.js';

const WorkspaceParams = Type.Object({ workspace: WorkspaceRef });
const UserParams = Type.Object({ user_id: IdOf('usr') });

/** Verifier credentials (instance-wide and per workspace) and the instance administrators who manage the instance-wide ones. */
export const verifierRoutes: FastifyPluginAsync<{ verifiers: VerifierService; instanceAdmins: InstanceAdminService }> = async (fastify, { verifiers, instanceAdmins }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(Verifier);
  const tags = ['verifiers'];
  const conflict = { 409: ErrorResponse };

  app.post('/v1/verifiers', {
    schema: { operationId: 'createInstanceVerifier', tags, summary: 'Create an instance-wide verifier credential (instance administrators): it may verify every token of the instance, and nothing else. The secret is shown once', body: CreateVerifierBody, response: { 201: NewVerifier, ...errorResponses, ...conflict } },
  }, async (request, reply) => reply.status(201).send(await verifiers.create(principalOf(request), null, request.body, auditContextOf(request))));

  app.get('/v1/verifiers', {
    schema: { operationId: 'listInstanceVerifiers', tags, summary: 'The instance-wide verifier credentials (instance administrators)', response: { 200: VerifierList, ...errorResponses } },
  }, async (request) => ({ items: await verifiers.list(principalOf(request), null) }));

  app.post('/v1/workspaces/:workspace/verifiers', {
    schema: { operationId: 'createWorkspaceVerifier', tags, summary: "Create a verifier credential bound to the workspace (owners): it may verify the workspace's tokens only. The secret is shown once", params: WorkspaceParams, body: CreateVerifierBody, response: { 201: NewVerifier, ...errorResponses, ...conflict } },
  }, async (request, reply) => reply.status(201).send(await verifiers.create(principalOf(request), request.params.workspace, request.body, auditContextOf(request))));

  app.get('/v1/workspaces/:workspace/verifiers', {
    schema: { operationId: 'listWorkspaceVerifiers', tags, summary: "The workspace's verifier credentials (admins and owners)", params: WorkspaceParams, response: { 200: VerifierList, ...errorResponses } },
  }, async (request) => ({ items: await verifiers.list(principalOf(request), request.params.workspace) }));

  app.delete('/v1/verifiers/:id', {
    schema: { operationId: 'revokeVerifier', tags, summary: 'Revoke a verifier credential, on every node at once (workspace owners; instance administrators for instance-wide ones)', params: VerifierId, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await verifiers.revoke(principalOf(request), request.params.id, auditContextOf(request));
    return reply.status(204).send(null);
  });

  app.get('/v1/instance-admins', {
    schema: { operationId: 'listInstanceAdmins', tags, summary: 'The instance administrators (instance administrators)', response: { 200: InstanceAdminList, ...errorResponses } },
  }, async (request) => ({ items: await instanceAdmins.list(principalOf(request)) }));

  app.put('/v1/instance-admins/:user_id', {
    schema: { operationId: 'grantInstanceAdmin', tags, summary: 'Make a user an instance administrator (instance administrators)', params: UserParams, response: { 200: InstanceAdmin, ...errorResponses } },
  }, async (request) => instanceAdmins.grant(principalOf(request), request.params.user_id, auditContextOf(request)));

  app.delete('/v1/instance-admins/:user_id', {
    schema: { operationId: 'revokeInstanceAdmin', tags, summary: 'Remove an instance administrator (not the last one)', params: UserParams, response: { 204: Type.Null(), ...errorResponses, ...conflict } },
  }, async (request, reply) => {
    await instanceAdmins.revoke(principalOf(request), request.params.user_id, auditContextOf(request));
    return reply.status(204).send(null);
  });
};
