import { permissionsIn } from '../authz/effective-permissions.js';
import type { ResolvedRef } from '../workspaces/ref-resolver.js';
import type { TokenIdentity } from './validation-service.js';

/**
 * What a gateway location asks of a token, and the answer, as data (the route turns it into
 * HTTP). The permissions come from the one computation every verification answer uses
 * (authz/effective-permissions.ts), already attached to the cached identity.
 */

/** A scope name a location may require: built-in or platform-defined. */
export const SCOPE_PATTERN = '^[a-z][a-z0-9_:.-]{0,63}$';

/** Methods that only read: without `scope`, they need `read`; every other method (or an unrecognised one) needs `write`. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const defaultScopeFor = (method: string): string => (SAFE_METHODS.has(method.toUpperCase()) ? 'read' : 'write');

/** How a gateway request ended, as counted in /metrics. */
export type GatewayResult = 'allowed' | 'unauthenticated' | 'invalid_token' | 'insufficient_scope' | 'wrong_project' | 'bad_request' | 'unavailable';

/** The identity headers for the upstream: always all of them, empty where one does not apply. */
export type IdentityHeaders = Readonly<Record<string, string>>;

export type GatewayDecision =
  | { allowed: true; headers: IdentityHeaders }
  | { allowed: false; code: 'insufficient_scope'; scope: string; message: string }
  | { allowed: false; code: 'wrong_project'; message: string };

/** Per cached identity: its headers with no workspace named (key ''), and per workspace named. Gone with the identity. */
const headerCache = new WeakMap<TokenIdentity, Map<string, { headers: IdentityHeaders; scopes: readonly string[] }>>();

/**
 * The permissions and headers of `t` acting in `workspaceId` ('' = as the token is, no workspace
 * named). Computed once per identity and workspace: the cache hit costs two map lookups.
 */
function permissionsFor(t: TokenIdentity, workspaceId: string): { headers: IdentityHeaders; scopes: readonly string[] } | null {
  let byWorkspace = headerCache.get(t);
  if (byWorkspace === undefined) {
    byWorkspace = new Map();
    headerCache.set(t, byWorkspace);
  }
  let entry = byWorkspace.get(workspaceId);
  if (entry !== undefined) return entry;
  const e = t.effective;
  const { role, scopes } = workspaceId === '' ? { role: e.role, scopes: e.scopes } : permissionsIn(e, t.workspaceId, workspaceId);
  // Named a workspace it cannot act in: nothing to keep (and nothing a stranger could grow).
  if (workspaceId !== '' && role === null) return null;
  // Every header, empty when it does not apply: a proxy that only overwrites the headers it is
  // given (Envoy) then leaves no client-sent value standing; nginx drops an empty one.
  const h: Record<string, string> = {
    'x-tessera-token-id': t.tokenId,
    'x-tessera-kind': t.kind,
    'x-tessera-workspace-id': (workspaceId === '' ? t.workspaceId : workspaceId) ?? '',
    'x-tessera-project-id': t.projectId ?? '',
    'x-tessera-user-id': t.userId ?? '',
    // Space-separated, like OAuth's `scope` (RFC 6749 §3.3, RFC 7662): names never contain a space.
    'x-tessera-scopes': scopes.join(' '),
    'x-tessera-role': role ?? '',
    'x-tessera-status': e.status,
  };
  entry = { headers: Object.freeze(h), scopes };
  byWorkspace.set(workspaceId, entry);
  return entry;
}

/**
 * May `t` pass a location that requires `scope`, and (when the location names one) acts on
 * `target`? `target` is what the location's `project` / `workspace` resolved to: `null` when it
 * named one that does not exist, `undefined` when it named none.
 */
export function decide(t: TokenIdentity, scope: string, target: ResolvedRef | null | undefined, label: string): GatewayDecision {
  if (target === null) return { allowed: false, code: 'wrong_project', message: `this token cannot act on ${label}` };
  if (target?.projectId && t.projectId !== null && t.projectId !== target.projectId) {
    return { allowed: false, code: 'wrong_project', message: `this token is for another project, not ${label}` };
  }
  const p = permissionsFor(t, target ? target.workspaceId : '');
  if (p === null) return { allowed: false, code: 'wrong_project', message: `this token cannot act on ${label}` };
  if (!p.scopes.includes(scope)) {
    return { allowed: false, code: 'insufficient_scope', scope, message: `this token lacks the "${scope}" scope${target ? ` on ${label}` : ''}` };
  }
  return { allowed: true, headers: p.headers };
}

/** `Authorization: Bearer <token>`: the token is the rest of the header. */
export const BEARER = /^Bearer +(.*)$/is;

/** A non-empty header (Node joins a repeated one with ", ": no such method, so it needs `write`). */
export const headerValue = (v: string | string[] | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A location's project and workspace, resolved: `null` when either names nothing, or they disagree. */
export function combine(p: ResolvedRef | null | undefined, w: ResolvedRef | null | undefined): ResolvedRef | null | undefined {
  if (p === undefined) return w;
  if (w === undefined || p === null || w === null) return p === null ? null : w === null ? null : p;
  return p.workspaceId === w.workspaceId ? p : null;
}
