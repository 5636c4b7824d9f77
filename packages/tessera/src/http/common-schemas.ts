import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

/** The error body's schema, registered once (app.addSchema) as the OpenAPI component `Error`. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code; see docs/errors.md.' }),
      message: Type.String(),
      request_id: Type.String(),
    }, { additionalProperties: true }),
  },
  { $id: 'Error', description: 'The one error shape of the API.' },
);

/** An error response: a reference to the one `Error` component, so the document names it instead of inlining a copy per route. */
export const ErrorResponse = Type.Unsafe<Static<typeof ErrorSchema>>({ $ref: 'Error' });

/**
 * A string that is one of `values`, as `{"type": "string", "enum": [...]}`. TypeBox writes a
 * union of literals as an `anyOf` of one-value schemas, which OpenAPI generators turn into
 * clumsy types; a plain enum is what they (and readers of /openapi.json) understand.
 */
export const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/**
 * `T | null` as a type list (`"type": ["string", "null"]`, valid JSON Schema and OpenAPI 3.1), not
 * `anyOf`: fast-json-stringify serializes a type list with a `typeof` test, but runs a compiled
 * validator over every `anyOf` branch of every field of every response. On the validate route
 * that was a tenth of the request's CPU. A schema with no single `type` (a union) keeps `anyOf`.
 */
export const Nullable = <T extends TSchema>(t: T): TUnsafe<Static<T> | null> => {
  const type = (t as { type?: unknown }).type;
  return Type.Unsafe<Static<T> | null>(typeof type === 'string' ? { ...t, type: [type, 'null'] } : { anyOf: [t, { type: 'null' }] });
};

export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Nullable(Type.String({ format: 'date-time' }));

export const WorkspaceRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^(wsp_[0-9A-Za-z]{16}|[a-z0-9][a-z0-9-]{0,38})$', description: 'Workspace id (wsp_…) or slug.' });
export const Slug = Type.String({ minLength: 1, maxLength: 39, pattern: '^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$', description: 'Lowercase letters, digits and inner hyphens (like a GitHub organization).' });
export const ProjectSlug = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]{0,99}$', description: 'Lowercase letters, digits, dot, underscore, hyphen (like a repository name).' });
export const ProjectRef = Type.String({ minLength: 1, maxLength: 100, pattern: '^(prj_[0-9A-Za-z]{16}|[a-z0-9][a-z0-9._-]{0,99})$', description: 'Project id (prj_…) or slug.' });
export const IdOf = (prefix: string) => Type.String({ pattern: `^${prefix}_[0-9A-Za-z]{16}$`, description: `An id starting with ${prefix}_` });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 10, maxLength: 256, description: 'At least 10 characters.' });
export const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

/** Standard error responses every authenticated route can give. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
} as const;

/** The `limit` and `cursor` of every paginated list's query string. */
export const CursorQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor from the previous page' })),
};
