import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date, Date>;

export interface UsersTable {
  id: string;
  email: string | null;
  name: string;
  kind: 'human' | 'service';
  password_hash: string | null;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
  /** May create instance-wide verifier credentials and name other instance administrators. */
  instance_admin: Generated<boolean>;
}

export interface SessionsTable {
  id: string;
  public_id: string;
  user_id: string;
  pepper_id: string;
  secret_hash: Uint8Array;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface WorkspacesTable {
  id: string;
  slug: string;
  name: string;
  created_at: CreatedAt;
  max_token_lifetime_days: Generated<number>;
  default_token_lifetime_days: Generated<number>;
  allow_non_expiring_tokens: Generated<boolean>;
  token_limit: number | null;
  /** What a reported leak of one of its tokens does: revoke it, or only flag it. */
  leak_response: Generated<'revoke' | 'flag'>;
}

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface ProjectsTable {
  id: string;
  workspace_id: string;
  slug: string;
  name: string;
  created_at: CreatedAt;
}

export type TokenKind = 'workspace' | 'project' | 'personal' | 'ci';

export interface ApiTokensTable {
  id: string;
  public_id: string;
  kind: TokenKind;
  name: string;
  description: string;
  workspace_id: string | null;
  project_id: string | null;
  user_id: string | null;
  name_scope: string;
  scopes: string[];
  pepper_id: string;
  secret_hash: Uint8Array;
  display_prefix: string;
  created_at: CreatedAt;
  created_by: string | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  rotated_from: string | null;
  rotated_to: string | null;
  agent_type: string;
  labels: ColumnType<Record<string, string>, string, string>;
  /** A canary: never grants anything; any use is reported (token.canary_triggered). */
  canary: Generated<boolean>;
  /** When a scanner or a person reported it leaked (flagged, or revoked too). */
  leaked_at: Date | null;
}

export interface AuditEventsTable {
  seq: Generated<string>;
  id: string;
  occurred_at: CreatedAt;
  workspace_id: string | null;
  actor_type: 'user' | 'token' | 'verifier' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  ip: string | null;
  user_agent: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
}

export interface InvitationsTable {
  id: string;
  workspace_id: string;
  user_id: string;
  role: Role;
  pepper_id: string;
  code_hash: Uint8Array;
  created_by: string;
  created_at: CreatedAt;
  expires_at: Date;
  accepted_at: Date | null;
}

export interface InstanceSetupTable {
  id: number;
  pepper_id: string;
  code_hash: Uint8Array;
  /** The code itself, sealed with the pepper (keyring.seal), so every node can print it; null in rows from before 0005. */
  code_sealed: Uint8Array | null;
  created_at: CreatedAt;
}

export type UploadKind = 'coverage' | 'test-results' | 'analysis';
export type UploadFormat = 'lcov' | 'cobertura' | 'junit' | 'sarif' | 'unknown';
export type ParseStatus = 'parsed' | 'unparsable';

export interface UploadsTable {
  id: string;
  workspace_id: string;
  project_id: string;
  /** The API token that sent it (none for a session). */
  token_id: string | null;
  /** The user a session or personal token acts for. */
  user_id: string | null;
  kind: UploadKind;
  format: UploadFormat;
  commit_sha: string | null;
  branch: string | null;
  pull_request: string | null;
  ci_provider: string | null;
  build_id: string | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  /** Hex SHA-256 of the stored (decompressed) body. */
  sha256: string;
  body: Uint8Array;
  summary: ColumnType<Record<string, unknown> | null, string | null, never>;
  parse_status: ParseStatus;
  parse_error: string | null;
  created_at: CreatedAt;
}

export type OidcProvider = 'github' | 'gitlab' | 'generic';

export interface OidcTrustPoliciesTable {
  id: string;
  workspace_id: string;
  /** null: the policy applies to every project of the workspace. */
  project_id: string | null;
  name: string;
  provider: OidcProvider;
  issuer: string;
  conditions: ColumnType<Record<string, unknown>, string, string>;
  scopes: string[];
  lifetime_seconds: number;
  pinned_subject_id: string | null;
  pinned_owner_id: string | null;
  pinned_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface OidcUsedJtisTable {
  issuer: string;
  jti: string;
  expires_at: Date;
  used_at: CreatedAt;
}

/** Sign-in attempts per email (`e:…`) or client address (`i:…`) in the current window. */
export interface LoginAttemptsTable {
  key: string;
  attempts: number;
  window_started_at: Date;
}

export interface VerifierCredentialsTable {
  id: string;
  public_id: string;
  name: string;
  /** null: instance-wide. */
  workspace_id: string | null;
  pepper_id: string;
  secret_hash: Uint8Array;
  display_prefix: string;
  created_at: CreatedAt;
  created_by: string | null;
  created_by_label: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  projects: ProjectsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  invitations: InvitationsTable;
  instance_setup: InstanceSetupTable;
  uploads: UploadsTable;
  oidc_trust_policies: OidcTrustPoliciesTable;
  oidc_used_jtis: OidcUsedJtisTable;
  login_attempts: LoginAttemptsTable;
  verifier_credentials: VerifierCredentialsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  scheduler_leases: SchedulerLeasesTable;
  token_expiry_notices: TokenExpiryNoticesTable;
}

export type UserRow = Selectable<UsersTable>;
export type WorkspaceRow = Selectable<WorkspacesTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TokenRow = Selectable<ApiTokensTable>;
export type NewTokenRow = Insertable<ApiTokensTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type UploadRow = Selectable<UploadsTable>;
export type NewUploadRow = Insertable<UploadsTable>;
export type TrustPolicyRow = Selectable<OidcTrustPoliciesTable>;
export type VerifierRow = Selectable<VerifierCredentialsTable>;

export interface WebhookEndpointsTable {
  id: string;
  workspace_id: string;
  url: string;
  description: Generated<string>;
  event_types: string[];
  secret_pepper_id: string;
  secret_sealed: Uint8Array;
  previous_secret_pepper_id: string | null;
  previous_secret_sealed: Uint8Array | null;
  previous_secret_expires_at: Date | null;
  created_at: CreatedAt;
  created_by: string | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

export interface WebhookEventsTable {
  id: string;
  seq: Generated<string>;
  workspace_id: string;
  type: string;
  payload: string;
  created_at: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  event_id: string;
  endpoint_id: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  lease_until: Date | null;
  lease_holder: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  event_id: string;
  endpoint_id: string;
  attempted_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_excerpt: Generated<string>;
}

export interface SchedulerLeasesTable {
  name: string;
  holder: string;
  lease_until: Date;
}

export interface TokenExpiryNoticesTable {
  token_id: string;
  threshold: string;
  sent_at: Date;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookEventRow = Selectable<WebhookEventsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;
