import type { Db } from '../db/database.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { revokeMatching, type BulkRevokeFilter } from './token-repository.js';

/**
 * Revokes every live token matching `filter` on the caller's transaction and writes one
 * token.revoked event each, so tokens that a deletion is about to cascade away still leave a trail.
 */
export async function revokeTokensWithAudit(tx: Db, ctx: AuditContext, filter: BulkRevokeFilter, reason: string, at: Date, details: Record<string, unknown> = {}) {
  const revoked = await revokeMatching(tx, filter, at, ctx.actor.id ?? 'system', reason);
  await audit(tx, ctx, ...revoked.map((t) => ({
    workspaceId: t.workspace_id, action: 'token.revoked', target: { type: 'token', id: t.id, label: t.display_prefix },
    details: { kind: t.kind, name: t.name, reason, ...details },
  })));
  return revoked;
}
