import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../composition-root.js';
import { ErrorResponse, WorkspaceRef, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../http/request-context.js';
import { CreateProjectBody, CreateWorkspaceBody, Project, Workspace } from './workspace-schemas.js';
import { projectView, workspaceView } from './workspace-views.js';

export const workspaceRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(Workspace);
  app.addSchema(Project);
  const WorkspaceParams = Type.Object({ workspace: WorkspaceRef });

  app.post('/v1/workspaces', {
    schema: { tags: ['workspaces'], summary: 'Create a workspace; you become its owner', body: CreateWorkspaceBody, response: { 201: Type.Ref('Workspace'), ...errorResponses, 409: ErrorResponse } },
  }, async (request, reply) => reply.status(201).send(workspaceView(await ctx.workspaces.createWorkspace(principalOf(request), request.body, auditContextOf(request)))));

  app.post('/v1/workspaces/:workspace/projects', {
    schema: { tags: ['projects'], summary: 'Create a project (a repository)', params: WorkspaceParams, body: CreateProjectBody, response: { 201: Type.Ref('Project'), ...errorResponses, 409: ErrorResponse } },
  }, async (request, reply) => reply.status(201).send(projectView(await ctx.workspaces.createProject(principalOf(request), request.params.workspace, request.body, auditContextOf(request)))));

  app.get('/v1/workspaces/:workspace/projects', {
    schema: { tags: ['projects'], summary: 'List projects', params: WorkspaceParams, response: { 200: Type.Object({ items: Type.Array(Type.Ref('Project')) }), ...errorResponses } },
  }, async (request) => ({ items: (await ctx.workspaces.listProjects(principalOf(request), request.params.workspace)).map(projectView) }));
};
