import { Type } from 'typebox';
import { Email, Name, Nullable, NullableTimestamp, Password, Slug, StringEnum, Timestamp } from '../http/common-schemas.js';
import { RoleName } from '../workspaces/workspace-schemas.js';
import { EffectiveFields, TokenKindName } from '../tokens/token-schemas.js';

export const User = Type.Object({
  id: Type.String(),
  email: Nullable(Type.String()),
  name: Type.String(),
  kind: StringEnum(['human', 'service']),
  instance_admin: Type.Optional(Type.Boolean({ description: 'GET /v1/me: an instance administrator, who manages instance-wide verifier credentials.' })),
});

const CookieFlag = Type.Optional(Type.Boolean({ description: 'Browser sign-in: hold the session in an HttpOnly cookie instead of returning it; the answer then carries csrf_token instead of token.' }));
const CsrfToken = Type.Optional(Type.String({ description: 'With cookie: true: send it as X-CSRF-Token on every request that changes something.' }));

export const SessionCreated = Type.Object({
  token: Type.Optional(Type.String({ description: 'The session bearer token. Shown once. Absent with cookie: true.' })),
  csrf_token: CsrfToken,
  expires_at: Timestamp,
  user: User,
});

export const SetupBody = Type.Object(
  {
    setup_code: Type.String({ minLength: 1, maxLength: 100, description: 'The one-time code printed by the server at start-up.' }),
    email: Email,
    password: Password,
    name: Name,
    workspace: Type.Object({ name: Name, slug: Slug }, { additionalProperties: false }),
    cookie: CookieFlag,
  },
  { additionalProperties: false },
);

export const SetupCreated = Type.Object({
  token: Type.Optional(Type.String({ description: 'The session bearer token. Absent with cookie: true.' })),
  csrf_token: CsrfToken,
  expires_at: Timestamp,
  user: User,
  workspace: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
});

export const LoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }), cookie: CookieFlag }, { additionalProperties: false });

export const TokenSummary = Type.Object({
  id: Type.String(),
  kind: TokenKindName,
  name: Type.String(),
  display_prefix: Type.String(),
  scopes: EffectiveFields.scopes,
  granted_scopes: EffectiveFields.granted_scopes,
  role: EffectiveFields.role,
  status: EffectiveFields.status,
  grace_ends_at: EffectiveFields.grace_ends_at,
  workspaces: EffectiveFields.workspaces,
  workspace_id: Nullable(Type.String()),
  project_id: Nullable(Type.String()),
  user_id: Nullable(Type.String()),
  expires_at: NullableTimestamp,
});

export const MeResponse = Type.Object({
  principal: StringEnum(['session', 'token']),
  csrf_token: Type.Optional(Type.String({ description: 'For a browser session (cookie): the X-CSRF-Token value its changes need.' })),
  user: Type.Optional(User),
  workspaces: Type.Optional(Type.Array(Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), role: RoleName }))),
  token: Type.Optional(TokenSummary),
});
