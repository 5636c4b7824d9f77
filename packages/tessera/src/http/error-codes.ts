/**
 * Every machine-readable error code the API returns, with its HTTP status and meaning.
 * docs/errors.md is this table; a test checks the two agree.
 */
export const ERROR_CODES = {
  invalid_request: { status: 400, doc: 'The request does not match the schema: a missing or unknown field, a wrong type, a bad id.' },
  malformed_json: { status: 400, doc: 'The body is not valid JSON.' },
  unauthenticated: { status: 401, doc: 'No credentials were sent. Send `Authorization: Bearer <token>`.' },
  invalid_token: { status: 401, doc: 'The token is malformed, unknown, expired or revoked; the message says which where it may.' },
  invalid_credentials: { status: 401, doc: 'Wrong email or password.' },
  invalid_setup_code: { status: 401, doc: 'The setup code is wrong; use the one printed by the server at start-up.' },
  insufficient_scope: { status: 403, doc: 'The token lacks the scope this action needs (RFC 6750); the message names it.' },
  csrf_failed: { status: 403, doc: 'A request authenticated by the browser session cookie changes something but lacks the `X-CSRF-Token` header (from the sign-in response or `GET /v1/me`), or it does not match. Bearer requests never need it.' },
  forbidden: { status: 403, doc: 'Your role in this workspace does not allow this action.' },
  wrong_token_kind: { status: 403, doc: 'This kind of token cannot be used for this action (e.g. a project token on a workspace route).' },
  not_found: { status: 404, doc: 'No such resource, or it belongs to a workspace you cannot see.' },
  already_set_up: { status: 409, doc: 'Setup has already been completed; sign in instead.' },
  name_taken: { status: 409, doc: 'A live token with this name already exists in the same project, workspace or account.' },
  slug_taken: { status: 409, doc: 'A workspace or project with this slug already exists.' },
  email_taken: { status: 409, doc: 'A user with this email already exists.' },
  already_member: { status: 409, doc: 'The user is already a member of this workspace.' },
  token_not_active: { status: 409, doc: 'The token is not active (revoked, expired or already rotating), so it cannot be rotated.' },
  last_owner: { status: 409, doc: 'A workspace must keep at least one owner.' },
  uri_too_long: { status: 414, doc: 'A path segment is longer than any id or slug can be.' },
  payload_too_large: { status: 413, doc: 'The body is larger than the configured limit; the message gives the limit.' },
  unsupported_media_type: { status: 415, doc: 'Send `Content-Type: application/json` (uploads take any type, but only gzip as `Content-Encoding`).' },
  token_limit_reached: { status: 422, doc: 'The project or workspace already has its maximum number of active tokens; the message gives the limit and the count.' },
  expiry_not_allowed: { status: 422, doc: 'The expiry is in the past, beyond the workspace maximum lifetime, or "never" where the policy forbids it.' },
  scope_not_allowed: { status: 422, doc: 'A requested scope is unknown, not allowed for this token kind, or more than you may grant.' },
  invalid_invitation: { status: 422, doc: 'The invitation code is unknown, used or expired.' },
  not_found_route: { status: 404, doc: 'No such route.' },
  method_not_allowed: { status: 405, doc: 'The route exists but not with this method.' },
  too_many_attempts: { status: 429, doc: 'Too many failed sign-ins for this email or from this address; wait the `Retry-After` seconds.' },
  internal_error: { status: 500, doc: 'Something failed on the server. The request id identifies it in the logs.' },
  service_unavailable: { status: 503, doc: 'The server is starting or shutting down.' },
} as const satisfies Record<string, { status: number; doc: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
