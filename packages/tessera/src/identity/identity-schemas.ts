import { Type } from 'typebox';
import { Email, Name, NullableTimestamp, Password, Slug, Timestamp } from '../http/common-schemas.js';

export const User = Type.Object({
  id: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  kind: Type.Union([Type.Literal('human'), Type.Literal('service')]),
});

export const SessionCreated = Type.Object({
  token: Type.String({ description: 'The session bearer token. Shown once.' }),
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
  },
  { additionalProperties: false },
);

export const SetupCreated = Type.Object({
  token: Type.String(),
  expires_at: Timestamp,
  user: User,
  workspace: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
});

export const LoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

export const TokenSummary = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  display_prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  workspace_id: Type.Union([Type.String(), Type.Null()]),
  project_id: Type.Union([Type.String(), Type.Null()]),
  user_id: Type.Union([Type.String(), Type.Null()]),
  expires_at: NullableTimestamp,
});

export const MeResponse = Type.Object({
  principal: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  user: Type.Optional(User),
  workspaces: Type.Optional(Type.Array(Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), role: Type.String() }))),
  token: Type.Optional(TokenSummary),
});
