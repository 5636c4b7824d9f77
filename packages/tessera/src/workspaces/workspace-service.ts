import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { Role, WorkspaceRow } from '../db/schema.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize, authorizeUser } from '../authz/authorize.js';
import type { Principal } from '../authz/principal.js';
import { ApiError } from '../errors/api-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { deleteUser } from '../identity/user-repository.js';
import { insertMembership, listMembers } from './membership-repository.js';
import { revokeTokensWithAudit } from '../tokens/token-revocation.js';
import type { Invalidation } from '../validation-cache/invalidation.js';
import { userKey, workspaceKey } from '../validation-cache/cache-keys.js';
import { fieldChanges } from './field-changes.js';
import { deleteWorkspace, insertWorkspace, listWorkspacesOfUser, lockWorkspace, updateWorkspace, type WorkspacePatch } from './workspace-repository.js';

export interface WorkspaceServiceDeps {
  db: Db;
  invalidation: Invalidation;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
}

const slugTaken = (slug: string) => new ApiError('slug_taken', `the workspace slug "${slug}" is taken`);

export function createWorkspaceService(deps: WorkspaceServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();
  return {
    async createWorkspace(principal: Principal, input: { name: string; slug: string }, ctx: AuditContext) {
      const { userId } = authorizeUser(principal, 'workspace.create');
      return db.transaction().execute(async (tx) => {
        try {
          const ws = await insertWorkspace(tx, { id: newId('workspace'), slug: input.slug, name: input.name });
          await insertMembership(tx, { workspace_id: ws.id, user_id: userId, role: 'owner' });
          await deps.invalidation.publish(tx, [userKey(userId)]); // its unrestricted personal tokens now reach this workspace too
          await audit(tx, ctx,
            { workspaceId: ws.id, action: 'workspace.created', target: { type: 'workspace', id: ws.id, label: ws.slug } },
            { workspaceId: ws.id, action: 'member.added', target: { type: 'user', id: userId }, details: { role: 'owner' } });
          return ws;
        } catch (err) {
          if (isUniqueViolation(err)) throw slugTaken(input.slug);
          throw err;
        }
      });
    },

    /**
     * The workspaces the caller can act in, with the role it acts with: a user's memberships (a
     * personal token restricted to one workspace sees only that one), or a workspace token's own.
     */
    async listWorkspaces(principal: Principal): Promise<(WorkspaceRow & { role: Role })[]> {
      if (principal.type === 'token' && principal.token.kind === 'workspace' && principal.token.workspaceId) {
        const { workspace, role } = await authorize(db, principal, principal.token.workspaceId, 'workspace.read');
        return [{ ...workspace, role }];
      }
      const { userId, workspaceId: restrictedTo } = authorizeUser(principal, 'account.read');
      const rows = await listWorkspacesOfUser(db, userId);
      return rows.filter((w) => !restrictedTo || w.id === restrictedTo).map((w) => ({ ...w, role: w.role as Role }));
    },

    async getWorkspace(principal: Principal, workspaceRef: string): Promise<WorkspaceRow & { role: Role }> {
      const { workspace, role } = await authorize(db, principal, workspaceRef, 'workspace.read');
      return { ...workspace, role };
    },

    async updateWorkspace(principal: Principal, workspaceRef: string, patch: WorkspacePatch, ctx: AuditContext): Promise<WorkspaceRow> {
      return db.transaction().execute(async (tx) => {
        const access = await authorize(tx, principal, workspaceRef, 'workspace.update');
        const current = (await lockWorkspace(tx, access.workspace.id)) ?? access.workspace;
        const { set, changed, details } = fieldChanges(current, patch);
        if (!changed.length) return current;
        const max = set.max_token_lifetime_days ?? current.max_token_lifetime_days;
        const dflt = set.default_token_lifetime_days ?? current.default_token_lifetime_days;
        if (dflt > max) {
          throw new ApiError('invalid_request', `default_token_lifetime_days (${dflt}) must not exceed max_token_lifetime_days (${max}); change both in one request`);
        }
        let updated: WorkspaceRow;
        try {
          updated = await updateWorkspace(tx, current.id, set);
        } catch (err) {
          if (isUniqueViolation(err)) throw slugTaken(patch.slug ?? '');
          throw err;
        }
        await audit(tx, ctx, { workspaceId: updated.id, action: 'workspace.updated', target: { type: 'workspace', id: updated.id, label: updated.slug }, details });
        return updated;
      });
    },

    /**
     * Deletes the workspace with its projects, memberships and tokens (FK cascade). Live tokens are
     * revoked first, with an audit event each; its service accounts are deleted with it.
     */
    async deleteWorkspace(principal: Principal, workspaceRef: string, ctx: AuditContext): Promise<void> {
      if (principal.type !== 'session') {
        // Strangers still get 404; anyone else learns that a token cannot do this, whatever its scopes.
        await authorize(db, principal, workspaceRef, 'workspace.read').catch((err: unknown) => {
          if (err instanceof ApiError && err.code === 'not_found') throw err;
        });
        throw new ApiError('wrong_token_kind', 'deleting a workspace needs a signed-in owner (a session), not an API token');
      }
      await db.transaction().execute(async (tx) => {
        const { workspace } = await authorize(tx, principal, workspaceRef, 'workspace.delete');
        await lockWorkspace(tx, workspace.id);
        const at = now();
        // Its tokens and its service accounts' (some may live outside it) are cascaded away, and
        // its members' unrestricted personal tokens no longer reach it: evict them everywhere.
        const members = await listMembers(tx, workspace.id);
        const serviceAccounts = members.filter((m) => m.kind === 'service');
        await deps.invalidation.publish(tx, [workspaceKey(workspace.id), ...members.map((m) => userKey(m.user_id))]);
        let revoked = (await revokeTokensWithAudit(tx, ctx, deps.invalidation, { workspaceId: workspace.id }, 'workspace deleted', at)).length;
        for (const sa of serviceAccounts) {
          revoked += (await revokeTokensWithAudit(tx, ctx, deps.invalidation, { userId: sa.user_id }, 'workspace deleted', at)).length;
          await audit(tx, ctx, { workspaceId: workspace.id, action: 'service_account.deleted', target: { type: 'user', id: sa.user_id, label: sa.name }, details: { role: sa.role } });
          await deleteUser(tx, sa.user_id);
        }
        await audit(tx, ctx, { workspaceId: workspace.id, action: 'workspace.deleted', target: { type: 'workspace', id: workspace.id, label: workspace.slug }, details: { name: workspace.name, revoked_tokens: revoked } });
        await deleteWorkspace(tx, workspace.id);
      });
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
