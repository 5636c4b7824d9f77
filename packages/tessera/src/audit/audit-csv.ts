import type { AuditEventOut } from './audit-schemas.js';

/** The audit trail as CSV: one header row, one row per event, details as JSON in the last column. */
export const AUDIT_CSV_COLUMNS = ['id', 'occurred_at', 'workspace_id', 'actor_type', 'actor_id', 'actor_label', 'action', 'target_type', 'target_id', 'target_label', 'ip', 'user_agent', 'details'] as const;

/**
 * RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would run as a formula
 * (=, +, -, @, tab, carriage return): labels and user agents come from users.
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const auditCsvHeader = () => `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;

export function auditCsvRow(e: AuditEventOut): string {
  const cells = [e.id, e.occurred_at, e.workspace_id, e.actor.type, e.actor.id, e.actor.label, e.action, e.target?.type ?? null, e.target?.id ?? null, e.target?.label ?? null, e.ip, e.user_agent, JSON.stringify(e.details)];
  return `${cells.map(csvCell).join(',')}\r\n`;
}
