import type { TokenKind } from './token-format.js';

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

/** Who a valid token is and what it may do now: the server's validate answer, as data. */
export interface TokenIdentity {
  tokenId: string;
  kind: TokenKind;
  /** Safe to log (brand + kind + public id). */
  displayPrefix: string;
  workspaceId: string | null;
  projectId: string | null;
  userId: string | null;
  /** Effective scopes: what it may do now (in `workspace` when one was named). */
  scopes: readonly string[];
  /** What it was created with: never act on these. */
  grantedScopes: readonly string[];
  role: Role | null;
  /** `rotating`: replaced by a rotation, it stops working at `graceEndsAt`. */
  status: 'active' | 'rotating';
  graceEndsAt: Date | null;
  expiresAt: Date | null;
  /** Unrestricted personal tokens: the user's role and the token's scopes in each workspace. */
  workspaces?: readonly { workspaceId: string; role: Role; scopes: readonly string[] }[];
}

/**
 * Why a token is refused. From the server: `malformed`, `invalid` (unknown or wrong secret),
 * `expired`, `revoked`. From the check asked for: `insufficient_scope`, `wrong_workspace`,
 * `wrong_project`. `unavailable`: the server could not be asked (nothing was decided).
 */
export type FailureCode = 'malformed' | 'invalid' | 'expired' | 'revoked' | 'insufficient_scope' | 'wrong_workspace' | 'wrong_project' | 'unavailable';

export type VerifyResult =
  | ({ valid: true } & TokenIdentity)
  | { valid: false; code: FailureCode; reason?: string; message?: string };

export type Invalid = Extract<VerifyResult, { valid: false }>;

export interface VerifyOptions {
  /** The scope the caller needs: refused with `insufficient_scope` unless the token has it now. */
  scope?: string;
  /** A project id: a project-bound token of another project is refused with `wrong_project`. */
  project?: string;
  /** A workspace id: role and scopes there; a token that cannot act there is refused with `wrong_workspace`. */
  workspace?: string;
}

const wrongWorkspace = (r: TokenIdentity, workspace: string): VerifyResult => ({ valid: false, code: 'wrong_workspace', message: `${r.displayPrefix} cannot act in workspace ${workspace}` });

/** A valid answer as the check asks for it (the same rules as the server's gateway and effective permissions). */
export function applyOptions(r: { valid: true } & TokenIdentity, o: VerifyOptions | undefined): VerifyResult {
  if (!o || (o.scope === undefined && o.project === undefined && o.workspace === undefined)) return r;
  let out = r;
  if (o.workspace !== undefined) {
    if (r.workspaces) {
      const w = r.workspaces.find((x) => x.workspaceId === o.workspace);
      if (!w) return wrongWorkspace(r, o.workspace);
      out = Object.freeze({ ...r, role: w.role, scopes: w.scopes, workspaceId: o.workspace });
    } else if (r.workspaceId !== o.workspace || r.role === null) {
      return wrongWorkspace(r, o.workspace);
    }
    // Otherwise its own workspace: the answer as it is (role, scopes and workspace are already
    // those; no copy on a cache hit).
  }
  if (o.project !== undefined && r.projectId !== null && r.projectId !== o.project) {
    return { valid: false, code: 'wrong_project', message: `${r.displayPrefix} is bound to another project` };
  }
  if (o.scope !== undefined && !out.scopes.includes(o.scope)) {
    return { valid: false, code: 'insufficient_scope', message: `${r.displayPrefix} lacks the "${o.scope}" scope` };
  }
  return out;
}

/** The server's validate answer (JSON) as a result. */
export function fromValidateAnswer(body: Record<string, unknown>): VerifyResult {
  if (body.valid !== true) {
    const code = typeof body.code === 'string' && ['malformed', 'invalid', 'expired', 'revoked'].includes(body.code) ? (body.code as FailureCode) : 'invalid';
    return Object.freeze({ valid: false, code, ...(typeof body.reason === 'string' ? { reason: body.reason } : {}), ...(typeof body.message === 'string' ? { message: body.message } : {}) });
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  // The answer's own array when it holds only strings (it does): a filtered copy would keep
  // filter's spare capacity, about 130 bytes per array, two arrays per cached token.
  const isString = (x: unknown): x is string => typeof x === 'string';
  const strs = (v: unknown): readonly string[] => Object.freeze(Array.isArray(v) ? (v.every(isString) ? v : v.filter(isString)) : []);
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  const ws = Array.isArray(body.workspaces)
    ? Object.freeze((body.workspaces as Record<string, unknown>[]).map((w) => Object.freeze({ workspaceId: String(w.workspace_id), role: w.role as Role, scopes: strs(w.scopes) })))
    : undefined;
  return Object.freeze({
    valid: true as const,
    tokenId: String(body.token_id), kind: body.kind as TokenIdentity['kind'], displayPrefix: String(body.display_prefix),
    workspaceId: str(body.workspace_id), projectId: str(body.project_id), userId: str(body.user_id),
    scopes: strs(body.scopes), grantedScopes: strs(body.granted_scopes), role: (str(body.role) as Role | null),
    status: body.status === 'rotating' ? 'rotating' : 'active', graceEndsAt: date(body.grace_ends_at), expiresAt: date(body.expires_at),
    ...(ws ? { workspaces: ws } : {}),
  });
}
