import type { Role, ScopeInfo, TokenKind, TokenStatus } from '../api/types';
import { GRANTABLE_SCOPES, KIND_SCOPES, ROLES, SCOPES, SCOPE_DOCS } from '../../../tessera/src/authz/roles.js';

/** What each scope allows, the scopes each kind can hold, what each role may grant: the server's own tables (authz/roles.ts). */
export { GRANTABLE_SCOPES as GRANTABLE, KIND_SCOPES, SCOPE_DOCS };

/**
 * The built-in scopes as GET /v1/scopes lists them, from the server's own tables: what the
 * create dialog offers until the instance's list (with its platform-defined scopes) arrives.
 */
export const BUILTIN_SCOPE_INFO: ScopeInfo[] = SCOPES.map((s) => ({
  name: s, description: SCOPE_DOCS[s], builtin: true,
  kinds: (Object.keys(KIND_SCOPES) as TokenKind[]).filter((k) => KIND_SCOPES[k].includes(s)),
  min_role: ROLES.find((r) => GRANTABLE_SCOPES[r].includes(s))!,
}));

/** Whether `role` may grant a scope whose lowest granting role is `min` (owner > admin > member > viewer). */
export const mayGrant = (role: Role, min: Role) => ROLES.indexOf(role) >= ROLES.indexOf(min);

export const KIND_LABEL: Record<TokenKind, string> = { workspace: 'Workspace', project: 'Project', personal: 'Personal', ci: 'CI (OIDC)' };

export const STATUS_COLOR: Record<TokenStatus, 'green' | 'amber' | 'gray' | 'red'> = { active: 'green', rotating: 'amber', expired: 'gray', revoked: 'red' };

export const GRACE_CHOICES = [
  { seconds: 0, label: 'Now', hint: 'The old token stops working at once.' },
  { seconds: 3600, label: '1 hour', hint: 'Time to update one CI secret.' },
  { seconds: 86400, label: '24 hours', hint: 'Time to update a few places.' },
  { seconds: 604800, label: '7 days', hint: 'The longest grace period.' },
] as const;

/** Ready-to-paste snippets for the token just revealed. The CI ones refer to the secret by name, never by value. */
export function snippets(secret: string, opts: { origin: string; uploadPath?: string }) {
  const url = opts.origin;
  const uploadPath = opts.uploadPath ?? '<workspace>%2F<project>';
  return {
    github: `# 1. GitHub → your repository → Settings → Secrets and variables → Actions
#    New repository secret: name TESSERA_TOKEN, value: the token above
#    (or: gh secret set TESSERA_TOKEN, and paste it when asked)
# 2. A step in .github/workflows/ci.yml, after your tests:
      - name: Upload coverage to Tessera
        env:
          TESSERA_TOKEN: \${{ secrets.TESSERA_TOKEN }}
        run: |
          curl -sSf -X POST "${url}/v1/projects/${uploadPath}/uploads?commit=$GITHUB_SHA&branch=$GITHUB_REF_NAME" \\
            -H "Authorization: Bearer $TESSERA_TOKEN" -H "Content-Type: text/plain" \\
            --data-binary @coverage/lcov.info`,
    gitlab: `# 1. GitLab → your project → Settings → CI/CD → Variables → Add variable
#    Key TESSERA_TOKEN, value: the token above; tick "Mask variable" and "Protect variable"
# 2. In .gitlab-ci.yml:
test:
  script:
    - npm ci && npm test -- --coverage
    - >
      curl -sSf -X POST "${url}/v1/projects/${uploadPath}/uploads?commit=$CI_COMMIT_SHA&branch=$CI_COMMIT_REF_NAME"
      -H "Authorization: Bearer $TESSERA_TOKEN" -H "Content-Type: text/plain"
      --data-binary @coverage/lcov.info`,
    shell: `export TESSERA_URL='${url}'
export TESSERA_TOKEN='${secret}'
curl -s "$TESSERA_URL/v1/me" -H "Authorization: Bearer $TESSERA_TOKEN"`,
  };
}
