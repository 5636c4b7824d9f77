import type { TrustProvider } from '../api/types';

/** What the create dialog offers, from docs/ci.md (trust-policy reference) and the API's ConditionsIn schema. */
export const PROVIDERS: { value: TrustProvider; label: string; issuer?: string }[] = [
  { value: 'github', label: 'GitHub Actions', issuer: 'https://token.actions.githubusercontent.com' },
  { value: 'gitlab', label: 'GitLab CI', issuer: 'https://gitlab.com' },
  { value: 'generic', label: 'Other OIDC issuer' },
];
export const providerLabel = (p: string) => PROVIDERS.find((x) => x.value === p)?.label ?? p;

export type ConditionKind = 'text' | 'list' | 'bool' | 'ref_type';
export interface ConditionDef { key: string; label: string; help: string; kind: ConditionKind; providers: TrustProvider[]; placeholder?: string }

/** Conditions shown under "More conditions" (the subject too, except for other issuers, where it is required). */
const ADVANCED = ['repository_id', 'repository_owner_id', 'project_id', 'namespace_id', 'namespace_path', 'ref_type', 'workflows', 'event_names', 'allow_pull_requests', 'runner_environment'];
export const isAdvanced = (key: string, provider: TrustProvider) => ADVANCED.includes(key) || (key === 'subject' && provider !== 'generic');

/** Every condition the API accepts, with one line of help each; shown only for the providers it applies to. */
export const CONDITIONS: ConditionDef[] = [
  { key: 'repository', label: 'Repository', help: 'owner/name of the GitHub repository whose jobs may upload (or give its id below).', kind: 'text', providers: ['github'], placeholder: 'acme/web' },
  { key: 'repository_id', label: 'Repository id', help: 'Numeric id, pinned on the first exchange if left empty (gh api repos/OWNER/NAME --jq .id).', kind: 'text', providers: ['github'] },
  { key: 'repository_owner_id', label: 'Owner id', help: 'Numeric id of the owner; give it together with the repository id.', kind: 'text', providers: ['github'] },
  { key: 'project_path', label: 'Project path', help: 'group/sub/project of the GitLab project whose jobs may upload (or give its id below).', kind: 'text', providers: ['gitlab'], placeholder: 'acme/platform/web' },
  { key: 'project_id', label: 'GitLab project id', help: 'Numeric id, pinned on the first exchange if left empty.', kind: 'text', providers: ['gitlab'] },
  { key: 'namespace_path', label: 'Namespace path', help: 'Only jobs of projects in this group.', kind: 'text', providers: ['gitlab'] },
  { key: 'namespace_id', label: 'Namespace id', help: 'Numeric id of the group; give it together with the project id.', kind: 'text', providers: ['gitlab'] },
  { key: 'subject', label: 'Subject', help: 'Glob on the token’s sub claim; required for other issuers (not * or **).', kind: 'text', providers: ['github', 'gitlab', 'generic'], placeholder: 'repo:acme/web:ref:refs/heads/main' },
  { key: 'refs', label: 'Refs', help: 'Full refs, comma-separated globs: refs/heads/main, refs/tags/v*. Empty: any ref.', kind: 'list', providers: ['github', 'gitlab', 'generic'], placeholder: 'refs/heads/main, refs/tags/v*' },
  { key: 'ref_type', label: 'Ref type', help: 'Only branches, or only tags.', kind: 'ref_type', providers: ['github', 'gitlab'] },
  { key: 'ref_protected', label: 'Protected refs only', help: 'Only jobs on protected branches and tags.', kind: 'bool', providers: ['github', 'gitlab'] },
  { key: 'environments', label: 'Environments', help: 'Comma-separated globs; a job without an environment does not match.', kind: 'list', providers: ['github', 'gitlab', 'generic'], placeholder: 'production' },
  { key: 'workflows', label: 'Workflows', help: 'Globs on job_workflow_ref, e.g. acme/web/.github/workflows/ci.yml@refs/heads/main.', kind: 'list', providers: ['github'] },
  { key: 'event_names', label: 'Events', help: 'Exact event names (GitHub event_name, GitLab pipeline_source), comma-separated: push, workflow_dispatch.', kind: 'list', providers: ['github', 'gitlab'] },
  { key: 'allow_pull_requests', label: 'Allow pull requests', help: 'Accept pull_request runs (never pull_request_target unless listed in Events). Off by default.', kind: 'bool', providers: ['github'] },
  { key: 'runner_environment', label: 'Runner environment', help: 'github-hosted, gitlab-hosted or self-hosted.', kind: 'text', providers: ['github', 'gitlab'] },
];

const PINNED = ['repository_id', 'repository_owner_id', 'project_id', 'namespace_id'];

/** The form's strings, as the API's conditions object (empty fields left out). */
export function conditionsFrom(values: Record<string, string | boolean>, provider: TrustProvider): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of CONDITIONS) {
    if (!c.providers.includes(provider)) continue;
    const v = values[c.key];
    if (c.kind === 'bool') {
      if (v === true) out[c.key] = true;
    } else if (typeof v === 'string' && v.trim()) {
      out[c.key] = c.kind === 'list' ? v.split(/[,\s]+/).filter(Boolean) : v.trim();
    }
  }
  return out;
}

/** The conditions of a policy as short readable lines; pinned ids apart. */
export function describeConditions(conditions: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(conditions)) {
    if (PINNED.includes(key)) continue;
    const label = CONDITIONS.find((c) => c.key === key)?.label ?? key;
    if (typeof value === 'boolean') lines.push(key === 'allow_pull_requests' ? (value ? 'pull requests allowed' : 'no pull requests') : key === 'ref_protected' ? (value ? 'protected refs only' : 'any ref, protected or not') : `${label}: ${String(value)}`);
    else if (Array.isArray(value)) lines.push(`${label}: ${value.join(', ')}`);
    else lines.push(`${label}: ${String(value)}`);
  }
  return lines;
}

export function pinnedIds(conditions: Record<string, unknown>): string[] {
  return PINNED.filter((k) => conditions[k] !== undefined).map((k) => `${k} ${String(conditions[k])}`);
}

export const lifetime = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);

/** Ready-to-paste CI steps for a new policy (docs/ci.md, Tokenless CI). No secret: the job proves who it is. */
export function trustSnippets(opts: { origin: string; provider: string; conditions: Record<string, unknown>; projectPath?: string }) {
  const url = opts.origin;
  const projectFlag = opts.projectPath ? ` --project ${opts.projectPath}` : '';
  const refs = Array.isArray(opts.conditions.refs) ? (opts.conditions.refs as string[]) : [];
  const branches = refs.filter((r) => r.startsWith('refs/heads/')).map((r) => r.slice('refs/heads/'.length));
  const tags = refs.filter((r) => r.startsWith('refs/tags/')).map((r) => r.slice('refs/tags/'.length));
  const on = branches.length || tags.length
    ? ['on:', '  push:', ...(branches.length ? [`    branches: [${branches.map((b) => `'${b}'`).join(', ')}]`] : []), ...(tags.length ? [`    tags: [${tags.map((t) => `'${t}'`).join(', ')}]`] : [])]
    : ['on:', '  push:', '    branches: [main]'];
  const github = [
    '# .github/workflows/coverage.yml',
    'name: coverage',
    ...on,
    'permissions:',
    '  contents: read',
    '  id-token: write          # lets the job request an OIDC ID token',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    env:',
    `      TESSERA_URL: ${url}`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with: { node-version: 20 }',
    '      - run: npm ci && npm test -- --coverage',
    '      - name: Upload coverage to Tessera (no secret)',
    '        run: |',
    '          npm install -g ./tools/tessera-0.1.0.tgz',
    `          tessera upload${projectFlag} coverage/lcov.info`,
  ].join('\n');
  const gitlab = [
    '# .gitlab-ci.yml',
    'test:',
    '  image: node:20',
    '  id_tokens:',
    '    TESSERA_ID_TOKEN:                       # the CLI reads this variable',
    `      aud: ${url}`,
    '  variables:',
    `    TESSERA_URL: ${url}`,
    '  script:',
    '    - npm ci && npm test -- --coverage',
    '    - npm install -g ./tools/tessera-0.1.0.tgz',
    `    - tessera upload${projectFlag} coverage/cobertura-coverage.xml junit.xml`,
  ].join('\n');
  const generic = [
    '# Any CI that can hand the job an OIDC ID token whose aud is this server:',
    `export TESSERA_URL=${url}`,
    'export TESSERA_ID_TOKEN="$YOUR_CI_ID_TOKEN"   # aud must be ' + url,
    `tessera upload${projectFlag} coverage/lcov.info`,
  ].join('\n');
  return opts.provider === 'github' ? { label: 'GitHub Actions', text: github } : opts.provider === 'gitlab' ? { label: 'GitLab CI', text: gitlab } : { label: 'Shell', text: generic };
}
