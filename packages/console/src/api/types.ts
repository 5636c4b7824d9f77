/** The shapes the public API answers with (docs/api.md; /openapi.json is the reference). */
export type Role = 'owner' | 'admin' | 'member' | 'viewer';
export type Scope = 'read' | 'write' | 'upload' | 'admin';
export type TokenKind = 'workspace' | 'project' | 'personal' | 'ci';
export type TokenStatus = 'active' | 'rotating' | 'expired' | 'revoked';

export interface User { id: string; email: string | null; name: string; kind: 'human' | 'service' }
export interface WorkspaceRef { id: string; slug: string; name: string; role: Role }
export interface Me { principal: 'session' | 'token'; csrf_token?: string; user?: User; workspaces?: WorkspaceRef[] }

export interface Workspace {
  id: string; slug: string; name: string; created_at: string; role: Role;
  max_token_lifetime_days: number; default_token_lifetime_days: number; allow_non_expiring_tokens: boolean; token_limit: number | null;
}
export interface Project { id: string; workspace_id: string; slug: string; name: string; created_at: string }
export interface Member { user_id: string; kind: 'human' | 'service'; email: string | null; name: string; role: Role; pending: boolean; created_at: string }
export interface MemberAdded extends Member { invitation?: { code: string; expires_at: string } }

export interface Token {
  id: string; kind: TokenKind; name: string; description: string; display_prefix: string;
  workspace_id: string | null; project_id: string | null; user_id: string | null; scopes: Scope[]; status: TokenStatus;
  created_at: string; created_by: string | null; expires_at: string | null; last_used_at: string | null; last_used_ip: string | null;
  revoked_at: string | null; revoked_by: string | null; revoke_reason: string | null; grace_period_ends_at: string | null;
  rotated_from: string | null; rotated_to: string | null; agent_type: string; labels: Record<string, string>;
}
export interface TokenWithSecret extends Token { secret: string }
export interface Page<T> { items: T[]; next_cursor: string | null }

export interface AuditEvent {
  id: string; occurred_at: string; workspace_id: string | null;
  actor: { type: string; id: string | null; label: string | null };
  action: string;
  target: { type: string; id: string | null; label: string | null } | null;
  ip: string | null; user_agent: string | null; details: Record<string, unknown>;
}

export interface Upload {
  id: string; project_id: string; kind: 'coverage' | 'test-results' | 'analysis'; format: string; filename: string; size_bytes: number;
  parse_status: 'parsed' | 'unparsable'; parse_error: string | null;
  summary: null | { lines_found: number; lines_hit: number; percent: number | null; files: number } | { tests: number; passed: number; failed: number; skipped: number } | { results: number; by_level: Record<string, number> };
  commit: string | null; branch: string | null; pull_request: string | null; ci_provider: string | null; build_id: string | null;
  token_id: string | null; user_id: string | null; created_at: string; raw_url: string;
}

export type TrustProvider = 'github' | 'gitlab' | 'generic';
export interface TrustPolicy {
  id: string; workspace_id: string; project_id: string | null; name: string; provider: TrustProvider | string; issuer: string;
  conditions: Record<string, unknown>; scopes: Scope[]; lifetime_seconds: number; pinned_at: string | null;
  created_by: string | null; created_at: string; updated_at: string;
}
