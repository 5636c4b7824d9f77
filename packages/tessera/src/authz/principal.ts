import type { TokenIdentity } from '../tokens/validation-service.js';
import type { VerifierIdentity } from '../verifiers/verifier-auth.js';
import type { Actor } from '../audit/audit-context.js';

export interface SessionUser {
  id: string;
  email: string | null;
  name: string;
  kind: 'human' | 'service';
}

/**
 * How far a principal reaches, fixed where it is resolved (authentication, the OIDC upload
 * exchange) and read only by authz: no service decides from a token's fields itself.
 */
export interface Reach {
  /** The user it acts for: a session's user, a personal token's user; null for workspace, project and ci tokens. */
  userId: string | null;
  /** The one workspace it may act in; null: wherever its user is a member (sessions, unrestricted personal tokens). */
  workspaceId: string | null;
  /** The one project it may act on (project and ci tokens). */
  projectId: string | null;
  /** The scopes it holds (built-in and platform-defined); null for a session, which only its user's roles limit. */
  scopes: readonly string[] | null;
}

/**
 * Who is calling: a signed-in user (session), an API token, or a verifier credential (a resource
 * server that may only verify tokens: authentication lets it reach only routes marked
 * `config.verifier`, and authz refuses it everything). Build one with sessionPrincipal(),
 * tokenPrincipal() or verifierPrincipal().
 */
export type Principal =
  | { type: 'session'; sessionId: string; user: SessionUser; /** Authenticated by the browser's cookie (not a bearer header). */ viaCookie?: boolean; reach: Reach }
  | { type: 'token'; token: TokenIdentity; reach: Reach }
  | { type: 'verifier'; verifier: VerifierIdentity; reach: Reach };

export function sessionPrincipal(session: { sessionId: string; user: SessionUser }, viaCookie = false): Principal {
  const reach: Reach = Object.freeze({ userId: session.user.id, workspaceId: null, projectId: null, scopes: null });
  return { type: 'session', sessionId: session.sessionId, user: session.user, ...(viaCookie ? { viaCookie } : {}), reach };
}

export function tokenPrincipal(token: TokenIdentity): Principal {
  const reach: Reach = Object.freeze({
    userId: token.kind === 'personal' ? token.userId : null,
    workspaceId: token.workspaceId,
    projectId: token.kind === 'project' || token.kind === 'ci' ? token.projectId : null,
    scopes: Object.freeze([...token.scopes]),
  });
  return { type: 'token', token, reach };
}

/** A verifier acts for nobody and holds no scope: it reaches one workspace's tokens, or every token (instance-wide). */
export function verifierPrincipal(verifier: VerifierIdentity): Principal {
  const reach: Reach = Object.freeze({ userId: null, workspaceId: verifier.workspaceId, projectId: null, scopes: Object.freeze([]) });
  return { type: 'verifier', verifier, reach };
}

export function actorOf(p: Principal): Actor {
  switch (p.type) {
    case 'session': return { type: 'user', id: p.user.id, label: p.user.email ?? p.user.name, userId: p.user.id };
    case 'token': return { type: 'token', id: p.token.tokenId, label: p.token.displayPrefix, userId: p.token.userId };
    case 'verifier': return { type: 'verifier', id: p.verifier.verifierId, label: p.verifier.displayPrefix, userId: null };
  }
}

/** The user a principal acts as, if any: a session's user or a personal token's user. */
export function userIdOf(p: Principal): string | null {
  return p.reach.userId;
}
