import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { Role, WorkspaceRow } from '../db/schema.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize, authorizeUser, type WorkspaceAccess } from '../authz/authorize.js';
import { ROLES, roleAtLeast, type Action } from '../authz/roles.js';
import { userIdOf, type Principal } from '../authz/principal.js';
import { ApiError, notFound } from '../errors/api-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { deleteUser, findUserByEmail, insertUser } from '../identity/user-repository.js';
import { deletePendingInvitations } from '../identity/invitation-repository.js';
import type { InvitationService, IssuedInvitation } from '../identity/invitation-service.js';
import { countOwners, deleteMembership, findMember, findRole, insertMembership, listMembers, updateRole, type MemberRow } from './membership-repository.js';
import { lockWorkspace } from './workspace-repository.js';
import { revokeTokensWithAudit } from '../tokens/token-revocation.js';
import type { Invalidation } from '../validation-cache/invalidation.js';
import { userKey } from '../validation-cache/cache-keys.js';

export interface MemberServiceDeps {
  db: Db;
  invitations: InvitationService;
  /** Membership and role changes alter what a personal token may do: published per user. */
  invalidation: Invalidation;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
}

const lastOwner = () => new ApiError('last_owner', 'a workspace must keep at least one owner who can sign in; make someone else owner first');
const userLabel = (m: { email: string | null; name: string }) => m.email ?? m.name;

/**
 * Members (humans) and service accounts of a workspace. member.write (admin) manages roles below
 * owner; anything that grants, removes or demotes an owner also needs owner.write. Every change
 * locks the workspace row, so two owners removing each other cannot leave it without one.
 */
export function createMemberService(deps: MemberServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();

  async function authorizeOwnerChange(tx: Db, principal: Principal, workspace: WorkspaceRow, roles: (Role | undefined)[]) {
    if (roles.includes('owner')) await authorize(tx, principal, workspace, 'owner.write');
  }

  /** Removes a member: their workspace-restricted personal tokens are revoked; a service account is deleted with all its tokens. */
  async function removeMember(tx: Db, ctx: AuditContext, workspace: WorkspaceRow, target: MemberRow, self: boolean): Promise<void> {
    const at = now();
    const target_ = { type: 'user', id: target.user_id, label: userLabel(target) };
    await deps.invalidation.publish(tx, [userKey(target.user_id)]);
    if (target.kind === 'service') {
      const revoked = (await revokeTokensWithAudit(tx, ctx, deps.invalidation, { userId: target.user_id }, 'service account deleted', at)).length;
      await audit(tx, ctx,
        { workspaceId: workspace.id, action: 'member.removed', target: target_, details: { role: target.role, kind: target.kind, revoked_tokens: revoked } },
        { workspaceId: workspace.id, action: 'service_account.deleted', target: target_, details: { role: target.role } });
      await deleteUser(tx, target.user_id);
      return;
    }
    const revoked = (await revokeTokensWithAudit(tx, ctx, deps.invalidation, { workspaceId: workspace.id, userId: target.user_id, kinds: ['personal'] }, self ? 'left the workspace' : 'removed from the workspace', at)).length;
    await deletePendingInvitations(tx, workspace.id, target.user_id);
    await deleteMembership(tx, workspace.id, target.user_id);
    await audit(tx, ctx, { workspaceId: workspace.id, action: 'member.removed', target: target_, details: { role: target.role, kind: target.kind, self, revoked_tokens: revoked } });
  }

  /**
   * Authorizes, locks the workspace row, and authorizes again under the lock: a caller whose own
   * membership changed while waiting (removed, demoted) is judged on what is true now. Strangers
   * are refused before they can take the lock.
   */
  async function authorizeLocked(tx: Db, principal: Principal, workspaceRef: string, action: Action): Promise<WorkspaceAccess> {
    const first = await authorize(tx, principal, workspaceRef, action);
    await lockWorkspace(tx, first.workspace.id);
    return authorize(tx, principal, first.workspace, action);
  }

  /** Loads the target member: 404 if absent, or not a service account where one is needed. */
  async function loadTarget(tx: Db, access: WorkspaceAccess, userId: string, serviceOnly: boolean): Promise<MemberRow> {
    const target = await findMember(tx, access.workspace.id, userId);
    if (!target || (serviceOnly && target.kind !== 'service')) throw notFound(serviceOnly ? 'service account' : 'member');
    return target;
  }

  return {
    async list(principal: Principal, workspaceRef: string, kind?: 'human' | 'service'): Promise<MemberRow[]> {
      const { workspace } = await authorize(db, principal, workspaceRef, 'member.read');
      return listMembers(db, workspace.id, kind);
    },

    /**
     * Adds a user by email. An unknown email becomes a user without a password, with a one-time
     * invitation code (also issued to a known user who never set a password).
     */
    async add(principal: Principal, workspaceRef: string, input: { email: string; role: Role }, ctx: AuditContext): Promise<{ member: MemberRow; invitation?: IssuedInvitation }> {
      return db.transaction().execute(async (tx) => {
        const access = await authorizeLocked(tx, principal, workspaceRef, 'member.write');
        await authorizeOwnerChange(tx, principal, access.workspace, [input.role]);
        const ws = access.workspace;
        const email = input.email.toLowerCase();
        let user = await findUserByEmail(tx, email);
        if (user && (await findRole(tx, ws.id, user.id))) throw new ApiError('already_member', `${email} is already a member of this workspace`);
        try {
          user ??= await insertUser(tx, { id: newId('user'), email, name: email.split('@')[0]!.slice(0, 100) || email, kind: 'human', password_hash: null });
          await insertMembership(tx, { workspace_id: ws.id, user_id: user.id, role: input.role });
          await deps.invalidation.publish(tx, [userKey(user.id)]);
        } catch (err) {
          if (isUniqueViolation(err, 'memberships_pkey')) throw new ApiError('already_member', `${email} is already a member of this workspace`);
          if (isUniqueViolation(err)) throw new ApiError('email_taken', `a user with ${email} was created at the same moment; try again`);
          throw err;
        }
        const invite = !user.password_hash;
        await audit(tx, ctx, { workspaceId: ws.id, action: 'member.added', target: { type: 'user', id: user.id, label: email }, details: { role: input.role, kind: 'human', invited: invite } });
        const invitation = invite ? await deps.invitations.create(tx, ctx, { workspaceId: ws.id, userId: user.id, email, role: input.role }) : undefined;
        const member = (await findMember(tx, ws.id, user.id))!;
        return invitation ? { member, invitation } : { member };
      });
    },

    /**
     * A new one-time invitation code for a member who has not accepted one yet (the first was lost
     * or expired); any earlier code stops working in the same transaction.
     */
    async reissueInvitation(principal: Principal, workspaceRef: string, userId: string, ctx: AuditContext): Promise<{ member: MemberRow; invitation: IssuedInvitation }> {
      return db.transaction().execute(async (tx) => {
        const access = await authorizeLocked(tx, principal, workspaceRef, 'member.write');
        const target = await loadTarget(tx, access, userId, false);
        if (target.kind !== 'human' || !target.pending) throw new ApiError('not_pending', `${userLabel(target)} has no pending invitation: they already signed in`);
        await authorizeOwnerChange(tx, principal, access.workspace, [target.role]);
        await deletePendingInvitations(tx, access.workspace.id, userId);
        const invitation = await deps.invitations.create(tx, ctx, { workspaceId: access.workspace.id, userId, email: target.email, role: target.role });
        return { member: target, invitation };
      });
    },

    async changeRole(principal: Principal, workspaceRef: string, userId: string, role: Role, ctx: AuditContext): Promise<MemberRow> {
      return db.transaction().execute(async (tx) => {
        const access = await authorizeLocked(tx, principal, workspaceRef, 'member.write');
        const target = await loadTarget(tx, access, userId, false);
        if (target.role === role) return target;
        if (userIdOf(principal) === userId && ROLES.indexOf(role) > ROLES.indexOf(target.role)) {
          throw new ApiError('forbidden', 'you cannot raise your own role; ask an owner');
        }
        await authorizeOwnerChange(tx, principal, access.workspace, [target.role, role]);
        if (target.role === 'owner' && (await countOwners(tx, access.workspace.id, userId)) === 0) throw lastOwner();
        await updateRole(tx, access.workspace.id, userId, role);
        await deps.invalidation.publish(tx, [userKey(userId)]);
        await audit(tx, ctx, { workspaceId: access.workspace.id, action: 'member.role_changed', target: { type: 'user', id: userId, label: userLabel(target) }, details: { from: target.role, to: role, kind: target.kind } });
        return { ...target, role };
      });
    },

    /** Removes a member (or, with `serviceOnly`, only a service account). Any member may remove themselves, except the last owner. */
    async remove(principal: Principal, workspaceRef: string, userId: string, ctx: AuditContext, opts: { serviceOnly?: boolean } = {}): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const self = userIdOf(principal) === userId;
        const access = await authorizeLocked(tx, principal, workspaceRef, self ? 'workspace.read' : 'member.write');
        if (self) authorizeUser(principal, 'workspace.leave'); // leaving is a change: a token needs the admin scope
        const target = await loadTarget(tx, access, userId, opts.serviceOnly ?? false);
        if (!self) await authorizeOwnerChange(tx, principal, access.workspace, [target.role]);
        if (target.role === 'owner' && (await countOwners(tx, access.workspace.id, userId)) === 0) throw lastOwner();
        await removeMember(tx, ctx, access.workspace, target, self);
      });
    },

    /** A non-human member: no email, no password; it acts through personal tokens an admin creates for it. */
    async createServiceAccount(principal: Principal, workspaceRef: string, input: { name: string; role: Role }, ctx: AuditContext): Promise<MemberRow> {
      return db.transaction().execute(async (tx) => {
        const access = await authorize(tx, principal, workspaceRef, 'member.write');
        await authorizeOwnerChange(tx, principal, access.workspace, [input.role]);
        if (!roleAtLeast(access.role, input.role)) throw new ApiError('forbidden', `you act as ${access.role} and cannot create a ${input.role} service account`);
        const ws = access.workspace;
        const user = await insertUser(tx, { id: newId('user'), email: null, name: input.name.trim(), kind: 'service', password_hash: null });
        await insertMembership(tx, { workspace_id: ws.id, user_id: user.id, role: input.role });
        const target = { type: 'user', id: user.id, label: user.name };
        await audit(tx, ctx,
          { workspaceId: ws.id, action: 'service_account.created', target, details: { name: user.name, role: input.role } },
          { workspaceId: ws.id, action: 'member.added', target, details: { role: input.role, kind: 'service' } });
        return (await findMember(tx, ws.id, user.id))!;
      });
    },
  };
}

export type MemberService = ReturnType<typeof createMemberService>;
