import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TrustPolicyService } from './trust-policy-service.js';
import { ErrorResponse, ProjectRef, WorkspaceRef, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../auth/request-context.js';
import { CreateTrustPolicyBody, PolicyId, TrustPolicy, TrustPolicyList, UpdateTrustPolicyBody } from './trust-policy-schemas.js';

const WorkspaceParams = Type.Object({ workspace: WorkspaceRef });
const ProjectParams = Type.Object({ workspace: WorkspaceRef, project: ProjectRef });

/** CRUD for CI trust policies (OIDC federation): per project, or per workspace (applying to all its projects). Admins and owners. */
export const trustPolicyRoutes: FastifyPluginAsync<{ trustPolicies: TrustPolicyService }> = async (fastify, { trustPolicies }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(TrustPolicy);
  const tags = ['oidc'];
  const svc = trustPolicies;

  app.post('/v1/workspaces/:workspace/trust-policies', {
    schema: { operationId: 'createWorkspaceTrustPolicy', tags, summary: 'Create a workspace-wide CI trust policy: matching jobs may mint ci tokens for any project of the workspace they name', params: WorkspaceParams, body: CreateTrustPolicyBody, response: { 201: Type.Ref('TrustPolicy'), ...errorResponses, 422: ErrorResponse } },
  }, async (request, reply) => reply.status(201).send(await svc.create(principalOf(request), request.params.workspace, undefined, request.body, auditContextOf(request))));

  app.get('/v1/workspaces/:workspace/trust-policies', {
    schema: { operationId: 'listWorkspaceTrustPolicies', tags, summary: "Every CI trust policy of the workspace and its projects", params: WorkspaceParams, response: { 200: TrustPolicyList, ...errorResponses } },
  }, async (request) => ({ items: await svc.list(principalOf(request), request.params.workspace) }));

  app.post('/v1/workspaces/:workspace/projects/:project/trust-policies', {
    schema: { operationId: 'createProjectTrustPolicy', tags, summary: 'Create a CI trust policy for one project: matching jobs may mint short-lived ci tokens for it', params: ProjectParams, body: CreateTrustPolicyBody, response: { 201: Type.Ref('TrustPolicy'), ...errorResponses, 422: ErrorResponse } },
  }, async (request, reply) => reply.status(201).send(await svc.create(principalOf(request), request.params.workspace, request.params.project, request.body, auditContextOf(request))));

  app.get('/v1/workspaces/:workspace/projects/:project/trust-policies', {
    schema: { operationId: 'listProjectTrustPolicies', tags, summary: "The CI trust policies that reach a project: its own and the workspace-wide ones", params: ProjectParams, response: { 200: TrustPolicyList, ...errorResponses } },
  }, async (request) => ({ items: await svc.list(principalOf(request), request.params.workspace, request.params.project) }));

  app.get('/v1/trust-policies/:id', {
    schema: { operationId: 'getTrustPolicy', tags, summary: 'One CI trust policy', params: PolicyId, response: { 200: Type.Ref('TrustPolicy'), ...errorResponses } },
  }, async (request) => svc.get(principalOf(request), request.params.id));

  app.patch('/v1/trust-policies/:id', {
    schema: { operationId: 'updateTrustPolicy', tags, summary: "Change a trust policy's name, scopes, lifetime or conditions (new conditions unpin the old repository ids)", params: PolicyId, body: UpdateTrustPolicyBody, response: { 200: Type.Ref('TrustPolicy'), ...errorResponses, 409: ErrorResponse } },
  }, async (request) => svc.update(principalOf(request), request.params.id, request.body, auditContextOf(request)));

  app.delete('/v1/trust-policies/:id', {
    schema: { operationId: 'deleteTrustPolicy', tags, summary: 'Delete a trust policy: matching jobs can no longer mint tokens (tokens already minted expire on their own)', params: PolicyId, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await svc.remove(principalOf(request), request.params.id, auditContextOf(request));
    return reply.status(204).send(null);
  });
};
