import type { Static } from 'typebox';
import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { ProjectRow, TrustPolicyRow } from '../db/schema.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize, requireScopesHeld } from '../authz/authorize.js';
import type { Principal } from '../authz/principal.js';
import type { ScopeRegistry } from '../authz/scope-registry.js';
import type { Role } from '../db/schema.js';
import { ApiError, notFound } from '../errors/api-error.js';
import { findProject } from '../workspaces/project-repository.js';
import { findWorkspace } from '../workspaces/workspace-repository.js';
import { checkIssuerUrl } from './issuer-url.js';
import { defaultIssuer, DEFAULT_LIFETIME_SECONDS } from './providers.js';
import { normalizeConditions } from './policy-conditions.js';
import * as repo from './trust-policy-repository.js';
import { trustPolicyView, type TrustPolicyView } from './trust-policy-view.js';
import type { CreateTrustPolicyBody, UpdateTrustPolicyBody } from './trust-policy-schemas.js';

export type CreateTrustPolicyInput = Static<typeof CreateTrustPolicyBody>;
export type UpdateTrustPolicyInput = Static<typeof UpdateTrustPolicyBody>;

export interface TrustPolicyServiceDeps {
  db: Db;
  allowInsecureIssuers: boolean;
  /** TESSERA_OUTBOUND_ALLOWED_HOSTS: issuers on the operator's own network. */
  allowedHosts: readonly string[];
  /** The scopes of this instance: a policy may grant those ci tokens may hold (built-in read, upload; platform scopes declared for ci). */
  scopes: ScopeRegistry;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
}

const target = (row: TrustPolicyRow) => ({ type: 'trust_policy', id: row.id, label: row.name });

/** The scopes a policy's ci tokens get: each one known, allowed for ci tokens and grantable by the caller's role; canonical order. Default: upload. */
function policyScopes(registry: ScopeRegistry, scopes: string[] | undefined, role: Role): string[] {
  if (!scopes) return ['upload'];
  for (const s of new Set(scopes)) {
    if (!registry.isKnown(s)) throw new ApiError('scope_not_allowed', `unknown scope "${s}" (ci tokens may hold: ${registry.forKind('ci').join(', ')})`, { scope: s, reason: 'unknown' });
    if (!registry.kindMayHold('ci', s)) throw new ApiError('scope_not_allowed', `a ci token cannot have the "${s}" scope (allowed: ${registry.forKind('ci').join(', ')})`, { scope: s, reason: 'kind' });
    if (!registry.roleMayGrant(role, s)) throw new ApiError('scope_not_allowed', `as ${role} you cannot grant the "${s}" scope (it needs ${registry.get(s)!.minRole} or higher)`, { scope: s, reason: 'role', required_role: registry.get(s)!.minRole });
  }
  return registry.order(scopes);
}

/** Trust policies: which CI identities may exchange an ID token for a ci token, per project or workspace. Admins and owners only. */
export function createTrustPolicyService(deps: TrustPolicyServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();

  /** The workspace (and project) a path names, authorized for `action`; strangers get 404. */
  async function resolve(tx: Db, principal: Principal, workspaceRef: string, projectRef: string | undefined, action: 'trust.read' | 'trust.write') {
    const ws = await findWorkspace(tx, workspaceRef);
    if (!ws) throw notFound('workspace');
    let project: ProjectRow | undefined;
    let role: Role;
    if (projectRef !== undefined) {
      project = await findProject(tx, ws.id, projectRef);
      role = (await authorize(tx, principal, ws, action, { projectId: project?.id })).role;
      if (!project) throw notFound('project');
    } else {
      role = (await authorize(tx, principal, ws, action)).role;
    }
    return { workspace: ws, project, role };
  }

  /** A policy by id, if the principal may do `action` on it; otherwise 404 (or 403 for a member who can see the workspace). */
  async function load(tx: Db, principal: Principal, id: string, action: 'trust.read' | 'trust.write'): Promise<{ row: TrustPolicyRow; role: Role }> {
    const row = await repo.findTrustPolicy(tx, id);
    if (!row) throw notFound('trust policy');
    const { role } = await authorize(tx, principal, row.workspace_id, action, { projectId: row.project_id ?? undefined }).catch((err: unknown) => {
      throw err instanceof ApiError && err.code === 'not_found' ? notFound('trust policy') : err;
    });
    return { row, role };
  }

  return {
    async create(principal: Principal, workspaceRef: string, projectRef: string | undefined, input: CreateTrustPolicyInput, ctx: AuditContext): Promise<TrustPolicyView> {
      return db.transaction().execute(async (tx) => {
        const { workspace, project, role } = await resolve(tx, principal, workspaceRef, projectRef, 'trust.write');
        const scopes = policyScopes(deps.scopes, input.scopes, role);
        requireScopesHeld(principal, scopes, 'the ci tokens this trust policy mints');
        const rawIssuer = input.issuer ?? defaultIssuer(input.provider);
        if (!rawIssuer) throw new ApiError('invalid_request', 'body.issuer is required for a generic policy');
        const issuer = checkIssuerUrl(rawIssuer, deps.allowInsecureIssuers, deps.allowedHosts);
        if (!issuer.ok) throw new ApiError(issuer.kind === 'invalid' ? 'invalid_request' : 'issuer_not_allowed', `body.issuer ${issuer.reason}`);
        const { conditions, pins } = normalizeConditions(input.provider, input.conditions);
        const at = now();
        const row = await repo.insertTrustPolicy(tx, {
          id: newId('trustPolicy'), workspace_id: workspace.id, project_id: project?.id ?? null, name: input.name.trim(), provider: input.provider, issuer: issuer.url,
          conditions: conditions as Record<string, unknown>, scopes, lifetime_seconds: input.lifetime_seconds ?? DEFAULT_LIFETIME_SECONDS,
          pinned_subject_id: pins.subjectId, pinned_owner_id: pins.ownerId, pinned_at: pins.subjectId ? at : null, created_by: ctx.actor.id, created_at: at,
        });
        const view = trustPolicyView(row);
        await audit(tx, ctx, { workspaceId: workspace.id, action: 'trust_policy.created', target: target(row), details: { project_id: row.project_id, provider: row.provider, issuer: row.issuer, conditions: view.conditions, scopes: row.scopes, lifetime_seconds: row.lifetime_seconds } });
        return view;
      });
    },

    async list(principal: Principal, workspaceRef: string, projectRef?: string): Promise<TrustPolicyView[]> {
      const { workspace, project } = await resolve(db, principal, workspaceRef, projectRef, 'trust.read');
      return (await repo.listTrustPolicies(db, workspace.id, project?.id)).map(trustPolicyView);
    },

    async get(principal: Principal, id: string): Promise<TrustPolicyView> {
      return trustPolicyView((await load(db, principal, id, 'trust.read')).row);
    },

    async update(principal: Principal, id: string, input: UpdateTrustPolicyInput, ctx: AuditContext): Promise<TrustPolicyView> {
      return db.transaction().execute(async (tx) => {
        const { row, role } = await load(tx, principal, id, 'trust.write');
        const scopes = input.scopes !== undefined ? policyScopes(deps.scopes, input.scopes, role) : undefined;
        requireScopesHeld(principal, scopes ?? row.scopes, 'the ci tokens this trust policy mints');
        const fields: Parameters<typeof repo.updateTrustPolicy>[2] = {};
        if (input.name !== undefined) fields.name = input.name.trim();
        if (scopes !== undefined) fields.scopes = scopes;
        if (input.lifetime_seconds !== undefined) fields.lifetime_seconds = input.lifetime_seconds;
        if (input.conditions !== undefined) {
          const { conditions, pins } = normalizeConditions(row.provider, input.conditions);
          fields.conditions = conditions as Record<string, unknown>;
          // New conditions bring their own ids, or are pinned again on the next exchange: a changed repository never keeps the old one's ids.
          fields.pinned_subject_id = pins.subjectId;
          fields.pinned_owner_id = pins.ownerId;
          fields.pinned_at = pins.subjectId ? now() : null;
        }
        const updated = await repo.updateTrustPolicy(tx, row.id, fields, now());
        const view = trustPolicyView(updated);
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'trust_policy.updated', target: target(updated), details: { changed: Object.keys(input), before: trustPolicyView(row).conditions, conditions: view.conditions, scopes: updated.scopes, lifetime_seconds: updated.lifetime_seconds } });
        return view;
      });
    },

    async remove(principal: Principal, id: string, ctx: AuditContext): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const { row } = await load(tx, principal, id, 'trust.write');
        await repo.deleteTrustPolicy(tx, row.id);
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'trust_policy.deleted', target: target(row), details: { project_id: row.project_id, provider: row.provider, issuer: row.issuer } });
      });
    },
  };
}

export type TrustPolicyService = ReturnType<typeof createTrustPolicyService>;
