import { Type } from 'typebox';
import { IdOf, Name, Nullable, NullableTimestamp, ProjectRef, StringEnum, Timestamp } from '../http/common-schemas.js';
import { SCOPE_ENUM_KEY } from '../tokens/token-schemas.js';
import { DEFAULT_LIFETIME_SECONDS, MAX_LIFETIME_SECONDS, MIN_LIFETIME_SECONDS, PROVIDERS } from './providers.js';

/** A scope a minted ci token may hold: read, upload, or a platform-defined scope declared for ci tokens (the service checks; the served document lists them). */
const CiScope = Type.Unsafe<string>({ type: 'string', pattern: '^[a-z][a-z0-9_:.-]{0,63}$', [SCOPE_ENUM_KEY]: 'ci' });
const Provider = StringEnum(PROVIDERS);

const Glob = Type.String({ minLength: 1, maxLength: 300 });
const Globs = Type.Array(Glob, { minItems: 1, maxItems: 20 });
const NumericId = Type.String({ pattern: '^[0-9]{1,20}$' });
const Path = Type.String({ minLength: 1, maxLength: 300, pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+$' });

/** Every condition a policy can set (docs/ci.md, trust-policy reference). Unknown fields are refused. */
export const ConditionsIn = Type.Object({
  repository: Type.Optional(Type.String({ minLength: 3, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$', description: 'GitHub: owner/name.' })),
  repository_id: Type.Optional(NumericId),
  repository_owner_id: Type.Optional(NumericId),
  project_path: Type.Optional(Path),
  project_id: Type.Optional(NumericId),
  namespace_path: Type.Optional(Type.String({ minLength: 1, maxLength: 300, pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$' })),
  namespace_id: Type.Optional(NumericId),
  refs: Type.Optional(Globs),
  ref_type: Type.Optional(StringEnum(['branch', 'tag'])),
  ref_protected: Type.Optional(Type.Boolean()),
  environments: Type.Optional(Globs),
  workflows: Type.Optional(Globs),
  event_names: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z_]+$' }), { minItems: 1, maxItems: 20 })),
  allow_pull_requests: Type.Optional(Type.Boolean()),
  runner_environment: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
}, { additionalProperties: false });

const policyFields = {
  name: Name,
  scopes: Type.Optional(Type.Array(CiScope, { minItems: 1, maxItems: 64, description: 'Scopes of the minted ci token (default ["upload"]): read, upload, and platform-defined scopes declared for ci tokens.' })),
  lifetime_seconds: Type.Optional(Type.Integer({ minimum: MIN_LIFETIME_SECONDS, maximum: MAX_LIFETIME_SECONDS, description: `Lifetime of the minted token (default ${DEFAULT_LIFETIME_SECONDS}).` })),
};

export const CreateTrustPolicyBody = Type.Object({
  ...policyFields,
  provider: Provider,
  issuer: Type.Optional(Type.String({ minLength: 8, maxLength: 300, description: 'Issuer URL. Default: GitHub https://token.actions.githubusercontent.com, GitLab https://gitlab.com; required for generic.' })),
  conditions: ConditionsIn,
}, { additionalProperties: false });

export const UpdateTrustPolicyBody = Type.Object({
  ...policyFields,
  name: Type.Optional(Name),
  conditions: Type.Optional(ConditionsIn),
}, { additionalProperties: false, minProperties: 1 });

/** Response allow-list. */
export const TrustPolicy = Type.Object({
  id: Type.String(),
  workspace_id: Type.String(),
  project_id: Nullable(Type.String({ description: 'null: applies to every project of the workspace.' })),
  name: Type.String(),
  provider: Provider,
  issuer: Type.String(),
  conditions: Type.Record(Type.String(), Type.Unknown()),
  scopes: Type.Array(CiScope),
  lifetime_seconds: Type.Integer(),
  pinned_at: NullableTimestamp,
  created_by: Nullable(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
}, { $id: 'TrustPolicy' });

export const TrustPolicyList = Type.Object({ items: Type.Array(Type.Ref('TrustPolicy')) });

export const ExchangeBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 16_384, description: "The CI job's OIDC ID token (a JWT)." }),
  project: Type.Optional(Type.String({ minLength: 1, maxLength: 160, description: 'prj_… or workspace/project: needed when the matching policy is workspace-wide.' })),
}, { additionalProperties: false });

export const ExchangeResult = Type.Object({
  token: Type.String({ description: 'A ci token (tsrc_…): shown only here.' }),
  token_id: Type.String(),
  display_prefix: Type.String(),
  expires_at: Timestamp,
  scopes: Type.Array(Type.String()),
  project_id: Type.String(),
  workspace_id: Type.String(),
  policy_id: Type.String(),
});

export const PolicyId = Type.Object({ id: IdOf('trp') });
export { ProjectRef };
