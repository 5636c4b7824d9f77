import type { Db } from '../db/database.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { revokeMatching, type BulkRevokeFilter } from './token-repository.js';
import type { Invalidation } from '../validation-cache/invalidation.js';
import { ALL, projectKey, tokenKey, userKey, workspaceKey, type CacheKey } from '../validation-cache/cache-keys.js';

/** Past this many tokens one broader key (the filter's project, user or workspace) is published instead of one key each. */
const MAX_TOKEN_KEYS = 200;

/**
 * Revokes every live token matching `filter` on the caller's transaction, writes one
 * token.revoked event each (so tokens that a deletion is about to cascade away still leave a
 * trail), and publishes their invalidation on the same transaction.
 */
export async function revokeTokensWithAudit(tx: Db, ctx: AuditContext, invalidation: Invalidation, filter: BulkRevokeFilter, reason: string, at: Date, details: Record<string, unknown> = {}) {
  const revoked = await revokeMatching(tx, filter, at, ctx.actor.id ?? 'system', reason);
  if (revoked.length) await invalidation.publish(tx, revoked.length <= MAX_TOKEN_KEYS ? revoked.map((t) => tokenKey(t.public_id)) : [broadKey(filter)]);
  await audit(tx, ctx, ...revoked.map((t) => ({
    workspaceId: t.workspace_id, action: 'token.revoked', target: { type: 'token', id: t.id, label: t.display_prefix },
    details: { kind: t.kind, name: t.name, reason, ...details },
  })));
  return revoked;
}

function broadKey(f: BulkRevokeFilter): CacheKey {
  if (f.projectId) return projectKey(f.projectId);
  if (f.userId) return userKey(f.userId);
  if (f.workspaceId) return workspaceKey(f.workspaceId);
  return ALL;
}
