import { Type } from 'typebox';
import { CursorQuery, IdOf, Name, Nullable, NullableTimestamp, ProjectRef, StringEnum, Timestamp } from '../http/common-schemas.js';
import { SCOPES } from '../authz/roles.js';
import { RoleName } from '../workspaces/workspace-schemas.js';
import { CREATABLE_TOKEN_KINDS, TOKEN_KINDS, TOKEN_SORTS, TOKEN_STATUSES } from './token-kinds.js';

/**
 * Marks a schema whose `enum` the served OpenAPI document sets to this instance's scopes
 * (authz/scope-schemas.ts): `"any"` for every scope, a token kind for the scopes it may hold.
 * Validation never sees that enum: the services check scopes against the registry.
 */
export const SCOPE_ENUM_KEY = 'x-tessera-scope-enum';
/** A scope in an answer: built-in or platform-defined. Its enum here is the built-ins; the served document lists the instance's. */
export const ScopeName = Type.Unsafe<string>({
  type: 'string', enum: [...SCOPES], [SCOPE_ENUM_KEY]: 'any',
  description: 'read (GET), write (POST/PATCH/DELETE), upload (CI artifacts), admin (manage tokens and members), or a platform-defined scope of this instance (GET /v1/scopes).',
});
export const TokenKindName = StringEnum(TOKEN_KINDS);
export const TokenStatusName = StringEnum(TOKEN_STATUSES);
const Labels = Type.Record(Type.String({ pattern: '^[a-z0-9_.:/-]{1,63}$' }), Type.String({ maxLength: 256 }), { maxProperties: 20, description: 'Free key/value labels.' });
const AgentType = Type.String({ maxLength: 64, description: 'Free text naming what uses the token (nolapse agent_type).' });

/** Response allow-list: exactly these fields leave the server. */
export const Token = Type.Object({
  id: Type.String(),
  kind: TokenKindName,
  name: Type.String(),
  description: Type.String(),
  display_prefix: Type.String({ description: 'brand + kind + public id, e.g. tsrp_Ab3dE5fG: safe to show and log.' }),
  workspace_id: Nullable(Type.String()),
  project_id: Nullable(Type.String()),
  user_id: Nullable(Type.String()),
  scopes: Type.Array(ScopeName),
  status: TokenStatusName,
  created_at: Timestamp,
  created_by: Nullable(Type.String()),
  expires_at: NullableTimestamp,
  last_used_at: NullableTimestamp,
  last_used_ip: Nullable(Type.String()),
  revoked_at: NullableTimestamp,
  revoked_by: Nullable(Type.String()),
  revoke_reason: Nullable(Type.String()),
  grace_period_ends_at: NullableTimestamp,
  rotated_from: Nullable(Type.String()),
  rotated_to: Nullable(Type.String()),
  agent_type: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  canary: Type.Boolean({ description: 'A canary token: it never grants anything; any use is answered as an invalid token and reported (token.canary_triggered).' }),
  leaked_at: Nullable(Type.String({ format: 'date-time', description: 'When a scanner or a person first reported it leaked.' })),
}, { $id: 'Token' });

export const TokenWithSecret = Type.Intersect([
  Type.Ref('Token'),
  Type.Object({ secret: Type.String({ description: 'The token. This is the only response that ever contains it: store it now.' }) }),
]);

const expiryFields = {
  expires_at: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'A custom expiry, or null for none (where the workspace policy allows it).' }))),
  expires_in_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Presets 7, 30, 90, or any number of days within the policy maximum.' })),
};

/** What every new token states about itself, whichever route creates it. */
const newTokenFields = {
  name: Name,
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 64, description: 'Built-in scopes (read, write, upload, admin) and platform-defined ones: GET /v1/scopes lists them, with the token kinds that may hold each and the lowest role that may grant it.' }),
  ...expiryFields,
  agent_type: Type.Optional(AgentType),
  labels: Type.Optional(Labels),
  workspace_id: Type.Optional(Type.Unknown({ description: 'Ignored: the workspace comes from the path (or `workspace`), never from here.' })),
  org_id: Type.Optional(Type.Unknown({ description: 'Ignored (nolapse compatibility): the workspace comes from the path, never from here.' })),
};

export const CreateTokenBody = Type.Object({
  kind: StringEnum(CREATABLE_TOKEN_KINDS, { description: 'ci tokens are minted by POST /v1/oidc/exchange only.' }),
  project: Type.Optional(ProjectRef),
  user_id: Type.Optional(IdOf('usr')),
  canary: Type.Optional(Type.Boolean({ description: 'A canary (workspace and project tokens): never grants anything; plant it in CI variables or repositories, and any use of it emits token.canary_triggered with the IP, user agent and route.' })),
  ...newTokenFields,
}, { additionalProperties: false });

export const CreateMyTokenBody = Type.Object({
  workspace: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Restrict the token to this workspace (id or slug).' })),
  ...newTokenFields,
}, { additionalProperties: false });

export const UpdateTokenBody = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  agent_type: Type.Optional(AgentType),
  labels: Type.Optional(Labels),
}, { additionalProperties: false, minProperties: 1 });

export const RotateBody = Type.Object({
  grace_period_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 604800, default: 0, description: 'How long the old token keeps working (0 = stops now; at most 7 days).' })),
}, { additionalProperties: false });

export const RevokeQuery = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

export const BulkRevokeBody = Type.Object({
  token_ids: Type.Optional(Type.Array(IdOf('tok'), { minItems: 1, maxItems: 1000 })),
  without_expiration: Type.Optional(Type.Boolean({ description: 'Revoke every live token that never expires (Codacy).' })),
  kind: Type.Optional(TokenKindName),
  project: Type.Optional(ProjectRef),
  all: Type.Optional(Type.Boolean({ description: 'Revoke every token you may revoke in this workspace.' })),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });

export const BulkRevokeResult = Type.Object({
  revoked_count: Type.Integer(),
  tokens: Type.Array(Type.Object({ id: Type.String(), display_prefix: Type.String(), name: Type.String() })),
});

export const ListTokensQuery = Type.Object({
  kind: Type.Optional(TokenKindName),
  project: Type.Optional(ProjectRef),
  status: Type.Optional(TokenStatusName),
  expiring_before: Type.Optional(Type.String({ format: 'date-time' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Search: tokens whose name (any case) or display prefix contains this text.' })),
  created_by: Type.Optional(Type.String({ pattern: '^[a-z]{3}_[0-9A-Za-z]{16}$', description: 'Only tokens created by this actor (a user, service account or token id).' })),
  sort: Type.Optional(StringEnum(TOKEN_SORTS, { default: '-created_at', description: 'Order: created_at, name, expires_at (never-expiring last) or last_used_at (never-used first); a leading - is descending. next_cursor belongs to the sort it was issued for.' })),
  ...CursorQuery,
  cursor: Type.Optional(Type.String({ maxLength: 600, description: 'next_cursor from the previous page, with the same sort' })),
}, { additionalProperties: false });

export const TokenPage = Type.Object({
  items: Type.Array(Type.Ref('Token')),
  next_cursor: Nullable(Type.String()),
});

export const ValidateBody = Type.Object({
  token: Type.String({ maxLength: 4096 }),
  workspace: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A workspace id: answer `role` and `scopes` for that workspace (an unrestricted personal token acts in each of its user\'s workspaces with a different role; any token answers no role and no scopes for a workspace it cannot act in).' })),
}, { additionalProperties: false });

/** What a valid token may do now (authz/effective-permissions.ts): the fields validate and /v1/me share. */
export const EffectiveFields = {
  status: StringEnum(['active', 'rotating'], { description: 'rotating: replaced by a rotation, it stops working at grace_ends_at.' }),
  grace_ends_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'For a rotating token: when it stops working; null otherwise.' }),
  role: Type.Union([RoleName, Type.Null()], { description: "The role it acts with: a personal token's user's current role in its workspace (or the named one), admin for a workspace token, member for project and ci tokens; null for an unrestricted personal token when no workspace is named, or where it cannot act." }),
  scopes: Type.Array(ScopeName, { description: "Effective scopes: the token's scopes that its role may grant now (for an unrestricted personal token with no workspace named: those it holds in every one of its workspaces)." }),
  granted_scopes: Type.Array(ScopeName, { description: 'The scopes the token was created with; never act on these, they may exceed what its user may do now.' }),
  workspaces: Type.Optional(Type.Array(Type.Object({ workspace_id: Type.String(), role: RoleName, scopes: Type.Array(ScopeName) }), { description: "Unrestricted personal tokens only: each workspace of its user, with the user's role and the token's effective scopes there." })),
};

export const ValidateResponse = Type.Object({
  valid: Type.Boolean(),
  code: Type.Optional(Type.String({ description: 'When not valid: malformed, invalid, expired or revoked.' })),
  reason: Type.Optional(Type.String({ description: 'For malformed tokens: which check failed (e.g. trailing_newline).' })),
  message: Type.Optional(Type.String()),
  token_id: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  display_prefix: Type.Optional(Type.String()),
  workspace_id: Type.Optional(Nullable(Type.String())),
  org_id: Type.Optional(Nullable(Type.String({ description: 'Same as workspace_id (nolapse compatibility).' }))),
  project_id: Type.Optional(Nullable(Type.String())),
  user_id: Type.Optional(Nullable(Type.String())),
  scopes: Type.Optional(EffectiveFields.scopes),
  granted_scopes: Type.Optional(EffectiveFields.granted_scopes),
  role: Type.Optional(EffectiveFields.role),
  status: Type.Optional(EffectiveFields.status),
  grace_ends_at: Type.Optional(EffectiveFields.grace_ends_at),
  workspaces: EffectiveFields.workspaces,
  expires_at: Type.Optional(NullableTimestamp),
});
