import { permissionsIn } from '../authz/effective-permissions.js';
import type { Role } from '../db/schema.js';
import type { TokenIdentity, ValidationResult } from '../tokens/validation-service.js';
import type { VerifierIdentity } from './verifier-auth.js';

/** RFC 7662 §2.2: everything not valid, or out of the verifier's reach, is this and nothing else. */
export const INACTIVE = Object.freeze({ active: false as const });

export interface ActiveAnswer {
  active: true;
  /** Effective scopes, space-separated (what the token may do now, in the verifier's workspace). */
  scope: string;
  token_type: 'Bearer';
  /** When it stops being valid (its expiry, or a rotation's grace end if sooner); absent if never. */
  exp?: number;
  iat: number;
  /** The user it acts for (a personal token), else the token id. */
  sub: string;
  iss: string;
  token_id: string;
  kind: TokenIdentity['kind'];
  workspace_id: string | null;
  project_id: string | null;
  user_id: string | null;
  role: Role | null;
  status: 'active' | 'rotating';
}

export type IntrospectionAnswer = typeof INACTIVE | ActiveAnswer;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * The introspection answer for a validation result as one verifier may see it. A workspace-bound
 * verifier sees only its workspace's tokens, and an unrestricted personal token as what it may do
 * in that workspace (its user's role there); a token that can do nothing there is inactive for it.
 */
export function introspectionAnswer(r: ValidationResult, verifier: VerifierIdentity, iss: string): IntrospectionAnswer {
  if (!r.valid) return INACTIVE;
  const t = r.token;
  const e = t.effective;
  let role = e.role;
  let scopes = e.scopes;
  let workspaceId = t.workspaceId;
  if (verifier.workspaceId !== null) {
    if (t.workspaceId !== null && t.workspaceId !== verifier.workspaceId) return INACTIVE;
    const here = permissionsIn(e, t.workspaceId, verifier.workspaceId);
    if (!here.role) return INACTIVE;
    ({ role, scopes } = here);
    workspaceId = verifier.workspaceId;
  }
  const ends = [t.expiresAt, e.graceEndsAt].filter((d): d is Date => d !== null).map(seconds);
  return {
    active: true, scope: scopes.join(' '), token_type: 'Bearer',
    ...(ends.length ? { exp: Math.min(...ends) } : {}),
    iat: seconds(t.createdAt), sub: t.userId ?? t.tokenId, iss,
    token_id: t.tokenId, kind: t.kind, workspace_id: workspaceId, project_id: t.projectId, user_id: t.userId, role, status: e.status,
  };
}
