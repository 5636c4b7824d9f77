import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { ProjectRow, TrustPolicyRow } from '../db/schema.js';
import type { DenialRecorder } from '../audit/denial-recorder.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { tokenPrincipal, type Principal } from '../authz/principal.js';
import type { ScopeRegistry } from '../authz/scope-registry.js';
import { effectivePermissions } from '../authz/effective-permissions.js';
import { ApiError } from '../errors/api-error.js';
import type { TokenService } from '../tokens/token-service.js';
import { findProject, findProjectById } from '../workspaces/project-repository.js';
import { findWorkspace } from '../workspaces/workspace-repository.js';
import { evaluate, ID_CLAIMS, type Check } from './conditions.js';
import { ExchangeRefused, refuse, toApiError } from './exchange-failure.js';
import type { IssuerRegistry } from './issuer-registry.js';
import { CLOCK_TOLERANCE_SECONDS } from './providers.js';
import { pruneJtis, recordJti } from './jti-repository.js';
import * as policies from './trust-policy-repository.js';
import { verifyIdToken, type VerifiedIdToken } from './verify-id-token.js';

export interface ExchangeServiceDeps {
  db: Db;
  tokens: TokenService;
  registry: IssuerRegistry;
  /** Rate-bounded audit of refused exchanges (`oidc.exchange.denied`). */
  denials: DenialRecorder;
  audience: string;
  maxTokenAgeSeconds: number;
  onError: (err: unknown) => void;
  /** The scopes of this instance: a minted ci token holds those of its policy that ci tokens may still hold. */
  scopes: ScopeRegistry;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
  /** Told of each exchange's result (metrics); default: nobody. */
  events?: ExchangeEvents;
}

/**
 * What the exchange reports: `success` once its transaction has committed (a ci token was
 * minted), else the refusal's reason (`bad_signature`, `no_matching_policy`, `replayed`, …), or
 * `error` for anything else (a bad request, the database). `via`: the exchange route, or an
 * upload that sent its ID token as the credential.
 */
export interface ExchangeEvents {
  exchanged(result: string, via: 'exchange' | 'upload'): void;
}

export interface ExchangeOutcome {
  token: string;
  token_id: string;
  display_prefix: string;
  expires_at: string;
  scopes: string[];
  project_id: string;
  workspace_id: string;
  policy_id: string;
}

type Claims = Record<string, unknown>;
const claim = (c: Claims, name: string) => (typeof c[name] === 'string' || typeof c[name] === 'number' ? String(c[name]) : undefined);

/** Who the token says the job is, in a line: the repository and its id, or the subject. */
function identityOf(policyProvider: 'github' | 'gitlab' | 'generic' | undefined, c: Claims): string {
  if (policyProvider === 'github' || (!policyProvider && c.repository)) return `repository ${claim(c, 'repository') ?? '(none)'} (repository_id ${claim(c, 'repository_id') ?? 'none'})`;
  if (policyProvider === 'gitlab' || (!policyProvider && c.project_path)) return `project ${claim(c, 'project_path') ?? '(none)'} (project_id ${claim(c, 'project_id') ?? 'none'})`;
  return `subject ${claim(c, 'sub') ?? '(none)'}`;
}

/**
 * The exchange: a CI job's OIDC ID token in, a short-lived project-bound ci token out.
 * verify (verify-id-token.ts) → candidate policies of that issuer (reaching the requested
 * project, if one is named) → the first whose every condition holds (project policies before
 * workspace-wide ones) → in one transaction: record the jti (a replay fails here), pin the
 * repository ids on a policy's first use, mint the ci token and audit both. A refusal names the
 * check that failed and goes to the audit trail, aggregated like denied authentications.
 */
export function createExchangeService(deps: ExchangeServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();
  const events = deps.events ?? { exchanged() {} };
  let lastPrune = 0;

  async function resolveTarget(ref: string | undefined): Promise<ProjectRow | null | undefined> {
    if (ref === undefined) return undefined;
    if (ref.startsWith('prj_')) return (await findProjectById(db, ref)) ?? null;
    const [w = '', p = ''] = ref.split('/');
    const ws = w && p ? await findWorkspace(db, w) : undefined;
    return (ws ? await findProject(db, ws.id, p) : undefined) ?? null;
  }

  /** The policy the verified token satisfies, and the project it mints for; or the refusal naming the closest policy's first mismatch. */
  async function match(verified: VerifiedIdToken, projectRef: string | undefined) {
    const { issuer, claims } = verified;
    const target = await resolveTarget(projectRef);
    // A named project that does not exist is refused exactly like one no policy reaches: no existence oracle for anonymous callers.
    // GitHub's repository_id and GitLab's project_id share the pinned column: a policy is only ever compared with its own provider's claims below.
    const job = { repository: claim(claims, 'repository'), projectPath: claim(claims, 'project_path'), subjectId: claim(claims, 'repository_id') ?? claim(claims, 'project_id') };
    const candidates = target === null ? [] : await policies.policiesForIssuer(db, issuer, job, target ? { projectId: target.id, workspaceId: target.workspace_id } : undefined);
    const results = candidates.map((p) => ({ policy: p, checks: evaluate(p.provider, p.conditions, { subjectId: p.pinned_subject_id, ownerId: p.pinned_owner_id }, claims) }));
    const matched = results.filter((r) => r.checks.every((c) => c.ok));
    if (matched.length) {
      const first = matched[0]!.policy;
      if (target) return { policy: first, projectId: target.id, workspaceId: target.workspace_id };
      const projects = [...new Set(matched.map((m) => m.policy.project_id))];
      if (first.project_id === null) {
        throw new ApiError('invalid_request', `trust policy ${first.id} ("${first.name}") applies to every project of its workspace: say which one with "project": "<workspace>/<project>" (tessera upload --project)`);
      }
      if (projects.filter((p) => p !== null).length > 1) {
        throw new ApiError('invalid_request', `this job matches trust policies of several projects (${projects.filter(Boolean).join(', ')}): say which one with "project"`);
      }
      return { policy: first, projectId: first.project_id, workspaceId: first.workspace_id };
    }
    throw noMatch(verified, results, projectRef);
  }

  function noMatch(verified: VerifiedIdToken, results: { policy: TrustPolicyRow; checks: Check[] }[], projectRef: string | undefined): ExchangeRefused {
    const { issuer, claims } = verified;
    const where = projectRef ? ` reaching project ${projectRef}` : '';
    // Only policies about this job's own repository are described: a stranger's token learns nothing about other policies.
    const own = results.filter((r) => r.checks.some((c) => c.identity && c.ok));
    const score = (r: { checks: Check[] }) => (r.checks.every((c) => !c.identity || c.ok) ? 1000 : 0) + r.checks.filter((c) => c.ok).length;
    const closest = [...own].sort((a, b) => score(b) - score(a))[0];
    if (!closest) {
      return refuse('oidc_no_matching_policy', 'no_matching_policy', `no trust policy of ${issuer}${where} trusts ${identityOf(undefined, claims)}`, { issuer, details: { issuer } });
    }
    const failed = closest.checks.find((c) => !c.ok)!;
    const p = closest.policy;
    return refuse('oidc_no_matching_policy', 'no_matching_policy', `no trust policy matched; the closest, ${p.id} ("${p.name}"), refuses the job on ${failed.condition}: ${failed.message}`, {
      issuer, workspaceId: p.workspace_id, details: { issuer, policy_id: p.id, condition: failed.condition },
    });
  }

  /** Verification + matching + the transaction. `deliver` false: the secret is discarded (tokenless upload). */
  async function run(input: { token: string; project?: string | undefined }, ctx: AuditContext) {
    const verified = await verifyIdToken(input.token, {
      registry: deps.registry, audience: deps.audience, maxTokenAgeSeconds: deps.maxTokenAgeSeconds, now,
      isKnownIssuer: (iss) => policies.issuerIsNamed(db, iss),
    });
    const { policy, projectId, workspaceId } = await match(verified, input.project);
    const { issuer, claims, jti } = verified;
    const at = now();
    const result = await db.transaction().execute(async (tx) => {
      if (!(await recordJti(tx, issuer, jti, verified.expiresAt))) {
        throw refuse('oidc_token_replayed', 'replayed', `this ID token (jti ${jti}) was already exchanged: each ID token is accepted once; request a fresh one`, { issuer, workspaceId, details: { jti } });
      }
      const ids = ID_CLAIMS[policy.provider];
      if (policy.pinned_subject_id === null && ids.subjectId && ids.ownerId) {
        const subjectId = claim(claims, ids.subjectId)!;
        const ownerId = claim(claims, ids.ownerId)!;
        const pin = await policies.pinIds(tx, policy.id, subjectId, ownerId, at);
        if (pin.pinned) {
          await audit(tx, ctx, { workspaceId: policy.workspace_id, action: 'trust_policy.pinned', target: { type: 'trust_policy', id: policy.id, label: policy.name }, details: { [ids.subjectId]: subjectId, [ids.ownerId]: ownerId, [ids.name!]: claim(claims, ids.name!) ?? null, jti } });
        } else if (pin.row.pinned_subject_id !== subjectId || pin.row.pinned_owner_id !== ownerId) {
          throw refuse('oidc_no_matching_policy', 'no_matching_policy', `trust policy ${policy.id} was just bound to another ${ids.subjectId} (${pin.row.pinned_subject_id})`, { issuer, workspaceId, details: { issuer, policy_id: policy.id, condition: ids.subjectId } });
        }
      }
      const expiresAt = new Date(at.getTime() + policy.lifetime_seconds * 1000);
      const label = policy.provider === 'github' ? `${claim(claims, 'repository') ?? ''} run ${claim(claims, 'run_id') ?? '?'}` : policy.provider === 'gitlab' ? `${claim(claims, 'project_path') ?? ''} job ${claim(claims, 'job_id') ?? '?'}` : claim(claims, 'sub') ?? '';
      const minted = await deps.tokens.mintCi(tx, ctx, {
        workspaceId, projectId, name: `ci: ${label}`.trim(), nameScope: `oidc:${issuer}:${jti}`, scopes: deps.scopes.order(policy.scopes).filter((s) => deps.scopes.kindMayHold('ci', s)), expiresAt,
        labels: { 'oidc.policy': policy.id, 'oidc.provider': policy.provider },
      }, {
        via: 'oidc', policy_id: policy.id, issuer, subject: claim(claims, 'sub') ?? null, jti,
        ...Object.fromEntries(['repository', 'repository_id', 'project_path', 'project_id', 'ref', 'sha', 'event_name', 'pipeline_source', 'run_id', 'job_id', 'environment', 'job_workflow_ref', 'runner_environment'].flatMap((k) => (claim(claims, k) !== undefined ? [[`claim_${k}`, claim(claims, k)]] : []))),
      });
      return { minted, policy, projectId, workspaceId };
    });
    maybePrune(at);
    return result;
  }

  function maybePrune(at: Date) {
    if (at.getTime() - lastPrune < 60_000) return;
    lastPrune = at.getTime();
    pruneJtis(db, new Date(at.getTime() - (CLOCK_TOLERANCE_SECONDS + 60) * 1000)).catch(deps.onError);
  }

  /** Audits a refusal (aggregated) and turns it into the API error; anything else passes through. */
  function refused(err: unknown, ctx: AuditContext, via: 'exchange' | 'upload'): unknown {
    if (!(err instanceof ExchangeRefused)) {
      events.exchanged('error', via);
      return err;
    }
    const f = err.failure;
    events.exchanged(f.reason, via);
    deps.denials.record({ reason: f.reason, ip: ctx.ip, workspaceId: f.workspaceId ?? null, details: { code: f.code, ...(f.issuer ? { issuer: f.issuer.slice(0, 200) } : {}), ...(typeof f.details?.condition === 'string' ? { condition: f.details.condition } : {}), ...(typeof f.details?.policy_id === 'string' ? { policy_id: f.details.policy_id } : {}) } });
    return toApiError(f);
  }

  return {
    /** Writes the aggregated refusals now (tests; shutdown stops the recorder). */
    flushDenials: () => deps.denials.flush(),

    async exchange(input: { token: string; project?: string | undefined }, ctx: AuditContext): Promise<ExchangeOutcome> {
      try {
        const { minted, policy, projectId, workspaceId } = await run(input, ctx);
        events.exchanged('success', 'exchange');
        return {
          token: minted.secret, token_id: minted.row.id, display_prefix: minted.row.display_prefix, expires_at: minted.row.expires_at!.toISOString(),
          scopes: minted.row.scopes, project_id: projectId, workspace_id: workspaceId, policy_id: policy.id,
        };
      } catch (err) {
        throw refused(err, ctx, 'exchange');
      }
    },

    /**
     * For the upload route only: the ID token sent as the upload's Bearer credential. A ci token is
     * minted (so the upload, its audit events and the token's expiry work exactly as with an
     * exchanged token) but its secret is dropped here: nobody can ever present it.
     */
    async principalForUpload(jwt: string, projectRef: string, ctx: AuditContext): Promise<Principal> {
      try {
        const { minted } = await run({ token: jwt, project: projectRef }, ctx);
        events.exchanged('success', 'upload');
        const r = minted.row;
        const scopes = r.scopes;
        const effective = effectivePermissions({ kind: 'ci', scopes, workspaceId: r.workspace_id, revokedAt: null, memberships: [] }, deps.scopes);
        return tokenPrincipal({ tokenId: r.id, kind: 'ci', name: r.name, displayPrefix: r.display_prefix, scopes, workspaceId: r.workspace_id, projectId: r.project_id, userId: null, expiresAt: r.expires_at, createdAt: r.created_at, effective });
      } catch (err) {
        throw refused(err, ctx, 'upload');
      }
    },
  };
}

export type ExchangeService = ReturnType<typeof createExchangeService>;
