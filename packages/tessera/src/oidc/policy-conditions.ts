import type { Static } from 'typebox';
import type { OidcProvider } from '../db/schema.js';
import { ApiError } from '../errors/api-error.js';
import type { Conditions, Pins } from './conditions.js';
import { wildcardCount } from './glob.js';
import type { ConditionsIn } from './trust-policy-schemas.js';

export type ConditionsInput = Static<typeof ConditionsIn>;

/** Most wildcards (`*`, `**`, `?`) in one glob: matching is linear anyway; this keeps each step small. */
export const MAX_GLOB_WILDCARDS = 16;

const ALLOWED: Record<OidcProvider, readonly (keyof ConditionsInput)[]> = {
  github: ['repository', 'repository_id', 'repository_owner_id', 'refs', 'ref_type', 'ref_protected', 'environments', 'workflows', 'event_names', 'allow_pull_requests', 'runner_environment', 'subject'],
  gitlab: ['project_path', 'project_id', 'namespace_path', 'namespace_id', 'refs', 'ref_type', 'ref_protected', 'environments', 'event_names', 'runner_environment', 'subject'],
  generic: ['subject', 'refs', 'environments'],
};

/**
 * Checks a policy's conditions for its provider and splits off the ids to pin. A policy must say
 * which repository (GitHub), project (GitLab) or subject (generic issuer) it trusts: a policy
 * trusting every job of an issuer is refused.
 */
export function normalizeConditions(provider: OidcProvider, input: ConditionsInput): { conditions: Conditions; pins: Pins } {
  for (const key of Object.keys(input) as (keyof ConditionsInput)[]) {
    if (!ALLOWED[provider].includes(key)) throw new ApiError('invalid_request', `body.conditions.${key} does not apply to a ${provider} policy (it takes: ${ALLOWED[provider].join(', ')})`);
  }
  const { repository_id, repository_owner_id, project_id, namespace_id, ...rest } = input;
  const [subjectId, ownerId, idNames] =
    provider === 'github' ? [repository_id, repository_owner_id, 'repository_id and repository_owner_id']
    : provider === 'gitlab' ? [project_id, namespace_id, 'project_id and namespace_id']
    : [undefined, undefined, ''];
  if ((subjectId === undefined) !== (ownerId === undefined)) throw new ApiError('invalid_request', `give both ${idNames}, or neither (they are then pinned on the first exchange)`);
  if (provider === 'github' && !rest.repository && !subjectId) throw new ApiError('invalid_request', 'a github policy needs conditions.repository (owner/name) or conditions.repository_id');
  if (provider === 'gitlab' && !rest.project_path && !subjectId) throw new ApiError('invalid_request', 'a gitlab policy needs conditions.project_path or conditions.project_id');
  if (provider === 'generic' && !rest.subject) throw new ApiError('invalid_request', 'a generic policy needs conditions.subject (a glob on the sub claim)');
  const globs: [string, string[] | undefined][] = [['subject', rest.subject === undefined ? undefined : [rest.subject]], ['refs', rest.refs], ['environments', rest.environments], ['workflows', rest.workflows]];
  for (const [field, patterns] of globs) {
    if (patterns?.some((p) => wildcardCount(p) > MAX_GLOB_WILDCARDS)) throw new ApiError('invalid_request', `body.conditions.${field}: a glob may hold at most ${MAX_GLOB_WILDCARDS} wildcards (*, **, ?)`);
  }
  if (rest.subject === '**' || rest.subject === '*') throw new ApiError('invalid_request', 'conditions.subject must name the trusted subject, not match everything');
  return { conditions: rest as Conditions, pins: { subjectId: subjectId ?? null, ownerId: ownerId ?? null } };
}
