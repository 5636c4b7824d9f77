import { Type } from 'typebox';
import { IdOf, Name, Nullable, NullableTimestamp, StringEnum, Timestamp } from '../http/common-schemas.js';
import { RoleName } from '../workspaces/workspace-schemas.js';
import { TOKEN_KINDS } from '../tokens/token-kinds.js';

export const VerifierId = Type.Object({ id: IdOf('vrf') });

export const CreateVerifierBody = Type.Object({
  name: Name,
}, { additionalProperties: false });

const verifierFields = {
  id: Type.String(),
  name: Type.String(),
  display_prefix: Type.String({ description: 'The credential\'s first characters (tsrv_ + public id): safe to show and log.' }),
  workspace_id: Nullable(Type.String({ description: 'null: instance-wide (verifies every token of the instance).' })),
  status: StringEnum(['active', 'revoked']),
  created_at: Timestamp,
  created_by: Nullable(Type.String({ description: 'Who created it (user or token id).' })),
  created_by_label: Nullable(Type.String({ description: "The creator's email or token prefix." })),
  last_used_at: NullableTimestamp,
  revoked_at: NullableTimestamp,
};

/** Response allow-list: never the hash. */
export const Verifier = Type.Object(verifierFields, { $id: 'Verifier' });
export const NewVerifier = Type.Object({ ...verifierFields, secret: Type.String({ description: 'The credential (tsrv_…): shown only in this answer.' }) });
export const VerifierList = Type.Object({ items: Type.Array(Type.Ref('Verifier')) });

export const InstanceAdmin = Type.Object({ user_id: Type.String(), email: Nullable(Type.String()), name: Type.String() });
export const InstanceAdminList = Type.Object({ items: Type.Array(InstanceAdmin) });

/** RFC 7662 §2.1: the token, and a hint the server may ignore (it does). JSON or form-encoded. */
export const IntrospectBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 4096, description: 'The token to introspect.' }),
  token_type_hint: Type.Optional(Type.String({ maxLength: 100, description: 'Ignored (RFC 7662 allows it).' })),
}, { additionalProperties: false });

/** RFC 7662 §2.2 plus Tessera's fields. An inactive answer is `{"active":false}` only. */
export const IntrospectResponse = Type.Object({
  active: Type.Boolean(),
  scope: Type.Optional(Type.String({ description: 'Effective scopes, space-separated: what the token may do now (in the verifier\'s workspace, for a workspace-bound verifier).' })),
  token_type: Type.Optional(StringEnum(['Bearer'])),
  exp: Type.Optional(Type.Integer({ description: 'When it stops being valid (seconds since the epoch): its expiry, or a rotation\'s grace end if sooner. Absent: never expires.' })),
  iat: Type.Optional(Type.Integer()),
  sub: Type.Optional(Type.String({ description: 'The user a personal token acts for, else the token id.' })),
  iss: Type.Optional(Type.String({ description: "This instance's public URL." })),
  token_id: Type.Optional(Type.String()),
  kind: Type.Optional(StringEnum(TOKEN_KINDS)),
  workspace_id: Type.Optional(Nullable(Type.String())),
  project_id: Type.Optional(Nullable(Type.String())),
  user_id: Type.Optional(Nullable(Type.String())),
  role: Type.Optional(Type.Union([RoleName, Type.Null()])),
  status: Type.Optional(StringEnum(['active', 'rotating'])),
});
