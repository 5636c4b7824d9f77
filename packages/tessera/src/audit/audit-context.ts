import type { Db } from '../db/database.js';
import { insertAuditEvents, type AuditEventInput } from './audit-repository.js';
import { eventForAudit, type WebhookEventInput } from '../webhooks/event-types.js';
import { emitWebhookEvents } from '../webhooks/outbox.js';

/** Who did something and from where: taken from the request once, passed to services. */
export interface Actor {
  type: 'user' | 'token' | 'verifier' | 'system' | 'anonymous';
  id: string | null;
  /** Email or token display prefix: never a secret. */
  label: string | null;
  /** For a personal token, the user it acts for. */
  userId: string | null;
}

export interface AuditContext {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditRecord {
  workspaceId: string | null;
  action: string;
  target?: { type: string; id: string; label?: string | null };
  details?: Record<string, unknown>;
}

/**
 * Writes audit events on the caller's executor, so they commit with the change they describe; the
 * ones that are also webhook events (token.created, member.added, …: webhooks/event-types.ts) go
 * into the webhook outbox on the same executor.
 */
export async function audit(db: Db, ctx: AuditContext, ...records: AuditRecord[]): Promise<void> {
  const inputs = records.map((r): AuditEventInput => ({
    workspaceId: r.workspaceId,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    action: r.action,
    targetType: r.target?.type ?? null,
    targetId: r.target?.id ?? null,
    targetLabel: r.target?.label ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { ...(ctx.actor.userId && ctx.actor.type === 'token' ? { on_behalf_of: ctx.actor.userId } : {}), ...r.details },
  }));
  await insertAuditEvents(db, inputs);
  await emitWebhookEvents(db, webhookEventsOf(inputs));
}

/** The webhook events a batch of audit events stands for. */
export function webhookEventsOf(inputs: readonly AuditEventInput[]): WebhookEventInput[] {
  return inputs.flatMap((i) => {
    const e = eventForAudit({
      workspaceId: i.workspaceId, action: i.action, actor: { type: i.actorType, id: i.actorId, label: i.actorLabel },
      target: i.targetType ? { type: i.targetType, id: i.targetId ?? null, label: i.targetLabel ?? null } : null, details: i.details ?? {},
    });
    return e ? [e] : [];
  });
}

export const systemContext: AuditContext = { actor: { type: 'system', id: null, label: 'tessera', userId: null }, ip: null, userAgent: null };
