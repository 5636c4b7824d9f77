import type { OidcProvider } from '../db/schema.js';
import { globMatch } from './glob.js';

/**
 * What a trust policy requires of an ID token's claims. Only the claims named here are read;
 * every other claim is ignored, never trusted. Stored as JSON; the pinned ids live in their own
 * columns (see TrustPolicy).
 */
export interface Conditions {
  /** GitHub: `owner/name` (case-insensitive). */
  repository?: string;
  /** GitLab: `group/subgroup/project` (case-insensitive). */
  project_path?: string;
  /** GitLab: `group/subgroup` (case-insensitive). */
  namespace_path?: string;
  /** Globs on the full ref: `refs/heads/main`, `refs/tags/v*`. GitLab refs are written the same way. */
  refs?: string[];
  /** GitLab `ref_type`, GitHub `ref_type`: branch or tag. */
  ref_type?: 'branch' | 'tag';
  /** Require (true) or refuse (false) a protected ref. */
  ref_protected?: boolean;
  /** Globs on the deployment environment (GitHub `environment`, GitLab `environment`); a token without one does not match. */
  environments?: string[];
  /** GitHub: globs on `job_workflow_ref`, e.g. `acme/web/.github/workflows/ci.yml@refs/heads/main`. */
  workflows?: string[];
  /** GitHub `event_name` / GitLab `pipeline_source` values allowed. */
  event_names?: string[];
  /** GitHub: accept tokens of pull-request-triggered runs (`pull_request`; never `pull_request_target` unless listed in event_names). Default false. */
  allow_pull_requests?: boolean;
  /** `github-hosted`, `self-hosted` (GitHub), `gitlab-hosted`, `self-hosted` (GitLab). */
  runner_environment?: string;
  /** A glob on `sub`. Required for a generic issuer. */
  subject?: string;
}

/** The ids a policy is bound to: GitHub repository_id / repository_owner_id, GitLab project_id / namespace_id. */
export interface Pins {
  subjectId: string | null;
  ownerId: string | null;
}

export interface Check {
  condition: string;
  ok: boolean;
  /** Why it failed, naming the claim's value and the expected value. */
  message: string;
  /** This check recognizes which repository/project the job is for (a name, a pinned id, a subject): policies whose identity check passes are "about" this job. */
  identity: boolean;
}

type Claims = Record<string, unknown>;

const str = (claims: Claims, name: string): string | undefined => {
  const v = claims[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
};
const show = (v: string | undefined) => (v === undefined || v === '' ? '(none)' : JSON.stringify(v));
const PR_EVENTS = /^pull_request/;

/** The claim names that carry the repository identity and its ids, per provider. */
export const ID_CLAIMS: Record<OidcProvider, { name?: string; subjectId?: string; ownerId?: string }> = {
  github: { name: 'repository', subjectId: 'repository_id', ownerId: 'repository_owner_id' },
  gitlab: { name: 'project_path', subjectId: 'project_id', ownerId: 'namespace_id' },
  generic: {},
};

/** A GitLab ref (`main` + ref_type branch) written as GitHub writes it (`refs/heads/main`). */
export function fullRef(provider: OidcProvider, claims: Claims): string | undefined {
  const ref = str(claims, 'ref');
  if (ref === undefined || provider !== 'gitlab' || ref.startsWith('refs/')) return ref;
  const refPath = str(claims, 'ref_path'); // GitLab 16.x+ gives the full ref itself
  if (refPath?.startsWith('refs/')) return refPath;
  const type = str(claims, 'ref_type');
  return type === 'tag' ? `refs/tags/${ref}` : `refs/heads/${ref}`;
}

/** Every check of a policy against the claims, in a fixed order: identity first, then the job. */
export function evaluate(provider: OidcProvider, c: Conditions, pins: Pins, claims: Claims): Check[] {
  const checks: Check[] = [];
  const add = (condition: string, ok: boolean, message: string, identity = false) => checks.push({ condition, ok, message, identity });
  const ids = ID_CLAIMS[provider];

  const pathCondition = provider === 'github' ? c.repository : provider === 'gitlab' ? c.project_path : undefined;
  if (pathCondition !== undefined && ids.name) {
    const got = str(claims, ids.name);
    add(ids.name, got?.toLowerCase() === pathCondition.toLowerCase(), `${ids.name} is ${show(got)}, the policy requires ${show(pathCondition)}`, true);
  }
  if (ids.subjectId) {
    const got = str(claims, ids.subjectId);
    if (pins.subjectId !== null) add(ids.subjectId, got === pins.subjectId, `${ids.subjectId} is ${show(got)}, but the policy is bound to ${pins.subjectId}: a renamed, transferred or re-created repository does not inherit trust`, true);
    else add(ids.subjectId, got !== undefined && /^\d+$/.test(got), `the token has no numeric ${ids.subjectId} claim to bind the policy to`);
  }
  if (ids.ownerId) {
    const got = str(claims, ids.ownerId);
    if (pins.ownerId !== null) add(ids.ownerId, got === pins.ownerId, `${ids.ownerId} is ${show(got)}, but the policy is bound to ${pins.ownerId}`, true);
    else add(ids.ownerId, got !== undefined && /^\d+$/.test(got), `the token has no numeric ${ids.ownerId} claim to bind the policy to`);
  }
  if (c.namespace_path !== undefined) {
    const got = str(claims, 'namespace_path');
    add('namespace_path', got?.toLowerCase() === c.namespace_path.toLowerCase(), `namespace_path is ${show(got)}, the policy requires ${show(c.namespace_path)}`, true);
  }
  if (c.subject !== undefined) {
    const got = str(claims, 'sub') ?? '';
    add('subject', globMatch([c.subject], got), `sub is ${show(got)}, the policy requires ${show(c.subject)}`, provider === 'generic');
  }

  if (provider === 'github') {
    const event = str(claims, 'event_name');
    const headRef = str(claims, 'head_ref');
    const ref = str(claims, 'ref') ?? '';
    const fromPullRequest = PR_EVENTS.test(event ?? '') || Boolean(headRef) || ref.startsWith('refs/pull/');
    if (fromPullRequest) {
      const listed = c.event_names?.includes(event ?? '') ?? false;
      if (event === 'pull_request_target' && !listed) {
        add('allow_pull_requests', false, `event_name is "pull_request_target" (head ${show(headRef)} into ${show(str(claims, 'base_ref'))}): it runs with the base repository's rights on code a fork may control, so it is refused unless the policy lists it in event_names`);
      } else {
        add('allow_pull_requests', c.allow_pull_requests === true || listed, `the job runs for a pull request (event_name ${show(event)}, head_ref ${show(headRef)}, base_ref ${show(str(claims, 'base_ref'))}); the token cannot show whether it comes from a fork, so the policy must set allow_pull_requests`);
      }
    }
  }
  if (c.event_names !== undefined) {
    const claim = provider === 'gitlab' ? 'pipeline_source' : 'event_name';
    const got = str(claims, claim);
    add('event_names', got !== undefined && c.event_names.includes(got), `${claim} is ${show(got)}, the policy allows ${c.event_names.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (c.refs !== undefined) {
    const got = fullRef(provider, claims);
    add('refs', got !== undefined && globMatch(c.refs, got), `ref is ${show(got)}, the policy allows ${c.refs.map((r) => JSON.stringify(r)).join(', ')}`);
  }
  if (c.ref_type !== undefined) {
    const got = str(claims, 'ref_type');
    add('ref_type', got === c.ref_type, `ref_type is ${show(got)}, the policy requires ${show(c.ref_type)}`);
  }
  if (c.ref_protected !== undefined) {
    const got = str(claims, 'ref_protected') ?? (typeof claims.ref_protected === 'boolean' ? String(claims.ref_protected) : undefined);
    add('ref_protected', got === String(c.ref_protected), `ref_protected is ${show(got)}, the policy requires ${c.ref_protected}`);
  }
  if (c.environments !== undefined) {
    const got = str(claims, 'environment');
    add('environments', got !== undefined && globMatch(c.environments, got), `environment is ${show(got)}, the policy allows ${c.environments.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (c.workflows !== undefined) {
    const got = str(claims, 'job_workflow_ref');
    add('workflows', got !== undefined && globMatch(c.workflows, got), `job_workflow_ref is ${show(got)}, the policy allows ${c.workflows.map((w) => JSON.stringify(w)).join(', ')}`);
  }
  if (c.runner_environment !== undefined) {
    const got = str(claims, 'runner_environment');
    add('runner_environment', got === c.runner_environment, `runner_environment is ${show(got)}, the policy requires ${show(c.runner_environment)}`);
  }
  return checks;
}
