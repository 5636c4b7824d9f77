import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WorkspaceService } from './workspace-service.js';
import type { ProjectService } from './project-service.js';
import { ErrorResponse, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../auth/request-context.js';
import { CreateProjectBody, CreateWorkspaceBody, Project, ProjectParams, UpdateProjectBody, UpdateWorkspaceBody, Workspace, WorkspaceParams, WorkspaceWithRole } from './workspace-schemas.js';
import { projectView, workspaceView, workspaceWithRoleView } from './workspace-views.js';

const mutationErrors = { ...errorResponses, 409: ErrorResponse };

export const workspaceRoutes: FastifyPluginAsync<{ workspaces: WorkspaceService; projects: ProjectService }> = async (fastify, { workspaces, projects }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(Workspace);
  app.addSchema(WorkspaceWithRole);
  app.addSchema(Project);
  const ws = workspaces;

  app.post('/v1/workspaces', {
    schema: { operationId: 'createWorkspace', tags: ['workspaces'], summary: 'Create a workspace; you become its owner', body: CreateWorkspaceBody, response: { 201: Type.Ref('Workspace'), ...mutationErrors } },
  }, async (request, reply) => reply.status(201).send(workspaceView(await ws.createWorkspace(principalOf(request), request.body, auditContextOf(request)))));

  app.get('/v1/workspaces', {
    schema: { operationId: 'listWorkspaces', tags: ['workspaces'], summary: 'The workspaces you can act in, with your role in each', response: { 200: Type.Object({ items: Type.Array(Type.Ref('WorkspaceWithRole')) }), ...errorResponses } },
  }, async (request) => ({ items: (await ws.listWorkspaces(principalOf(request))).map(workspaceWithRoleView) }));

  app.get('/v1/workspaces/:workspace', {
    schema: { operationId: 'getWorkspace', tags: ['workspaces'], summary: 'One workspace (by id or slug) and your role in it', params: WorkspaceParams, response: { 200: Type.Ref('WorkspaceWithRole'), ...errorResponses } },
  }, async (request) => workspaceWithRoleView(await ws.getWorkspace(principalOf(request), request.params.workspace)));

  app.patch('/v1/workspaces/:workspace', {
    schema: { operationId: 'updateWorkspace', tags: ['workspaces'], summary: 'Rename the workspace or change its token policy (owner)', params: WorkspaceParams, body: UpdateWorkspaceBody, response: { 200: Type.Ref('Workspace'), ...mutationErrors } },
  }, async (request) => workspaceView(await ws.updateWorkspace(principalOf(request), request.params.workspace, request.body, auditContextOf(request))));

  app.delete('/v1/workspaces/:workspace', {
    schema: { operationId: 'deleteWorkspace', tags: ['workspaces'], summary: 'Delete the workspace with its projects, members and tokens (owner, signed in: not with an API token)', params: WorkspaceParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await ws.deleteWorkspace(principalOf(request), request.params.workspace, auditContextOf(request));
    return reply.status(204).send(null);
  });

  app.post('/v1/workspaces/:workspace/projects', {
    schema: { operationId: 'createProject', tags: ['projects'], summary: 'Create a project (a repository)', params: WorkspaceParams, body: CreateProjectBody, response: { 201: Type.Ref('Project'), ...mutationErrors } },
  }, async (request, reply) => reply.status(201).send(projectView(await projects.createProject(principalOf(request), request.params.workspace, request.body, auditContextOf(request)))));

  app.get('/v1/workspaces/:workspace/projects', {
    schema: { operationId: 'listProjects', tags: ['projects'], summary: 'List projects', params: WorkspaceParams, response: { 200: Type.Object({ items: Type.Array(Type.Ref('Project')) }), ...errorResponses } },
  }, async (request) => ({ items: (await projects.listProjects(principalOf(request), request.params.workspace)).map(projectView) }));

  app.get('/v1/workspaces/:workspace/projects/:project', {
    schema: { operationId: 'getProject', tags: ['projects'], summary: 'One project, by id or slug (a project token may read its own)', params: ProjectParams, response: { 200: Type.Ref('Project'), ...errorResponses } },
  }, async (request) => projectView(await projects.getProject(principalOf(request), request.params.workspace, request.params.project)));

  app.patch('/v1/workspaces/:workspace/projects/:project', {
    schema: { operationId: 'updateProject', tags: ['projects'], summary: 'Rename a project (name or slug)', params: ProjectParams, body: UpdateProjectBody, response: { 200: Type.Ref('Project'), ...mutationErrors } },
  }, async (request) => projectView(await projects.updateProject(principalOf(request), request.params.workspace, request.params.project, request.body, auditContextOf(request))));

  app.delete('/v1/workspaces/:workspace/projects/:project', {
    schema: { operationId: 'deleteProject', tags: ['projects'], summary: 'Delete a project: its tokens are revoked, then deleted with it', params: ProjectParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await projects.deleteProject(principalOf(request), request.params.workspace, request.params.project, auditContextOf(request));
    return reply.status(204).send(null);
  });
};
