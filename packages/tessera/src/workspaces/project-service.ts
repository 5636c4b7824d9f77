import { systemClock, type Clock } from '../clock/clock.js';
import type { Db } from '../db/database.js';
import type { ProjectRow, WorkspaceRow } from '../db/schema.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize } from '../authz/authorize.js';
import type { Action } from '../authz/roles.js';
import type { Principal } from '../authz/principal.js';
import { ApiError, notFound } from '../errors/api-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { deleteProject, findProject, insertProject, listProjects, updateProject } from './project-repository.js';
import { findWorkspace } from './workspace-repository.js';
import { revokeTokensWithAudit } from '../tokens/token-revocation.js';
import type { Invalidation } from '../validation-cache/invalidation.js';
import { projectKey } from '../validation-cache/cache-keys.js';
import { fieldChanges } from './field-changes.js';

const slugTaken = (slug: string) => new ApiError('slug_taken', `a project "${slug}" already exists in this workspace`);

export interface ProjectServiceDeps {
  db: Db;
  invalidation: Invalidation;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
}

/** Projects: each lives inside one workspace, and is authorized through it. */
export function createProjectService(deps: ProjectServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();

  /**
   * Finds the project, then authorizes with it as the target (so a project token may act on its
   * own project). Strangers get the workspace's 404 before anything about the project is told.
   */
  async function resolve(tx: Db, principal: Principal, workspaceRef: string, projectRef: string, action: Action): Promise<{ workspace: WorkspaceRow; project: ProjectRow }> {
    const ws = await findWorkspace(tx, workspaceRef);
    if (!ws) throw notFound('workspace');
    const project = await findProject(tx, ws.id, projectRef);
    const { workspace } = await authorize(tx, principal, ws, action, { projectId: project?.id });
    if (!project) throw notFound('project');
    return { workspace, project };
  }

  return {
    async createProject(principal: Principal, workspaceRef: string, input: { name: string; slug: string }, ctx: AuditContext) {
      return db.transaction().execute(async (tx) => {
        const { workspace } = await authorize(tx, principal, workspaceRef, 'project.write');
        try {
          const p = await insertProject(tx, { id: newId('project'), workspace_id: workspace.id, slug: input.slug, name: input.name });
          await audit(tx, ctx, { workspaceId: workspace.id, action: 'project.created', target: { type: 'project', id: p.id, label: p.slug }, details: { name: p.name } });
          return p;
        } catch (err) {
          if (isUniqueViolation(err)) throw slugTaken(input.slug);
          throw err;
        }
      });
    },

    async listProjects(principal: Principal, workspaceRef: string) {
      const { workspace } = await authorize(db, principal, workspaceRef, 'project.read');
      return listProjects(db, workspace.id);
    },

    async getProject(principal: Principal, workspaceRef: string, projectRef: string): Promise<ProjectRow> {
      return (await resolve(db, principal, workspaceRef, projectRef, 'project.read')).project;
    },

    async updateProject(principal: Principal, workspaceRef: string, projectRef: string, patch: { name?: string; slug?: string }, ctx: AuditContext): Promise<ProjectRow> {
      return db.transaction().execute(async (tx) => {
        const { workspace, project } = await resolve(tx, principal, workspaceRef, projectRef, 'project.write');
        const { set, changed, details } = fieldChanges(project, patch);
        if (!changed.length) return project;
        let updated: ProjectRow;
        try {
          updated = await updateProject(tx, project.id, set);
        } catch (err) {
          if (isUniqueViolation(err)) throw slugTaken(patch.slug ?? '');
          throw err;
        }
        await audit(tx, ctx, { workspaceId: workspace.id, action: 'project.updated', target: { type: 'project', id: updated.id, label: updated.slug }, details });
        return updated;
      });
    },

    /** Revokes the project's live tokens (an audit event each), then deletes it; its tokens go by FK cascade. */
    async deleteProject(principal: Principal, workspaceRef: string, projectRef: string, ctx: AuditContext): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const { workspace, project } = await resolve(tx, principal, workspaceRef, projectRef, 'project.write');
        await deps.invalidation.publish(tx, [projectKey(project.id)]); // its tokens are cascaded away
        const revoked = (await revokeTokensWithAudit(tx, ctx, deps.invalidation, { workspaceId: workspace.id, projectId: project.id }, 'project deleted', now())).length;
        await audit(tx, ctx, { workspaceId: workspace.id, action: 'project.deleted', target: { type: 'project', id: project.id, label: project.slug }, details: { name: project.name, revoked_tokens: revoked } });
        await deleteProject(tx, project.id);
      });
    },
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
