import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { VerifierRow } from '../db/schema.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize, authorizeInstance } from '../authz/authorize.js';
import type { Principal } from '../authz/principal.js';
import { ApiError, notFound } from '../errors/api-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { findWorkspace } from '../workspaces/workspace-repository.js';
import { generateToken } from '../tokens/token-format.js';
import type { Invalidation } from '../validation-cache/invalidation.js';
import { createdKey, tokenKey } from '../validation-cache/cache-keys.js';
import * as repo from './verifier-repository.js';

export interface VerifierView {
  id: string;
  name: string;
  display_prefix: string;
  /** null: instance-wide. */
  workspace_id: string | null;
  status: 'active' | 'revoked';
  created_at: string;
  created_by: string | null;
  created_by_label: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const verifierView = (r: VerifierRow, now: Date): VerifierView => ({
  id: r.id, name: r.name, display_prefix: r.display_prefix, workspace_id: r.workspace_id,
  status: r.revoked_at && r.revoked_at <= now ? 'revoked' : 'active',
  created_at: r.created_at.toISOString(), created_by: r.created_by, created_by_label: r.created_by_label,
  last_used_at: r.last_used_at?.toISOString() ?? null, revoked_at: r.revoked_at?.toISOString() ?? null,
});

export interface VerifierServiceDeps {
  db: Db;
  keyring: PepperKeyring;
  brand: string;
  /** Creations and revocations are published here, on their transaction: every node's verifier cache hears them. */
  invalidation: Invalidation;
  clock?: Clock;
}

const LIST_LIMIT = 200;
const target = (r: VerifierRow) => ({ type: 'verifier', id: r.id, label: r.display_prefix });

/**
 * Verifier credentials: instance-wide ones for instance administrators, workspace-bound ones for
 * the workspace's owners (listed by its admins too). The secret is shown once, at creation; only
 * its keyed hash is stored.
 */
export function createVerifierService(deps: VerifierServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();

  /** Who may manage verifiers of this scope (workspace ref, or null for instance-wide); the workspace id or null. */
  async function authorizeScope(tx: Db, principal: Principal, workspaceRef: string | null, action: 'verifier.read' | 'verifier.manage'): Promise<string | null> {
    if (workspaceRef === null) {
      await authorizeInstance(tx, principal);
      return null;
    }
    return (await authorize(tx, principal, workspaceRef, action)).workspace.id;
  }

  return {
    async create(principal: Principal, workspaceRef: string | null, input: { name: string }, ctx: AuditContext): Promise<VerifierView & { secret: string }> {
      return db.transaction().execute(async (tx) => {
        const workspaceId = await authorizeScope(tx, principal, workspaceRef, 'verifier.manage');
        const { token, parsed } = generateToken(deps.brand, 'verifier');
        const { pepperId, hash } = deps.keyring.hash(token);
        let row: VerifierRow;
        try {
          row = await repo.insertVerifier(tx, {
            id: newId('verifier'), public_id: parsed.publicId, name: input.name.trim(), workspace_id: workspaceId, pepper_id: pepperId, secret_hash: hash,
            display_prefix: parsed.displayPrefix, created_at: now(), created_by: ctx.actor.id, created_by_label: ctx.actor.label,
          });
        } catch (err) {
          if (isUniqueViolation(err, 'verifier_credentials_live_name')) throw new ApiError('name_taken', `a live verifier named "${input.name.trim()}" already exists here; choose another name or revoke that one`);
          throw err;
        }
        // A node asked for this public id before it existed remembers it as unknown: forget that.
        await deps.invalidation.publish(tx, [createdKey(row.public_id)]);
        await audit(tx, ctx, { workspaceId, action: 'verifier.created', target: target(row), details: { name: row.name, instance_wide: workspaceId === null } });
        return { ...verifierView(row, now()), secret: token };
      });
    },

    async list(principal: Principal, workspaceRef: string | null): Promise<VerifierView[]> {
      const workspaceId = await authorizeScope(db, principal, workspaceRef, 'verifier.read');
      const at = now();
      return (await repo.listVerifiers(db, workspaceId, LIST_LIMIT)).map((r) => verifierView(r, at));
    },

    /** Revokes at once: every node's cache drops it when the transaction commits. Revoking a revoked verifier changes nothing. */
    async revoke(principal: Principal, id: string, ctx: AuditContext): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const row = await repo.lockVerifierById(tx, id);
        if (!row) throw notFound('verifier');
        if (row.workspace_id === null) await authorizeInstance(tx, principal);
        else {
          const ws = await findWorkspace(tx, row.workspace_id);
          await authorize(tx, principal, ws ?? row.workspace_id, 'verifier.manage').catch((err: unknown) => {
            throw err instanceof ApiError && err.code === 'not_found' ? notFound('verifier') : err;
          });
        }
        if (row.revoked_at && row.revoked_at <= now()) return;
        const revoked = await repo.revokeVerifier(tx, row.id, now(), ctx.actor.id);
        await deps.invalidation.publish(tx, [tokenKey(row.public_id)]);
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'verifier.revoked', target: target(revoked), details: { name: row.name } });
      });
    },
  };
}

export type VerifierService = ReturnType<typeof createVerifierService>;
