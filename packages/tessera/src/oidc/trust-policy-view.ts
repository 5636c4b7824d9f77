import type { TrustPolicyRow } from '../db/schema.js';
import { ID_CLAIMS } from './conditions.js';

const ORDER = [
  'repository', 'repository_id', 'repository_owner_id', 'project_path', 'project_id', 'namespace_path', 'namespace_id', 'subject',
  'refs', 'ref_type', 'ref_protected', 'environments', 'workflows', 'event_names', 'allow_pull_requests', 'runner_environment',
];

/** The policy as the API shows it: its conditions with the pinned ids written under their claim names. */
export function trustPolicyView(row: TrustPolicyRow) {
  const ids = ID_CLAIMS[row.provider];
  const all: Record<string, unknown> = { ...row.conditions };
  if (ids.subjectId && row.pinned_subject_id) all[ids.subjectId] = row.pinned_subject_id;
  if (ids.ownerId && row.pinned_owner_id) all[ids.ownerId] = row.pinned_owner_id;
  // In the reference's order (identity first), whatever order the database keeps JSON keys in.
  const conditions = Object.fromEntries(ORDER.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    project_id: row.project_id,
    name: row.name,
    provider: row.provider,
    issuer: row.issuer,
    conditions,
    scopes: row.scopes,
    lifetime_seconds: row.lifetime_seconds,
    pinned_at: row.pinned_at?.toISOString() ?? null,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export type TrustPolicyView = ReturnType<typeof trustPolicyView>;
