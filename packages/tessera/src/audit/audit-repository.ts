import type { Db } from '../db/database.js';
import type { AuditEventRow } from '../db/schema.js';
import { randomBase62 } from '../crypto/base62.js';

/** Only this file touches audit_events. */

export interface AuditEventInput {
  workspaceId: string | null;
  actorType: 'user' | 'token' | 'verifier' | 'system' | 'anonymous';
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  targetLabel?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

export async function insertAuditEvents(db: Db, events: AuditEventInput[]): Promise<void> {
  if (!events.length) return;
  await db
    .insertInto('audit_events')
    .values(
      events.map((e) => ({
        id: `evt_${randomBase62(16)}`,
        workspace_id: e.workspaceId,
        actor_type: e.actorType,
        actor_id: e.actorId,
        actor_label: e.actorLabel,
        action: e.action,
        target_type: e.targetType ?? null,
        target_id: e.targetId ?? null,
        target_label: e.targetLabel ?? null,
        ip: e.ip ?? null,
        user_agent: e.userAgent ? e.userAgent.slice(0, 512) : null,
        details: JSON.stringify(e.details ?? {}),
      })),
    )
    .execute();
}

export interface AuditFilter {
  /** null: the instance's own events, which belong to no workspace (denials of unknown tokens, failed sign-ins, setup, instance administration). */
  workspaceId: string | null;
  actorId?: string;
  action?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  beforeSeq?: string;
  limit: number;
}

export function listAuditEvents(db: Db, f: AuditFilter): Promise<AuditEventRow[]> {
  let q = f.workspaceId === null
    ? db.selectFrom('audit_events').selectAll().where('workspace_id', 'is', null)
    : db.selectFrom('audit_events').selectAll().where('workspace_id', '=', f.workspaceId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action) q = f.action.endsWith('.*') ? q.where('action', 'like', `${f.action.slice(0, -1)}%`) : q.where('action', '=', f.action);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.since) q = q.where('occurred_at', '>=', f.since);
  if (f.until) q = q.where('occurred_at', '<', f.until);
  if (f.beforeSeq) q = q.where('seq', '<', f.beforeSeq);
  return q.orderBy('seq', 'desc').limit(f.limit).execute();
}
