import type { Role, TokenKind } from '../db/schema.js';
import { GRANTABLE_SCOPES, SCOPES, type Scope } from './roles.js';

/**
 * The role a workspace, project or ci token acts with: fixed by its kind. Workspace tokens never
 * reach owner-only actions; project and ci tokens act as a member on their one project.
 */
export const CEILING_ROLE = { workspace: 'admin', project: 'member', ci: 'member' } as const satisfies Record<Exclude<TokenKind, 'personal'>, Role>;

/** What a token may do in one workspace. */
export interface WorkspacePermissions {
  workspaceId: string;
  role: Role;
  scopes: readonly Scope[];
}

/**
 * What a valid token may do now. `role` and `scopes` are for its one workspace (a restricted
 * personal, workspace, project or ci token); an unrestricted personal token has `role: null`,
 * `scopes` = what it may do in every one of its user's workspaces (never more than in any one of
 * them) and `workspaces` = each workspace with its role and scopes.
 */
export interface EffectivePermissions {
  /** `rotating`: replaced by a rotation; it stops at `graceEndsAt`. */
  status: 'active' | 'rotating';
  graceEndsAt: Date | null;
  role: Role | null;
  scopes: readonly Scope[];
  workspaces: readonly WorkspacePermissions[] | null;
}

/** What the computation needs to know of a token: its row, and for a personal token its user's current roles. */
export interface TokenFacts {
  kind: TokenKind;
  scopes: readonly Scope[];
  workspaceId: string | null;
  /** Set on a valid token only by a rotation: the end of its grace period. */
  revokedAt: Date | null;
  /** A personal token's user's memberships now (restricted: at most the one of its workspace); ignored for other kinds. */
  memberships: readonly { workspaceId: string; role: Role }[];
}

/** The token's scopes that `role` may grant, in the canonical order. */
export function grantable(role: Role, scopes: readonly Scope[]): readonly Scope[] {
  const allowed = GRANTABLE_SCOPES[role];
  return Object.freeze(SCOPES.filter((s) => scopes.includes(s) && allowed.includes(s)));
}

const NONE: readonly Scope[] = Object.freeze([]);

/**
 * The one answer to "what may this token do now", for every verification answer (validate,
 * /v1/me): a personal token holds its scopes only as far as its user's current role in a
 * workspace may grant them; other kinds hold their fixed scopes with their kind's ceiling role.
 * Pure, and computed once per cached token: a role change evicts the personal tokens of the user.
 */
export function effectivePermissions(t: TokenFacts): EffectivePermissions {
  const status = t.revokedAt ? 'rotating' : 'active';
  const graceEndsAt = t.revokedAt;
  if (t.kind !== 'personal') {
    return Object.freeze({ status, graceEndsAt, role: CEILING_ROLE[t.kind], scopes: Object.freeze(SCOPES.filter((s) => t.scopes.includes(s))), workspaces: null });
  }
  if (t.workspaceId) {
    const role = t.memberships.find((m) => m.workspaceId === t.workspaceId)?.role ?? null;
    return Object.freeze({ status, graceEndsAt, role, scopes: role ? grantable(role, t.scopes) : NONE, workspaces: null });
  }
  const workspaces = Object.freeze(t.memberships.map((m) => Object.freeze({ workspaceId: m.workspaceId, role: m.role, scopes: grantable(m.role, t.scopes) })));
  const everywhere = workspaces.length ? SCOPES.filter((s) => workspaces.every((w) => w.scopes.includes(s))) : [];
  return Object.freeze({ status, graceEndsAt, role: null, scopes: Object.freeze(everywhere), workspaces });
}

/**
 * What a token may do in the workspace a caller names: its role and scopes there, or no role and
 * no scopes where it cannot act (another workspace, one its user is not a member of).
 */
export function permissionsIn(p: EffectivePermissions, tokenWorkspaceId: string | null, workspaceId: string): { role: Role | null; scopes: readonly Scope[] } {
  if (p.workspaces) {
    const w = p.workspaces.find((x) => x.workspaceId === workspaceId);
    return w ? { role: w.role, scopes: w.scopes } : { role: null, scopes: NONE };
  }
  return tokenWorkspaceId === workspaceId ? { role: p.role, scopes: p.scopes } : { role: null, scopes: NONE };
}
