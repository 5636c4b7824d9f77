import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { NewTokenRow, Role, TokenKind, TokenRow, WorkspaceRow } from '../db/schema.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize, authorizeUser, requireRoleAtLeast, requireScopesHeld, requireUser } from '../authz/authorize.js';
import { roleAtLeast, type Action } from '../authz/roles.js';
import type { ScopeRegistry } from '../authz/scope-registry.js';
import type { Principal } from '../authz/principal.js';
import { ApiError, notFound } from '../errors/api-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { findRole } from '../workspaces/membership-repository.js';
import { findProject } from '../workspaces/project-repository.js';
import { findWorkspace, lockWorkspace } from '../workspaces/workspace-repository.js';
import { findUserById } from '../identity/user-repository.js';
import { generateToken } from './token-format.js';
import { TOKEN_KINDS, type CreatableTokenKind } from './token-kinds.js';
import { checkScopes, DEFAULT_POLICY, resolveExpiry, type ExpiryRequest } from './token-policy.js';
import * as repo from './token-repository.js';
import { tokenView, type TokenView } from './token-view.js';
import { revokeTokensWithAudit } from './token-revocation.js';
import type { Invalidation } from '../validation-cache/invalidation.js';
import { createdKey, tokenKey } from '../validation-cache/cache-keys.js';

export interface CreateTokenInput extends ExpiryRequest {
  kind: CreatableTokenKind;
  name: string;
  description?: string;
  project?: string;
  /** For personal tokens: a service account of the workspace (default: the caller). */
  user_id?: string;
  scopes: string[];
  agent_type?: string;
  labels?: Record<string, string>;
  /** A canary token (workspace and project kinds). */
  canary?: boolean;
}

export interface ListInput {
  kind?: TokenKind;
  project?: string;
  status?: repo.TokenStatus;
  expiring_before?: string;
  q?: string;
  created_by?: string;
  sort?: repo.TokenSort;
  limit?: number;
  /** The previous page's last row: its sort key (repo.sortKeyOf, for this same sort) and id. */
  cursor?: { value: string; id: string } | undefined;
}

export interface TokenServiceDeps {
  db: Db;
  keyring: PepperKeyring;
  brand: string;
  projectTokenLimit: number;
  /** Every change to a token that validation reads is published here, on the change's transaction. */
  invalidation: Invalidation;
  /** The scopes of this instance (built-in and platform-defined). */
  scopes: ScopeRegistry;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
  /** Told of each change once its transaction has committed (metrics); default: nobody. */
  events?: TokenEvents;
}

/** What the token service reports after a commit: tokens created, revoked and rotated through it, by kind. */
export interface TokenEvents {
  created(kind: TokenKind): void;
  revoked(kind: TokenKind, count: number): void;
  rotated(kind: TokenKind): void;
}

const NO_EVENTS: TokenEvents = { created() {}, revoked() {}, rotated() {} };

const MAX_GRACE_SECONDS = 7 * 86400;

export function createTokenService(deps: TokenServiceDeps) {
  const { db } = deps;
  const events = deps.events ?? NO_EVENTS;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();

  /** Inserts a token and its audit event on `tx`; returns the row and the one-time secret. */
  async function mint(tx: Db, ctx: AuditContext, fields: Omit<NewTokenRow, 'public_id' | 'pepper_id' | 'secret_hash' | 'display_prefix' | 'id'>, auditDetails: Record<string, unknown> = {}) {
    const { token, parsed } = generateToken(deps.brand, fields.kind);
    const { pepperId, hash } = deps.keyring.hash(token);
    let row: TokenRow;
    try {
      // created_at from this clock at millisecond precision: list cursors carry milliseconds, and a
      // database default (microseconds) would let a token created in the same millisecond as a page's
      // last row fall between two pages.
      row = await repo.insertToken(tx, { ...fields, id: newId('token'), public_id: parsed.publicId, pepper_id: pepperId, secret_hash: hash, display_prefix: parsed.displayPrefix, created_at: now() });
    } catch (err) {
      if (isUniqueViolation(err, 'api_tokens_live_name')) throw new ApiError('name_taken', `a live token named "${fields.name}" already exists here; choose another name or revoke that token`);
      throw err;
    }
    // A node that was asked for this public id before it existed remembers it as unknown: forget that.
    await deps.invalidation.publish(tx, [createdKey(row.public_id)]);
    await audit(tx, ctx, {
      workspaceId: row.workspace_id,
      action: 'token.created',
      target: { type: 'token', id: row.id, label: row.display_prefix },
      details: { kind: row.kind, name: row.name, scopes: row.scopes, project_id: row.project_id, user_id: row.user_id, expires_at: row.expires_at?.toISOString() ?? null, ...(row.canary ? { canary: true } : {}), ...auditDetails },
    });
    return { row, secret: token };
  }

  /** Which action manages a given token, and whether the principal is its own (personal) holder. */
  function manageAction(principal: Principal, row: TokenRow): { action: Action; own: boolean } {
    const self = principal.reach.userId;
    if (row.kind === 'workspace') return { action: 'token.workspace.manage', own: false };
    if (row.kind === 'personal' && self && row.user_id === self) return { action: 'token.personal.manage', own: true };
    // Project and ci tokens; a service account's personal tokens; revoking a member's personal token.
    return { action: 'token.project.manage', own: false };
  }

  /** Loads a token the principal may manage, or throws 404/403. Tokens outside the principal's reach are 404. */
  async function loadManageable(tx: Db, principal: Principal, id: string, op: 'revoke' | 'change', lock = false): Promise<TokenRow> {
    const row = lock ? await repo.lockTokenById(tx, id) : await repo.findTokenById(tx, id);
    if (!row) throw notFound('token');
    const { action, own } = manageAction(principal, row);
    if (own) {
      authorizeUser(principal, 'account.token.manage', { workspaceId: row.workspace_id });
      return row;
    }
    if (!row.workspace_id) throw notFound('token');
    let serviceRole: Role | undefined;
    if (row.kind === 'personal' && op === 'change') {
      const holder = row.user_id ? await findUserById(tx, row.user_id) : undefined;
      if (holder?.kind !== 'service') {
        await authorize(tx, principal, row.workspace_id, 'workspace.read');
        throw new ApiError('forbidden', "only its holder can change or rotate a member's personal token; admins may revoke it");
      }
      serviceRole = await findRole(tx, row.workspace_id, holder.id);
    }
    const access = await authorize(tx, principal, row.workspace_id, action, { projectId: row.project_id ?? undefined });
    if (serviceRole) requireRoleAtLeast(access, serviceRole, 'changing or rotating the tokens');
    return row;
  }

  async function resolveHolder(tx: Db, principal: Principal, workspace: WorkspaceRow, userId: string | undefined): Promise<{ userId: string; serviceRole?: Role }> {
    const self = requireUser(principal);
    if (!userId || userId === self) return { userId: self };
    const user = await findUserById(tx, userId);
    const role = user ? await findRole(tx, workspace.id, user.id) : undefined;
    if (!user || !role) throw notFound('user');
    if (user.kind !== 'service') throw new ApiError('forbidden', 'personal tokens can be created for yourself or for a service account, not for another member');
    return { userId: user.id, serviceRole: role };
  }

  return {
    async create(principal: Principal, workspaceRef: string, input: CreateTokenInput, ctx: AuditContext): Promise<TokenView & { secret: string }> {
      const created = await db.transaction().execute(async (tx) => {
        const ws = await findWorkspace(tx, workspaceRef);
        if (!ws) throw new ApiError('not_found', 'workspace not found');
        let projectId: string | null = null;
        let userId: string | null = null;
        let holderRole: Role | undefined;
        let action: Action;
        if (input.kind === 'project') {
          if (!input.project) throw new ApiError('invalid_request', 'body.project is required for a project token');
          await authorize(tx, principal, ws, 'workspace.read');
          const project = await findProject(tx, ws.id, input.project);
          if (!project) throw notFound('project');
          projectId = project.id;
          action = 'token.project.manage';
        } else if (input.kind === 'workspace') {
          if (input.project) throw new ApiError('invalid_request', 'body.project is only for project tokens');
          action = 'token.workspace.manage';
        } else {
          if (input.project) throw new ApiError('invalid_request', 'body.project is only for project tokens');
          const holder = await resolveHolder(tx, principal, ws, input.user_id);
          userId = holder.userId;
          holderRole = holder.serviceRole;
          action = holderRole ? 'token.project.manage' : 'token.personal.manage';
        }
        if (input.kind !== 'personal' && input.user_id) throw new ApiError('invalid_request', 'body.user_id is only for personal tokens');
        if (input.canary && input.kind === 'personal') throw new ApiError('invalid_request', 'canary tokens are workspace or project tokens');
        const access = await authorize(tx, principal, ws, action, { projectId: projectId ?? undefined });
        if (holderRole) requireRoleAtLeast(access, holderRole, 'creating tokens');
        const at = now();
        const scopes = checkScopes(deps.scopes, input.scopes, input.kind, access.role, principal.reach.scopes, holderRole);
        const expiresAt = resolveExpiry(input, ws, at);

        await requireRoomForOneMore(tx, deps.projectTokenLimit, ws, projectId, at, 'revoke unused tokens first');
        const nameScope = projectId ? `project:${projectId}` : input.kind === 'workspace' ? `workspace:${ws.id}` : `user:${userId}`;
        const { row, secret } = await mint(tx, ctx, {
          kind: input.kind, name: input.name.trim(), description: input.description ?? '', workspace_id: ws.id, project_id: projectId, user_id: userId,
          name_scope: nameScope, scopes, created_by: ctx.actor.id, expires_at: expiresAt, agent_type: input.agent_type ?? '', labels: JSON.stringify(input.labels ?? {}),
          ...(input.canary ? { canary: true } : {}),
        });
        return { ...tokenView(row, at), secret };
      });
      events.created(created.kind);
      return created;
    },

    /**
     * A ci token for a CI job whose OIDC ID token the exchange has verified against a trust
     * policy: project-bound, short-lived, no user. Runs on the exchange's transaction, so the
     * token, its token.created event and the used jti commit together. Not counted against the
     * project's token limit: ci tokens expire within the hour and are minted per job.
     */
    async mintCi(tx: Db, ctx: AuditContext, input: { workspaceId: string; projectId: string; name: string; nameScope: string; scopes: string[]; expiresAt: Date; labels: Record<string, string> }, auditDetails: Record<string, unknown>) {
      const at = now();
      const { row, secret } = await mint(tx, ctx, {
        kind: 'ci', name: input.name.slice(0, 100), description: 'minted from a CI job\'s OIDC ID token', workspace_id: input.workspaceId, project_id: input.projectId, user_id: null,
        name_scope: input.nameScope, scopes: input.scopes, created_by: ctx.actor.id, expires_at: input.expiresAt, agent_type: 'ci', labels: JSON.stringify(input.labels),
      }, auditDetails);
      return { row, secret, view: tokenView(row, at) };
    },

    /** Account-wide personal tokens (Codacy's account tokens), optionally restricted to one workspace. */
    async createForMe(principal: Principal, input: Omit<CreateTokenInput, 'kind' | 'project' | 'user_id'> & { workspace?: string }, ctx: AuditContext) {
      if (input.workspace) return this.create(principal, input.workspace, { ...input, kind: 'personal' }, ctx);
      // A token restricted to one workspace cannot mint one that is not (403 token_restricted).
      const { userId } = authorizeUser(principal, 'account.token.create');
      const at = now();
      // Unrestricted: capped by what the user can grant anywhere, re-checked per workspace at use.
      const scopes = checkScopes(deps.scopes, input.scopes, 'personal', 'owner', principal.reach.scopes);
      const expiresAt = resolveExpiry(input, DEFAULT_POLICY, at);
      const created = await db.transaction().execute(async (tx) => {
        const { row, secret } = await mint(tx, ctx, {
          kind: 'personal', name: input.name.trim(), description: input.description ?? '', workspace_id: null, project_id: null, user_id: userId,
          name_scope: `user:${userId}`, scopes, created_by: ctx.actor.id, expires_at: expiresAt, agent_type: input.agent_type ?? '', labels: JSON.stringify(input.labels ?? {}),
        });
        return { ...tokenView(row, at), secret };
      });
      events.created('personal');
      return created;
    },

    async list(principal: Principal, workspaceRef: string, input: ListInput) {
      const access = await authorize(db, principal, workspaceRef, 'workspace.read');
      const seesAll = roleAtLeast(access.role, 'admin') && (!principal.reach.scopes || principal.reach.scopes.includes('admin'));
      const filter: repo.TokenListFilter = { limit: (input.limit ?? 50) + 1 };
      if (seesAll) filter.workspaceId = access.workspace.id;
      else if (!principal.reach.userId) await authorize(db, principal, access.workspace, 'token.list'); // throws: names the missing scope
      else {
        // A restricted token sees only the personal tokens restricted to its workspace, not its user's broader ones.
        const mine = authorizeUser(principal, 'account.read');
        if (mine.workspaceId) Object.assign(filter, { userId: mine.userId, kind: 'personal', workspaceId: mine.workspaceId });
        else filter.personalOfUserInWorkspace = { userId: mine.userId, workspaceId: access.workspace.id };
      }
      if (input.kind) filter.kind = input.kind;
      if (input.status) filter.status = input.status;
      if (input.expiring_before) filter.expiringBefore = new Date(input.expiring_before);
      if (input.project) {
        const project = await findProject(db, access.workspace.id, input.project);
        if (!project) throw notFound('project');
        filter.projectId = project.id;
      }
      if (input.q) filter.search = input.q;
      if (input.created_by) filter.createdBy = input.created_by;
      if (input.sort) filter.sort = input.sort;
      if (input.cursor) filter.after = input.cursor;
      return page(await repo.listTokens(db, filter, now()), input.limit ?? 50, now(), input.sort ?? '-created_at');
    },

    async listMine(principal: Principal, input: Pick<ListInput, 'status' | 'q' | 'sort' | 'limit' | 'cursor'>) {
      const { userId, workspaceId } = authorizeUser(principal, 'account.read');
      const filter: repo.TokenListFilter = { userId, kind: 'personal', limit: (input.limit ?? 50) + 1 };
      if (workspaceId) filter.workspaceId = workspaceId; // a restricted token: only the tokens restricted to its workspace
      if (input.status) filter.status = input.status;
      if (input.q) filter.search = input.q;
      if (input.sort) filter.sort = input.sort;
      if (input.cursor) filter.after = input.cursor;
      return page(await repo.listTokens(db, filter, now()), input.limit ?? 50, now(), input.sort ?? '-created_at');
    },

    async get(principal: Principal, id: string): Promise<TokenView> {
      const row = await repo.findTokenById(db, id);
      if (!row) throw notFound('token');
      const self = principal.reach.userId;
      if (principal.type === 'token' && principal.token.tokenId === row.id) return tokenView(row, now()); // a token may always read itself
      if (row.kind === 'personal' && self && row.user_id === self) {
        authorizeUser(principal, 'account.read', { workspaceId: row.workspace_id });
        return tokenView(row, now());
      }
      if (!row.workspace_id) throw notFound('token');
      await authorize(db, principal, row.workspace_id, 'token.list').catch((err: unknown) => {
        throw err instanceof ApiError && err.code === 'not_found' ? notFound('token') : err;
      });
      return tokenView(row, now());
    },

    async update(principal: Principal, id: string, patch: { name?: string; description?: string; agent_type?: string; labels?: Record<string, string> }, ctx: AuditContext): Promise<TokenView> {
      return db.transaction().execute(async (tx) => {
        const row = await loadManageable(tx, principal, id, 'change', true);
        const fields = {
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.agent_type !== undefined ? { agent_type: patch.agent_type } : {}),
          ...(patch.labels !== undefined ? { labels: JSON.stringify(patch.labels) } : {}),
        };
        let updated: TokenRow;
        try {
          updated = await repo.updateTokenFields(tx, row.id, fields);
          await deps.invalidation.publish(tx, [tokenKey(row.public_id)]); // the name is part of a validation's answer
        } catch (err) {
          if (isUniqueViolation(err, 'api_tokens_live_name')) throw new ApiError('name_taken', `a live token named "${patch.name}" already exists here`);
          throw err;
        }
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'token.updated', target: { type: 'token', id: row.id, label: row.display_prefix }, details: { changed: Object.keys(fields) } });
        return tokenView(updated, now());
      });
    },

    async revoke(principal: Principal, id: string, reason: string | undefined, ctx: AuditContext): Promise<void> {
      const revokedKind = await db.transaction().execute(async (tx) => {
        const row = await loadManageable(tx, principal, id, 'revoke', true);
        const at = now();
        if (repo.tokenStatus(row, at) === 'revoked') return undefined; // idempotent
        await repo.setRevocation(tx, row.id, at, ctx.actor.id ?? 'system', reason ?? 'revoked');
        await deps.invalidation.publish(tx, [tokenKey(row.public_id)]);
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'token.revoked', target: { type: 'token', id: row.id, label: row.display_prefix }, details: { kind: row.kind, name: row.name, reason: reason ?? null } });
        return row.kind;
      });
      if (revokedKind) events.revoked(revokedKind, 1);
    },

    async rotate(principal: Principal, id: string, graceSeconds: number, ctx: AuditContext): Promise<TokenView & { secret: string }> {
      if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) throw new ApiError('invalid_request', `grace_period_seconds must be between 0 and ${MAX_GRACE_SECONDS}`);
      const rotated = await db.transaction().execute(async (tx) => {
        const old = await loadManageable(tx, principal, id, 'change', true);
        // The replacement keeps the old token's scopes: a token may not rotate its way to scopes it lacks.
        requireScopesHeld(principal, old.scopes, 'the replacement token');
        if (old.kind === 'ci') throw new ApiError('wrong_token_kind', 'ci tokens cannot be rotated; they expire on their own');
        const at = now();
        const status = repo.tokenStatus(old, at);
        if (status !== 'active') throw new ApiError('token_not_active', `token ${old.display_prefix} is ${status}; only an active token can be rotated`);
        const ws = old.workspace_id ? await findWorkspace(tx, old.workspace_id) : undefined;
        const policy = ws ?? DEFAULT_POLICY;
        // The new token keeps the old one's lifetime length, within today's policy.
        const expiry: ExpiryRequest = old.expires_at
          ? { expires_at: new Date(at.getTime() + Math.min(old.expires_at.getTime() - old.created_at.getTime(), policy.max_token_lifetime_days * 86_400_000)).toISOString() }
          : policy.allow_non_expiring_tokens ? { expires_at: null } : {};
        const graceEnds = new Date(at.getTime() + graceSeconds * 1000);
        // With a grace period both tokens stay live until it ends: the replacement needs room
        // under the limits like a new token (with none, it takes the old one's place at once).
        if (graceSeconds > 0 && ws) await requireRoomForOneMore(tx, deps.projectTokenLimit, ws, old.project_id, at, 'rotate with no grace period (grace_period_seconds 0, or --grace 0: the old token stops at once) or revoke unused tokens first');
        // Revoked (at the end of the grace period) before the replacement is inserted, so the
        // replacement may take the same name under the live-name unique index.
        await repo.setRevocation(tx, old.id, graceEnds, ctx.actor.id ?? 'system', 'rotated');
        await deps.invalidation.publish(tx, [tokenKey(old.public_id)]); // valid until graceEnds: nodes must learn the new end
        const { row, secret } = await mint(tx, ctx, {
          kind: old.kind, name: old.name, description: old.description, workspace_id: old.workspace_id, project_id: old.project_id, user_id: old.user_id,
          name_scope: old.name_scope, scopes: old.scopes, created_by: ctx.actor.id, expires_at: resolveExpiry(expiry, policy, at), agent_type: old.agent_type,
          labels: JSON.stringify(old.labels), rotated_from: old.id, canary: old.canary,
        }, { rotated_from: old.id });
        await repo.setRotatedTo(tx, old.id, row.id);
        await audit(tx, ctx, {
          workspaceId: old.workspace_id, action: 'token.rotated', target: { type: 'token', id: old.id, label: old.display_prefix },
          details: { new_token_id: row.id, new_display_prefix: row.display_prefix, grace_period_seconds: graceSeconds, old_token_valid_until: graceEnds.toISOString() },
        });
        return { ...tokenView(row, at), secret };
      });
      events.rotated(rotated.kind);
      return rotated;
    },

    async bulkRevoke(principal: Principal, workspaceRef: string, input: { token_ids?: string[]; without_expiration?: boolean; kind?: TokenKind; project?: string; all?: boolean; reason?: string }, ctx: AuditContext) {
      if (!input.token_ids && !input.without_expiration && !input.kind && !input.project && !input.all) {
        throw new ApiError('invalid_request', 'say which tokens to revoke: token_ids, without_expiration, kind, project, or all: true');
      }
      const revoked = await db.transaction().execute(async (tx) => {
        const access = await authorize(tx, principal, workspaceRef, 'token.project.manage');
        // Owners (and their personal tokens) may include workspace tokens; admins never touch them.
        const mayWorkspace = roleAtLeast(access.role, 'owner');
        let kinds: TokenKind[] = TOKEN_KINDS.filter((k) => mayWorkspace || k !== 'workspace');
        if (input.kind) {
          if (!kinds.includes(input.kind)) throw new ApiError('forbidden', 'revoking workspace tokens needs the owner role');
          kinds = [input.kind];
        }
        let projectId: string | undefined;
        if (input.project) {
          const project = await findProject(tx, access.workspace.id, input.project);
          if (!project) throw notFound('project');
          projectId = project.id;
        }
        const revoked = await revokeTokensWithAudit(tx, ctx, deps.invalidation, {
          workspaceId: access.workspace.id, kinds,
          ...(input.token_ids ? { ids: input.token_ids } : {}),
          ...(input.without_expiration ? { withoutExpiration: true } : {}),
          ...(projectId ? { projectId } : {}),
        }, input.reason ?? 'bulk revoke', now(), { bulk: true });
        return revoked;
      });
      const byKind = new Map<TokenKind, number>();
      for (const t of revoked) byKind.set(t.kind, (byKind.get(t.kind) ?? 0) + 1);
      for (const [kind, count] of byKind) events.revoked(kind, count);
      return revoked.map((t) => ({ id: t.id, display_prefix: t.display_prefix, name: t.name }));
    },
  };
}

/**
 * Refuses a token that would take a project or a workspace past its limit of live tokens (a
 * token in its rotation grace period is live). Serialized per workspace by its row lock.
 */
async function requireRoomForOneMore(tx: Db, projectTokenLimit: number, ws: Pick<WorkspaceRow, 'id' | 'token_limit'>, projectId: string | null, at: Date, fix: string): Promise<void> {
  await lockWorkspace(tx, ws.id);
  if (projectId) {
    const count = await repo.countLive(tx, { projectId }, at);
    if (count >= projectTokenLimit) {
      throw new ApiError('token_limit_reached', `this project already has ${count} active tokens, the limit is ${projectTokenLimit}; ${fix}`, { limit: projectTokenLimit, count });
    }
  }
  if (ws.token_limit !== null) {
    const count = await repo.countLive(tx, { workspaceId: ws.id }, at);
    if (count >= ws.token_limit) {
      throw new ApiError('token_limit_reached', `this workspace already has ${count} active tokens, its limit is ${ws.token_limit}; ${fix.replace(' first', '')} or raise the limit`, { limit: ws.token_limit, count });
    }
  }
}

function page(rows: TokenRow[], limit: number, now: Date, sort: repo.TokenSort) {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map((r) => tokenView(r, now)), next: more && last ? { sort, value: repo.sortKeyOf(last, sort), id: last.id } : null };
}

export type TokenService = ReturnType<typeof createTokenService>;
