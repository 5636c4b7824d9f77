import type { Role, TokenKind } from '../db/schema.js';
import type { ScopeRegistry } from './scope-registry.js';

/**
 * The role a workspace, project or ci token acts with: fixed by its kind. Workspace tokens never
 * reach owner-only actions; project and ci tokens act as a member on their one project.
 */
export const CEILING_ROLE = { workspace: 'admin', project: 'member', ci: 'member' } as const satisfies Record<Exclude<TokenKind, 'personal'>, Role>;

/** What a token may do in one workspace. */
export interface WorkspacePermissions {
  workspaceId: string;
  role: Role;
  scopes: readonly string[];
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
  scopes: readonly string[];
  workspaces: readonly WorkspacePermissions[] | null;
}

/** What the computation needs to know of a token: its row, and for a personal token its user's current roles. */
export interface TokenFacts {
  kind: TokenKind;
  /** As granted: built-in and platform scopes (authz/scope-registry.ts). */
  scopes: readonly string[];
  workspaceId: string | null;
  /** Set on a valid token only by a rotation: the end of its grace period. */
  revokedAt: Date | null;
  /** A personal token's user's memberships now (restricted: at most the one of its workspace); ignored for other kinds. */
  memberships: readonly { workspaceId: string; role: Role }[];
}

/** The token's scopes that `role` may grant (built-in or platform, by its min role) and a personal token may hold, in the canonical order. */
export function grantable(registry: ScopeRegistry, role: Role, scopes: readonly string[]): readonly string[] {
  return Object.freeze(registry.order(scopes).filter((s) => registry.roleMayGrant(role, s) && registry.kindMayHold('personal', s)));
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The one answer to "what may this token do now", for every verification answer (validate,
 * /v1/me): a personal token holds its scopes only as far as its user's current role in a
 * workspace may grant them; other kinds hold their fixed scopes with their kind's ceiling role.
 * Scopes the registry does not know (a platform scope the operator has since removed), or no
 * longer allows for the token's kind, are not effective.
 * Pure, and computed once per cached token: a role change evicts the personal tokens of the user.
 */
export function effectivePermissions(t: TokenFacts, registry: ScopeRegistry): EffectivePermissions {
  const status = t.revokedAt ? 'rotating' : 'active';
  const graceEndsAt = t.revokedAt;
  if (t.kind !== 'personal') {
    const held = registry.order(t.scopes).filter((s) => registry.kindMayHold(t.kind, s));
    return Object.freeze({ status, graceEndsAt, role: CEILING_ROLE[t.kind], scopes: Object.freeze(held), workspaces: null });
  }
  if (t.workspaceId) {
    const role = t.memberships.find((m) => m.workspaceId === t.workspaceId)?.role ?? null;
    return Object.freeze({ status, graceEndsAt, role, scopes: role ? grantable(registry, role, t.scopes) : NONE, workspaces: null });
  }
  const workspaces = Object.freeze(t.memberships.map((m) => Object.freeze({ workspaceId: m.workspaceId, role: m.role, scopes: grantable(registry, m.role, t.scopes) })));
  const everywhere = workspaces.length ? registry.names().filter((s) => workspaces.every((w) => w.scopes.includes(s))) : [];
  return Object.freeze({ status, graceEndsAt, role: null, scopes: Object.freeze(everywhere), workspaces });
}

/**
 * What a token may do in the workspace a caller names: its role and scopes there, or no role and
 * no scopes where it cannot act (another workspace, one its user is not a member of).
 */
export function permissionsIn(p: EffectivePermissions, tokenWorkspaceId: string | null, workspaceId: string): { role: Role | null; scopes: readonly string[] } {
  if (p.workspaces) {
    const w = p.workspaces.find((x) => x.workspaceId === workspaceId);
    return w ? { role: w.role, scopes: w.scopes } : { role: null, scopes: NONE };
  }
  return tokenWorkspaceId === workspaceId ? { role: p.role, scopes: p.scopes } : { role: null, scopes: NONE };
}
