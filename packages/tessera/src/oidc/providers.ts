import type { OidcProvider } from '../db/schema.js';

/** The issuers the two named providers use; a policy may name another (GitHub Enterprise Server, self-managed GitLab). */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITLAB_ISSUER = 'https://gitlab.com';

export const PROVIDERS: readonly OidcProvider[] = ['github', 'gitlab', 'generic'];

export function defaultIssuer(provider: OidcProvider): string | undefined {
  if (provider === 'github') return GITHUB_ISSUER;
  if (provider === 'gitlab') return GITLAB_ISSUER;
  return undefined;
}

/** Only these algorithms verify an ID token: never `none`, never a shared-secret HS* algorithm. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES256'] as const;

/** Trust policy defaults and bounds (seconds). */
export const DEFAULT_LIFETIME_SECONDS = 900;
export const MAX_LIFETIME_SECONDS = 3600;
export const MIN_LIFETIME_SECONDS = 60;
/** Clock skew allowed on exp, nbf and iat. */
export const CLOCK_TOLERANCE_SECONDS = 30;
