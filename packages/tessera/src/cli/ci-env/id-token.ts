/**
 * Where a CI job's OIDC ID token comes from, for tokenless uploads:
 *
 * - GitHub Actions: requested from ACTIONS_ID_TOKEN_REQUEST_URL (+ `&audience=`) with the bearer
 *   ACTIONS_ID_TOKEN_REQUEST_TOKEN; both exist only when the job has `permissions: id-token: write`.
 * - GitLab CI, and any other CI: the variable TESSERA_ID_TOKEN (`id_tokens:` in .gitlab-ci.yml).
 *
 * The token is never printed: messages name where it came from, nothing more.
 */
type Env = Record<string, string | undefined>;

export type IdTokenSource =
  | { kind: 'github'; requestUrl: string; requestToken: string }
  | { kind: 'env'; token: string }
  /** In GitHub Actions without the request variables: the job lacks `id-token: write`. */
  | { kind: 'github-missing-permission' }
  /** In GitLab CI without TESSERA_ID_TOKEN. */
  | { kind: 'gitlab-missing-id-token' }
  | { kind: 'none' };

export function idTokenSource(env: Env): IdTokenSource {
  const fromEnv = env.TESSERA_ID_TOKEN?.trim();
  if (fromEnv) return { kind: 'env', token: fromEnv };
  if (env.GITHUB_ACTIONS === 'true') {
    const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
    if (requestUrl && requestToken) return { kind: 'github', requestUrl, requestToken };
    return { kind: 'github-missing-permission' };
  }
  if (env.GITLAB_CI === 'true') return { kind: 'gitlab-missing-id-token' };
  return { kind: 'none' };
}

export const describeSource = (s: IdTokenSource): string =>
  s.kind === 'github' ? 'GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL)' : s.kind === 'env' ? 'TESSERA_ID_TOKEN' : 'none';

export class IdTokenError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'IdTokenError';
  }
}

/** The ID token itself: read from the environment, or requested from GitHub with the audience. */
export async function obtainIdToken(source: IdTokenSource, audience: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  if (source.kind === 'env') return source.token;
  if (source.kind === 'github-missing-permission') {
    throw new IdTokenError('no credentials: TESSERA_TOKEN is not set, and this GitHub Actions job cannot request an OIDC ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)', 'give the job `permissions: id-token: write` (and `contents: read`), or set TESSERA_TOKEN; pull requests from forks never get an ID token');
  }
  if (source.kind === 'gitlab-missing-id-token') {
    throw new IdTokenError('no credentials: neither TESSERA_TOKEN nor TESSERA_ID_TOKEN is set in this GitLab CI job', `add \`id_tokens: { TESSERA_ID_TOKEN: { aud: "${audience}" } }\` to the job, or set TESSERA_TOKEN`);
  }
  if (source.kind === 'none') throw new IdTokenError('no OIDC ID token here', 'run in GitHub Actions with `id-token: write`, or set TESSERA_ID_TOKEN');
  const url = new URL(source.requestUrl);
  url.searchParams.set('audience', audience);
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { authorization: `bearer ${source.requestToken}`, accept: 'application/json; api-version=2.0' }, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new IdTokenError(`could not request an ID token from GitHub Actions: ${(err as Error).message}`, 'retry the job; GitHub may be having trouble');
  }
  if (!response.ok) throw new IdTokenError(`GitHub Actions refused the ID token request: HTTP ${response.status}`, 'check the job has `permissions: id-token: write`');
  const body = (await response.json().catch(() => ({}))) as { value?: unknown };
  if (typeof body.value !== 'string' || !body.value) throw new IdTokenError('GitHub Actions answered the ID token request without a token', 'retry the job');
  return body.value;
}
