import type { Static } from 'typebox';
import type { Token as TokenSchema, ValidateResponse } from '../../tokens/token-schemas.js';
import type { MeResponse } from '../../identity/identity-schemas.js';
import type { Project as ProjectSchema, WorkspaceWithRole as WorkspaceSchema } from '../../workspaces/workspace-schemas.js';
import type { Member as MemberSchema, MemberAdded as MemberAddedSchema } from '../../workspaces/member-schemas.js';

/**
 * The shapes the CLI reads, taken (as types only: nothing of the server is loaded) from the very
 * response schemas the server serializes with, so the two cannot drift apart.
 */
export type Token = Static<typeof TokenSchema>;
export type TokenWithSecret = Token & { secret: string };
export type Page<T> = { items: T[]; next_cursor: string | null };
export type Me = Static<typeof MeResponse>;
export type Validation = Static<typeof ValidateResponse>;
export type Workspace = Static<typeof WorkspaceSchema>;
export type Project = Static<typeof ProjectSchema>;
export type Member = Static<typeof MemberSchema>;
export type MemberAdded = Static<typeof MemberAddedSchema>;
export type SessionCreated = { token: string; expires_at: string; user: { id: string; email: string | null; name: string; kind: string } };

export interface AuditEvent {
  id: string;
  occurred_at: string;
  workspace_id: string | null;
  actor: { type: string; id: string | null; label: string | null };
  action: string;
  target: { type: string; id: string | null; label: string | null } | null;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
}
