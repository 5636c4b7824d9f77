import type { Db } from '../db/database.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize, requireUser } from '../authz/authorize.js';
import type { Principal } from '../authz/principal.js';
import { ApiError } from '../http/api-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { insertMembership } from './membership-repository.js';
import { insertProject, listProjects } from './project-repository.js';
import { insertWorkspace } from './workspace-repository.js';

export function createWorkspaceService(deps: { db: Db; keyring: PepperKeyring }) {
  const { db } = deps;
  return {
    async createWorkspace(principal: Principal, input: { name: string; slug: string }, ctx: AuditContext) {
      const userId = requireUser(principal, 'admin');
      return db.transaction().execute(async (tx) => {
        try {
          const ws = await insertWorkspace(tx, { id: newId('workspace'), slug: input.slug, name: input.name });
          await insertMembership(tx, { workspace_id: ws.id, user_id: userId, role: 'owner' });
          await audit(tx, ctx,
            { workspaceId: ws.id, action: 'workspace.created', target: { type: 'workspace', id: ws.id, label: ws.slug } },
            { workspaceId: ws.id, action: 'member.added', target: { type: 'user', id: userId }, details: { role: 'owner' } });
          return ws;
        } catch (err) {
          if (isUniqueViolation(err)) throw new ApiError('slug_taken', `the workspace slug "${input.slug}" is taken`);
          throw err;
        }
      });
    },

    async createProject(principal: Principal, workspaceRef: string, input: { name: string; slug: string }, ctx: AuditContext) {
      return db.transaction().execute(async (tx) => {
        const { workspace } = await authorize(tx, principal, workspaceRef, 'project.write');
        try {
          const p = await insertProject(tx, { id: newId('project'), workspace_id: workspace.id, slug: input.slug, name: input.name });
          await audit(tx, ctx, { workspaceId: workspace.id, action: 'project.created', target: { type: 'project', id: p.id, label: p.slug } });
          return p;
        } catch (err) {
          if (isUniqueViolation(err)) throw new ApiError('slug_taken', `a project "${input.slug}" already exists in this workspace`);
          throw err;
        }
      });
    },

    async listProjects(principal: Principal, workspaceRef: string) {
      const { workspace } = await authorize(db, principal, workspaceRef, 'project.read');
      return listProjects(db, workspace.id);
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
