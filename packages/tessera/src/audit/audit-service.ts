import type { Db } from '../db/database.js';
import type { AuditEventRow } from '../db/schema.js';
import { authorize, authorizeInstance } from '../authz/authorize.js';
import type { Principal } from '../authz/principal.js';
import { listAuditEvents, type AuditFilter } from './audit-repository.js';

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  since?: string;
  until?: string;
  limit?: number;
  before?: string;
}

export const auditEventView = (e: AuditEventRow) => ({
  id: e.id,
  occurred_at: e.occurred_at.toISOString(),
  workspace_id: e.workspace_id,
  actor: { type: e.actor_type, id: e.actor_id, label: e.actor_label },
  action: e.action,
  target: e.target_type ? { type: e.target_type, id: e.target_id, label: e.target_label } : null,
  ip: e.ip,
  user_agent: e.user_agent,
  details: e.details,
});

export function createAuditService(deps: { db: Db }) {
  const toFilter = (workspaceId: string | null, q: AuditQuery, limit: number): AuditFilter => ({
    workspaceId, limit,
    ...(q.actor ? { actorId: q.actor } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.target ? { targetId: q.target } : {}),
    ...(q.since ? { since: new Date(q.since) } : {}),
    ...(q.until ? { until: new Date(q.until) } : {}),
    ...(q.before ? { beforeSeq: q.before } : {}),
  });
  /** One page of a trail (a workspace's, or the instance's with null), newest first. */
  const page = async (workspaceId: string | null, q: AuditQuery) => {
    const limit = q.limit ?? 50;
    const rows = await listAuditEvents(deps.db, toFilter(workspaceId, q, limit + 1));
    const items = rows.slice(0, limit);
    // seq is int8: a string from pg, a number or bigint from PGlite; cursors carry it as text.
    return { items: items.map(auditEventView), next: rows.length > limit ? String(items.at(-1)!.seq) : null };
  };
  return {
    async list(principal: Principal, workspaceRef: string, q: AuditQuery) {
      const { workspace } = await authorize(deps.db, principal, workspaceRef, 'audit.read');
      return page(workspace.id, q);
    },

    /**
     * The instance's security log, for instance administrators: the events that belong to no
     * workspace (denials of unknown or malformed tokens, failed sign-ins, setup, instance
     * administrators and instance-wide verifiers named or removed).
     */
    async listInstance(principal: Principal, q: AuditQuery) {
      await authorizeInstance(deps.db, principal);
      return page(null, q);
    },

    /** Every matching event, newest first, read page by page so an export never loads the whole trail at once. */
    async *export(principal: Principal, workspaceRef: string, q: AuditQuery): AsyncGenerator<ReturnType<typeof auditEventView>> {
      const { workspace } = await authorize(deps.db, principal, workspaceRef, 'audit.read');
      let before = q.before;
      for (;;) {
        const rows = await listAuditEvents(deps.db, toFilter(workspace.id, { ...q, ...(before ? { before } : {}) }, 500));
        for (const r of rows) yield auditEventView(r);
        if (rows.length < 500) return;
        before = String(rows.at(-1)!.seq);
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
