import type { TokenRow } from '../db/schema.js';
import { tokenStatus } from './token-repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The token as the API shows it. Built field by field: the hash and pepper id never leave. */
export function tokenView(row: TokenRow, now: Date) {
  const status = tokenStatus(row, now);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    display_prefix: row.display_prefix,
    workspace_id: row.workspace_id,
    project_id: row.project_id,
    user_id: row.user_id,
    scopes: row.scopes,
    status,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
    expires_at: iso(row.expires_at),
    last_used_at: iso(row.last_used_at),
    last_used_ip: row.last_used_ip,
    revoked_at: status === 'revoked' ? iso(row.revoked_at) : null,
    revoked_by: status === 'revoked' ? row.revoked_by : null,
    revoke_reason: status === 'revoked' ? row.revoke_reason : null,
    grace_period_ends_at: status === 'rotating' ? iso(row.revoked_at) : null,
    rotated_from: row.rotated_from,
    rotated_to: row.rotated_to,
    agent_type: row.agent_type,
    labels: row.labels,
    canary: row.canary,
    leaked_at: iso(row.leaked_at),
  };
}

export type TokenView = ReturnType<typeof tokenView>;
