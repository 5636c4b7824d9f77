import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../http/common-schemas.js';

const Party = Type.Object({ type: Type.String(), id: Nullable(Type.String()), label: Nullable(Type.String()) });

/** One event of the audit trail, as the list route answers and the export writes it (one per NDJSON line, one per CSV row). */
export const AuditEvent = Type.Object({
  id: Type.String(),
  occurred_at: Timestamp,
  workspace_id: Nullable(Type.String()),
  actor: Party,
  action: Type.String({ description: 'e.g. token.created, token.revoked, member.added, auth.denied' }),
  target: Nullable(Party),
  ip: Nullable(Type.String()),
  user_agent: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
}, { $id: 'AuditEvent' });

export type AuditEventOut = Static<typeof AuditEvent>;
