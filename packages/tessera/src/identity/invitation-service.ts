import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { Role } from '../db/schema.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import type { DenialRecorder } from '../audit/denial-recorder.js';
import { randomBase62 } from '../crypto/base62.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { ApiError } from '../errors/api-error.js';
import { findRole } from '../workspaces/membership-repository.js';
import { findWorkspace } from '../workspaces/workspace-repository.js';
import { hashPassword, type PasswordHasher } from './password-hash.js';
import type { IssuedSession, SessionService } from './session-service.js';
import { findInvitationByHash, insertInvitation, markInvitationAccepted } from './invitation-repository.js';
import { findUserById, setPasswordHash, updateUserName } from './user-repository.js';

export const INVITATION_TTL_DAYS = 7;

export interface InvitationDeps {
  db: Db;
  keyring: PepperKeyring;
  sessions: SessionService;
  denials: DenialRecorder;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
  /** Tests only (default: scrypt with PASSWORD_HASH_PARAMS). */
  hashPassword?: PasswordHasher;
}

export interface IssuedInvitation {
  /** The one-time code: returned once to the inviter, stored only as a keyed hash. */
  code: string;
  expiresAt: Date;
}

/**
 * Invitations let a new member choose their own password: adding an unknown email creates a user
 * without a password and a one-time code (7 days); accepting it sets the password and signs in.
 */
export function createInvitationService(deps: InvitationDeps) {
  const { db, keyring } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();
  const codeHash = (code: string) => keyring.hash(`invite:${code}`);

  const invalid = (ctx: AuditContext, workspaceId: string | null = null) => {
    deps.denials.record({ reason: 'bad_invitation', ip: ctx.ip, workspaceId });
    return new ApiError('invalid_invitation', 'this invitation code is unknown, already used or expired; ask a workspace admin for a new invitation');
  };

  return {
    /** Inside the caller's transaction: stores the code's hash and writes invitation.created (never the code). */
    async create(tx: Db, ctx: AuditContext, input: { workspaceId: string; userId: string; email: string | null; role: Role }): Promise<IssuedInvitation> {
      const code = randomBase62(32);
      const { pepperId, hash } = codeHash(code);
      const id = newId('invitation');
      const expiresAt = new Date(now().getTime() + INVITATION_TTL_DAYS * 86_400_000);
      await insertInvitation(tx, { id, workspace_id: input.workspaceId, user_id: input.userId, role: input.role, pepper_id: pepperId, code_hash: hash, created_by: ctx.actor.id ?? 'system', expires_at: expiresAt });
      await audit(tx, ctx, {
        workspaceId: input.workspaceId, action: 'invitation.created', target: { type: 'invitation', id },
        details: { user_id: input.userId, email: input.email, role: input.role, expires_at: expiresAt.toISOString() },
      });
      return { code, expiresAt };
    },

    async accept(input: { code: string; password: string; name?: string }, ctx: AuditContext): Promise<IssuedSession & { workspace: { id: string; slug: string; name: string } }> {
      // Under every configured pepper: a code issued before a pepper rotation still works.
      const hashes = keyring.hashAll(`invite:${input.code}`);
      // Cheap check first, so a wrong code never costs a password hash.
      const seen = await findInvitationByHash(db, hashes);
      if (!seen) throw invalid(ctx);
      const passwordHash = await (deps.hashPassword ?? hashPassword)(input.password);
      return db.transaction().execute(async (tx) => {
        const at = now();
        const inv = await findInvitationByHash(tx, hashes, { lock: true });
        const user = inv ? await findUserById(tx, inv.user_id) : undefined;
        const role = inv ? await findRole(tx, inv.workspace_id, inv.user_id) : undefined;
        const workspace = inv ? await findWorkspace(tx, inv.workspace_id) : undefined;
        // A user who already has a password signs in instead: a stale code must never reset it.
        if (!inv || inv.accepted_at || inv.expires_at <= at || !user || !role || !workspace || user.password_hash || user.disabled_at) {
          throw invalid(ctx, inv?.workspace_id ?? null);
        }
        await setPasswordHash(tx, user.id, passwordHash);
        const named = input.name !== undefined ? await updateUserName(tx, user.id, input.name.trim()) : user;
        await markInvitationAccepted(tx, inv.id, at);
        const actorCtx: AuditContext = { ...ctx, actor: { type: 'user', id: user.id, label: user.email ?? user.name, userId: user.id } };
        await audit(tx, actorCtx, { workspaceId: inv.workspace_id, action: 'invitation.accepted', target: { type: 'invitation', id: inv.id }, details: { user_id: user.id, role } });
        const session = await deps.sessions.issue(tx, { id: user.id, email: user.email, name: named.name, kind: 'human' }, actorCtx);
        return { ...session, workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name } };
      });
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
