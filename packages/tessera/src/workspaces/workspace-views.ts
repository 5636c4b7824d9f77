import type { ProjectRow, Role, WorkspaceRow } from '../db/schema.js';
import type { MemberRow } from './membership-repository.js';

export const workspaceView = (w: WorkspaceRow) => ({
  id: w.id, slug: w.slug, name: w.name, created_at: w.created_at.toISOString(),
  max_token_lifetime_days: w.max_token_lifetime_days, default_token_lifetime_days: w.default_token_lifetime_days,
  allow_non_expiring_tokens: w.allow_non_expiring_tokens, token_limit: w.token_limit, leak_response: w.leak_response,
});

export const workspaceWithRoleView = (w: WorkspaceRow & { role: Role }) => ({ ...workspaceView(w), role: w.role });

export const projectView = (p: ProjectRow) => ({ id: p.id, workspace_id: p.workspace_id, slug: p.slug, name: p.name, created_at: p.created_at.toISOString() });

export const memberView = (m: MemberRow) => ({
  user_id: m.user_id, kind: m.kind, email: m.email, name: m.name, role: m.role, pending: Boolean(m.pending), created_at: m.created_at.toISOString(),
});
