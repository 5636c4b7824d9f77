import type { Db } from '../db/database.js';
import type { Role, WorkspaceRow } from '../db/schema.js';
import { ApiError } from '../http/api-error.js';
import { bearerChallenge } from '../http/authentication.js';
import { findRole } from '../workspaces/membership-repository.js';
import { findWorkspace } from '../workspaces/workspace-repository.js';
import { ACTIONS, acceptedScopes, roleAtLeast, type Action } from './roles.js';
import type { Principal } from './principal.js';

export interface WorkspaceAccess {
  workspace: WorkspaceRow;
  /** The role the principal acts with here: a member's role, a personal token's user's current role, or a workspace/project token's fixed ceiling. */
  role: Role;
}

const hidden = () => new ApiError('not_found', 'workspace not found');

/**
 * The one place that decides whether a principal may do an action in a workspace. Not a member
 * (or a token of another workspace): 404, so workspaces cannot be discovered. A member whose role
 * is too low: 403 forbidden. A token without the action's scope: 403 insufficient_scope with an
 * RFC 6750 challenge (some actions accept either of two scopes: the message names both). A
 * project token acts only on its own project.
 */
export async function authorize(db: Db, principal: Principal, workspaceRef: string | WorkspaceRow, action: Action, target: { projectId?: string } = {}): Promise<WorkspaceAccess> {
  const workspace = typeof workspaceRef === 'string' ? await findWorkspace(db, workspaceRef) : workspaceRef;
  if (!workspace) throw hidden();
  const rule = ACTIONS[action];
  const role = await roleOf(db, principal, workspace, target);
  if (!roleAtLeast(role, rule.role)) {
    throw new ApiError('forbidden', `${rule.doc.toLowerCase()} needs the ${rule.role} role or higher; ${principal.type === 'session' ? 'you are' : 'this token acts as'} ${role}`, { required_role: rule.role });
  }
  const accepted = acceptedScopes(action);
  if (principal.type === 'token' && !accepted.some((s) => principal.token.scopes.includes(s))) {
    const wanted = accepted.map((s) => `"${s}"`).join(' or ');
    const message = `this token lacks the ${wanted} scope (it has: ${principal.token.scopes.join(', ') || 'none'})`;
    const details = accepted.length > 1 ? { required_scope: rule.scope, accepted_scopes: accepted } : { required_scope: rule.scope };
    throw new ApiError('insufficient_scope', message, details, bearerChallenge('insufficient_scope', message, rule.scope));
  }
  return { workspace, role };
}

async function roleOf(db: Db, principal: Principal, workspace: WorkspaceRow, target: { projectId?: string }): Promise<Role> {
  if (principal.type === 'session') {
    const role = await findRole(db, workspace.id, principal.user.id);
    if (!role) throw hidden();
    return role;
  }
  const t = principal.token;
  switch (t.kind) {
    case 'personal': {
      const role = t.userId ? await findRole(db, workspace.id, t.userId) : undefined;
      if (!role) throw hidden();
      if (t.workspaceId && t.workspaceId !== workspace.id) {
        throw new ApiError('forbidden', `this personal token (${t.displayPrefix}) is restricted to another workspace`);
      }
      return role;
    }
    case 'workspace':
      if (t.workspaceId !== workspace.id) throw hidden();
      // Workspace tokens never reach owner-only actions (managing workspace tokens, owners, policy).
      return 'admin';
    case 'project':
    case 'ci':
      if (t.workspaceId !== workspace.id) throw hidden();
      if (!target.projectId || target.projectId !== t.projectId) {
        throw new ApiError('wrong_token_kind', `a ${t.kind} token (${t.displayPrefix}) can act only on its own project; use a workspace or personal token here`);
      }
      return 'member';
  }
}

/** Routes that act for a user (their account, their personal tokens) need a session or a personal token. */
export function requireUser(principal: Principal, needScope?: 'read' | 'admin'): string {
  if (principal.type === 'session') return principal.user.id;
  const t = principal.token;
  if (t.kind !== 'personal' || !t.userId) {
    throw new ApiError('wrong_token_kind', `this route acts for a user: use a session or a personal token, not a ${t.kind} token (${t.displayPrefix})`);
  }
  if (needScope && !t.scopes.includes(needScope)) {
    const message = `this token lacks the "${needScope}" scope (it has: ${t.scopes.join(', ') || 'none'})`;
    throw new ApiError('insufficient_scope', message, { required_scope: needScope }, bearerChallenge('insufficient_scope', message, needScope));
  }
  return t.userId;
}
