import type { TokenIdentity } from '../tokens/validation-service.js';
import type { Actor } from '../audit/audit-context.js';

export interface SessionUser {
  id: string;
  email: string | null;
  name: string;
  kind: 'human' | 'service';
}

/** Who is calling: a signed-in user (session) or an API token. */
export type Principal =
  | { type: 'session'; sessionId: string; user: SessionUser; /** Authenticated by the browser's cookie (not a bearer header). */ viaCookie?: boolean }
  | { type: 'token'; token: TokenIdentity };

export function actorOf(p: Principal): Actor {
  return p.type === 'session'
    ? { type: 'user', id: p.user.id, label: p.user.email ?? p.user.name, userId: p.user.id }
    : { type: 'token', id: p.token.tokenId, label: p.token.displayPrefix, userId: p.token.userId };
}

/** The user a principal acts as, if any: a session's user or a personal token's user. */
export function userIdOf(p: Principal): string | null {
  if (p.type === 'session') return p.user.id;
  return p.token.kind === 'personal' ? p.token.userId : null;
}
