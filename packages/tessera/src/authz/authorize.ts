import type { Db } from '../db/database.js';
import type { Role, WorkspaceRow } from '../db/schema.js';
import { ApiError } from '../errors/api-error.js';
import { bearerChallenge } from '../errors/bearer-challenge.js';
import { findRole } from '../workspaces/membership-repository.js';
import { findWorkspace } from '../workspaces/workspace-repository.js';
import { isInstanceAdmin } from '../identity/user-repository.js';
import { ACTIONS, USER_ACTIONS, acceptedScopes, roleAtLeast, type Action, type Scope, type UserAction } from './roles.js';
import type { Principal } from './principal.js';
import { CEILING_ROLE } from './effective-permissions.js';

export interface WorkspaceAccess {
  workspace: WorkspaceRow;
  /** The role the principal acts with here: a member's role, a personal token's user's current role, or a workspace/project token's fixed ceiling. */
  role: Role;
}

const hidden = () => new ApiError('not_found', 'workspace not found');

const restricted = (p: Principal, doing: string) =>
  new ApiError('token_restricted', `this personal token${p.type === 'token' ? ` (${p.token.displayPrefix})` : ''} is restricted to one workspace, so it cannot ${doing}; use a session or an unrestricted personal token`);

/**
 * The one place that decides whether a principal may do an action in a workspace. Not a member
 * (or a token of another workspace): 404, so workspaces cannot be discovered. A member whose role
 * is too low: 403 forbidden. A token without the action's scope: 403 insufficient_scope with an
 * RFC 6750 challenge (some actions accept either of two scopes: the message names both). A
 * project token acts only on its own project; a restricted personal token only in its workspace.
 */
export async function authorize(db: Db, principal: Principal, workspaceRef: string | WorkspaceRow, action: Action, target: { projectId?: string } = {}): Promise<WorkspaceAccess> {
  refuseVerifier(principal);
  const workspace = typeof workspaceRef === 'string' ? await findWorkspace(db, workspaceRef) : workspaceRef;
  if (!workspace) throw hidden();
  const rule = ACTIONS[action];
  const role = await roleOf(db, principal, workspace, target);
  if (!roleAtLeast(role, rule.role)) {
    throw new ApiError('forbidden', `${rule.doc.toLowerCase()} needs the ${rule.role} role or higher; ${principal.type === 'session' ? 'you are' : 'this token acts as'} ${role}`, { required_role: rule.role });
  }
  requireScope(principal, acceptedScopes(action), rule.scope);
  return { workspace, role };
}

async function roleOf(db: Db, principal: Principal, workspace: WorkspaceRow, target: { projectId?: string }): Promise<Role> {
  const reach = principal.reach;
  if (principal.type === 'verifier') throw verifierRefused(principal);
  if (principal.type === 'session') {
    const role = await findRole(db, workspace.id, principal.user.id);
    if (!role) throw hidden();
    return role;
  }
  const t = principal.token;
  switch (t.kind) {
    case 'personal': {
      const role = reach.userId ? await findRole(db, workspace.id, reach.userId) : undefined;
      if (!role) throw hidden();
      if (reach.workspaceId && reach.workspaceId !== workspace.id) throw restricted(principal, 'act in another workspace');
      return role;
    }
    case 'workspace':
      if (reach.workspaceId !== workspace.id) throw hidden();
      // Workspace tokens never reach owner-only actions (managing workspace tokens, owners, policy).
      return CEILING_ROLE.workspace;
    case 'project':
    case 'ci':
      if (reach.workspaceId !== workspace.id) throw hidden();
      if (!target.projectId || target.projectId !== reach.projectId) {
        throw new ApiError('wrong_token_kind', `a ${t.kind} token (${t.displayPrefix}) can act only on its own project; use a workspace or personal token here`);
      }
      return CEILING_ROLE[t.kind];
  }
}

/** A token must hold one of `accepted` (sessions hold every scope their roles allow). */
function requireScope(principal: Principal, accepted: readonly Scope[], named: Scope): void {
  const held = principal.reach.scopes;
  if (!held || accepted.some((s) => held.includes(s))) return;
  const wanted = accepted.map((s) => `"${s}"`).join(' or ');
  const message = `this token lacks the ${wanted} scope (it has: ${held.join(', ') || 'none'})`;
  const details = accepted.length > 1 ? { required_scope: named, accepted_scopes: accepted } : { required_scope: named };
  throw new ApiError('insufficient_scope', message, details, bearerChallenge('insufficient_scope', message, named));
}

/**
 * A verifier credential verifies tokens and does nothing else: authentication lets it reach only
 * the routes marked for verifiers, and every authz decision refuses it here as well.
 */
export function refuseVerifier(principal: Principal): asserts principal is Exclude<Principal, { type: 'verifier' }> {
  if (principal.type === 'verifier') throw verifierRefused(principal);
}

const verifierRefused = (p: Extract<Principal, { type: 'verifier' }>) =>
  new ApiError('verifier_not_allowed', `a verifier credential (${p.verifier.displayPrefix}) can only verify tokens (POST /v1/oauth/introspect); use a session or an API token here`);

/** The user a principal acts for (a session's, a personal token's), or 403 wrong_token_kind. */
export function requireUser(principal: Principal): string {
  refuseVerifier(principal);
  if (principal.reach.userId) return principal.reach.userId;
  const t = principal.type === 'token' ? principal.token : undefined;
  throw new ApiError('wrong_token_kind', `this route acts for a user: use a session or a personal token, not a ${t?.kind ?? 'non-user'} token${t ? ` (${t.displayPrefix})` : ''}`);
}

export interface UserAccess {
  userId: string;
  /** The one workspace the principal is restricted to (null: all its user's workspaces): results must stay inside it. */
  workspaceId: string | null;
}

/**
 * The one place that decides what a principal may do for its user (USER_ACTIONS): a session or a
 * personal token holding the action's scope; a token restricted to one workspace only where the
 * action stays inside it. With `target`, the thing acted on (one of the user's personal tokens)
 * must lie inside the principal's reach: a restricted token does not see its user's other tokens
 * (404, as if they did not exist).
 */
export function authorizeUser(principal: Principal, action: UserAction, target?: { workspaceId: string | null }): UserAccess {
  const rule = USER_ACTIONS[action];
  const userId = requireUser(principal);
  requireScope(principal, [rule.scope], rule.scope);
  const workspaceId = principal.reach.workspaceId;
  if (workspaceId) {
    if (!rule.restricted) throw restricted(principal, rule.doc.toLowerCase());
    if (target && target.workspaceId !== workspaceId) throw new ApiError('not_found', 'token not found');
  }
  return { userId, workspaceId };
}

/**
 * Whether a principal may hand out credentials that hold `scopes` (rotating a token, a trust
 * policy that mints ci tokens): a token never hands out a scope it does not hold itself.
 */
export function requireScopesHeld(principal: Principal, scopes: readonly string[], what: string): void {
  const held = principal.reach.scopes;
  const missing = held ? scopes.filter((s) => !held.includes(s as Scope)) : [];
  if (missing.length) {
    throw new ApiError('scope_not_allowed', `${what} would hold the "${missing.join('", "')}" scope${missing.length > 1 ? 's' : ''}, which the token you are using does not hold`);
  }
}

/** Whether the access suffices to hand a credential to a holder with `holderRole` (a service account): never above your own role. */
export function requireRoleAtLeast(access: WorkspaceAccess, holderRole: Role, doing: string): void {
  if (!roleAtLeast(access.role, holderRole)) {
    throw new ApiError('forbidden', `${doing} of a service account with the ${holderRole} role needs the ${holderRole} role or higher; you act as ${access.role}`, { required_role: holderRole });
  }
}

/**
 * Instance administration (instance-wide verifier credentials, naming instance administrators):
 * a session or an unrestricted personal token with the admin scope, of a user who is an instance
 * administrator now (read from the database at each call, so a removal takes effect at once).
 */
export async function authorizeInstance(db: Db, principal: Principal): Promise<{ userId: string }> {
  const { userId } = authorizeUser(principal, 'instance.manage');
  if (!(await isInstanceAdmin(db, userId))) {
    throw new ApiError('forbidden', 'only an instance administrator may do this; the first owner from setup is one and may name others (PUT /v1/instance-admins/{user_id})');
  }
  return { userId };
}
