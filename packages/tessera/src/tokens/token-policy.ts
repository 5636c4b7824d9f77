import type { Role, TokenKind, WorkspaceRow } from '../db/schema.js';
import { ApiError } from '../errors/api-error.js';
import type { ScopeRegistry } from '../authz/scope-registry.js';

const DAY_MS = 86_400_000;

export interface ExpiryRequest {
  /** An ISO date-time, or null for "never expires". Undefined: not given. */
  expires_at?: string | null;
  /** A preset (7, 30, 90) or any number of days. */
  expires_in_days?: number;
}

/** Account-wide personal tokens have no workspace policy: they get the defaults a new workspace has. */
export const DEFAULT_POLICY = { max_token_lifetime_days: 365, default_token_lifetime_days: 90, allow_non_expiring_tokens: false };
type Policy = Pick<WorkspaceRow, 'max_token_lifetime_days' | 'default_token_lifetime_days' | 'allow_non_expiring_tokens'>;

/** Turns the requested expiry into a date (or null) the workspace policy allows, or says why not. */
export function resolveExpiry(req: ExpiryRequest, policy: Policy, now: Date): Date | null {
  if (req.expires_at !== undefined && req.expires_in_days !== undefined) {
    throw new ApiError('invalid_request', 'give either expires_at or expires_in_days, not both');
  }
  const max = new Date(now.getTime() + policy.max_token_lifetime_days * DAY_MS);
  if (req.expires_at === null) {
    if (!policy.allow_non_expiring_tokens) {
      throw new ApiError('expiry_not_allowed', `this workspace does not allow tokens without expiration; choose a date within ${policy.max_token_lifetime_days} days`, { max_lifetime_days: policy.max_token_lifetime_days });
    }
    return null;
  }
  let at: Date;
  if (req.expires_in_days !== undefined) at = new Date(now.getTime() + req.expires_in_days * DAY_MS);
  else if (req.expires_at !== undefined) at = new Date(req.expires_at);
  else at = new Date(now.getTime() + Math.min(policy.default_token_lifetime_days, policy.max_token_lifetime_days) * DAY_MS);
  if (Number.isNaN(at.getTime())) throw new ApiError('invalid_request', 'body.expires_at is not a valid date-time');
  if (at <= now) throw new ApiError('expiry_not_allowed', 'expires_at is in the past');
  if (at.getTime() > max.getTime() + 60_000) {
    throw new ApiError('expiry_not_allowed', `tokens in this workspace may live at most ${policy.max_token_lifetime_days} days (until ${max.toISOString()})`, { max_lifetime_days: policy.max_token_lifetime_days });
  }
  return at;
}

/**
 * The scopes a new token may hold: known to this instance (built-in or platform-defined), allowed
 * for its kind, grantable by the creator's role, and, when the creator is itself a token, no more
 * than that token holds. Returned in the registry's canonical order.
 */
export function checkScopes(registry: ScopeRegistry, requested: string[], kind: TokenKind, creatorRole: Role, creatorTokenScopes: readonly string[] | null, holderRole?: Role): string[] {
  const unique = [...new Set(requested)];
  if (!unique.length) throw new ApiError('scope_not_allowed', 'give at least one scope');
  for (const s of unique) {
    if (!registry.isKnown(s)) throw new ApiError('scope_not_allowed', `unknown scope "${s}" (known: ${registry.names().join(', ')})`, { scope: s, reason: 'unknown' });
    if (!registry.kindMayHold(kind, s)) throw new ApiError('scope_not_allowed', `a ${kind} token cannot have the "${s}" scope (allowed: ${registry.forKind(kind).join(', ')})`, { scope: s, reason: 'kind' });
    if (!registry.roleMayGrant(creatorRole, s)) throw new ApiError('scope_not_allowed', `as ${creatorRole} you cannot grant the "${s}" scope (it needs ${registry.get(s)!.minRole} or higher; you may grant: ${registry.grantable(creatorRole).join(', ')})`, { scope: s, reason: 'role', required_role: registry.get(s)!.minRole });
    if (creatorTokenScopes && !creatorTokenScopes.includes(s)) throw new ApiError('scope_not_allowed', `the token you are using does not hold the "${s}" scope, so it cannot grant it`, { scope: s, reason: 'not_held' });
    if (holderRole && !registry.roleMayGrant(holderRole, s)) throw new ApiError('scope_not_allowed', `the service account is ${holderRole} and cannot hold the "${s}" scope`, { scope: s, reason: 'holder_role' });
  }
  return registry.order(unique);
}
