/**
 * The events a webhook endpoint can subscribe to (docs/events.md describes each payload). Most are
 * written by the audit trail's writer on the transaction of the change (see `eventForAudit`); the
 * expiry pass, the leak response and canary tokens write theirs directly.
 */
export const EVENT_TYPES = [
  'token.created', 'token.rotated', 'token.revoked', 'token.expiring', 'token.expired', 'token.leaked', 'token.canary_triggered',
  'member.added', 'member.removed', 'member.role_changed', 'trust_policy.changed', 'oidc.exchange_denied',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Audit actions that are also webhook events, and the event each one is. */
const FROM_AUDIT: Record<string, EventType> = {
  'token.created': 'token.created',
  'token.rotated': 'token.rotated',
  'token.revoked': 'token.revoked',
  'member.added': 'member.added',
  'member.removed': 'member.removed',
  'member.role_changed': 'member.role_changed',
  'trust_policy.created': 'trust_policy.changed',
  'trust_policy.updated': 'trust_policy.changed',
  'trust_policy.deleted': 'trust_policy.changed',
  'oidc.exchange.denied': 'oidc.exchange_denied',
  'token.canary_triggered': 'token.canary_triggered',
};

export interface EventSubject {
  type: string;
  id: string | null;
  label: string | null;
}

export interface WebhookEventInput {
  workspaceId: string;
  type: EventType;
  data: Record<string, unknown>;
}

/** Keys never copied from an audit event's details into a payload, whatever a future caller puts there. */
const NEVER = /secret|password|token_raw|code_hash|setup_code|hash$/i;

/**
 * The webhook event an audit event stands for, or null (not an event type, or no workspace).
 * The payload's `data`: the workspace, the actor (type, id, label: an email or a token's display
 * prefix, never a secret), the subject (token, user or trust policy) and the audit details.
 */
export function eventForAudit(e: { workspaceId: string | null; action: string; actor: EventSubject; target?: EventSubject | null; details?: Record<string, unknown> }): WebhookEventInput | null {
  const type = FROM_AUDIT[e.action];
  if (!type || !e.workspaceId) return null;
  const details = Object.fromEntries(Object.entries(e.details ?? {}).filter(([k]) => !NEVER.test(k)));
  const change = type === 'trust_policy.changed' ? { change: e.action.slice('trust_policy.'.length) } : {};
  return {
    workspaceId: e.workspaceId, type,
    data: { workspace_id: e.workspaceId, actor: e.actor, subject: e.target ?? null, ...change, details },
  };
}

/** The exact body sent (and signed) for an event: Standard Webhooks' recommended `{type, timestamp, data}`. */
export function payloadOf(type: EventType, at: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}
