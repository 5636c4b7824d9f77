import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, type BinaryHarness } from '../../test-support/built-binary.js';
import { cliFor, signInAndRun, startInstance, type ServedInstance } from '../../test-support/served-instance.js';
import { serveActionsTokenEndpoint, startOidcIssuer, type OidcIssuer } from '../../test-support/oidc-issuer.js';

/**
 * Tokenless CI end to end: the real `tessera` binary, a real server process, a loopback OIDC
 * issuer and a fake ACTIONS_ID_TOKEN_REQUEST_URL endpoint standing in for GitHub Actions.
 */
const AUDIENCE = 'https://tessera.e2e.test';
const SHA = '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const TOKEN = /\btsr[wpucs]_[0-9A-Za-z]{46}\b/;
const fixtures = fileURLToPath(new URL('../../uploads/fixtures/', import.meta.url));
let harness: BinaryHarness;
let instance: ServedInstance;
let issuer: OidcIssuer;
let actions: Awaited<ReturnType<typeof serveActionsTokenEndpoint>>;
let admin: ReturnType<typeof cliFor>;
let job: ReturnType<typeof cliFor>;

/** A GitHub Actions job's environment, with `id-token: write` unless told otherwise. */
const github = (extra: Record<string, string | undefined> = {}) => ({
  GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '4242',
  ACTIONS_ID_TOKEN_REQUEST_URL: actions.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-from-the-runner', TESSERA_OIDC_AUDIENCE: AUDIENCE,
  ...extra,
});

beforeAll(async () => {
  harness = await buildBinary();
  issuer = await startOidcIssuer({ audience: AUDIENCE });
  actions = await serveActionsTokenEndpoint(issuer, { requestToken: 'request-token-from-the-runner' });
  instance = await startInstance(harness, { env: { TESSERA_OIDC_AUDIENCE: AUDIENCE, TESSERA_OIDC_ALLOW_INSECURE_ISSUERS: 'true', TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' } });
  admin = cliFor(harness, instance);
  job = cliFor(harness, instance); // its own empty config folder: a CI runner has no stored login
  await signInAndRun(admin, ['project', 'create', '--name', 'Web'], ['project', 'create', '--name', 'API']);
}, 240_000);
afterAll(async () => {
  await instance?.stop();
  await actions?.close();
  await issuer?.close();
  await harness?.cleanup();
});

describe('tessera trust', () => {
  it('adds, lists and shows a GitHub trust policy for a project', async () => {
    const add = await admin.run(['trust', 'add', '--provider', 'github', '--issuer', issuer.url, '--repository', 'acme/web', '--ref', 'refs/heads/main', '--ref', 'refs/tags/v*', '--project', 'web']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Trust policy trp_\w+ "acme\/web": github jobs matching repository=acme\/web refs=refs\/heads\/main\|refs\/tags\/v\* may mint upload tokens/);
    expect(add.stderr).toContain('pinned on the first successful exchange');
    const list = await admin.run(['trust', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const [p] = JSON.parse(list.stdout);
    expect(p).toMatchObject({ name: 'acme/web', provider: 'github', issuer: issuer.url, scopes: ['upload'], lifetime_seconds: 900 });
    const show = await admin.run(['trust', 'show', p.id]);
    expect(show.stdout).toMatch(/issuer\s+http:\/\/127\.0\.0\.1/);
    expect(show.stdout).toMatch(/ids pinned\s+on first use/);
  });
});

describe('tokenless upload from GitHub Actions', () => {
  it('requests an ID token for the audience, exchanges it and uploads, with no TESSERA_TOKEN', async () => {
    const before = actions.audiences.length;
    const r = await job.run(['upload', join(fixtures, 'coverage.lcov')], { env: github() });
    expect(r.code, r.stderr).toBe(0);
    expect(actions.audiences.slice(before)).toEqual([AUDIENCE]);
    expect(r.stderr).toMatch(/tokenless: exchanged the OIDC ID token from GitHub Actions \(ACTIONS_ID_TOKEN_REQUEST_URL\) for ci token tsrc_\w{8} \(project prj_\w+/);
    expect(r.stdout).toMatch(/Uploaded coverage\.lcov to prj_\w+: coverage, lcov/);
    expect(r.stdout + r.stderr).not.toMatch(TOKEN);
    expect(r.stdout + r.stderr).not.toContain('eyJ');
  });

  it('tessera oidc exchange prints the short-lived token, or JSON', async () => {
    const plain = await job.run(['oidc', 'exchange'], { env: github() });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^tsrc_[0-9A-Za-z]{46}$/);
    const me = await instance.api('GET', '/v1/me', { token: plain.stdout.trim() });
    expect(me.body.token).toMatchObject({ kind: 'ci', scopes: ['upload'] });
    const json = await job.run(['oidc', 'exchange', '--json'], { env: github() });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ token: expect.stringMatching(/^tsrc_/), scopes: ['upload'], project_id: expect.stringMatching(/^prj_/), expires_at: expect.any(String) });
  });

  it('without id-token: write (no request URL) says so, exit 2', async () => {
    const r = await job.run(['upload', join(fixtures, 'coverage.lcov')], { env: github({ ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not set');
    expect(r.stderr).toContain('permissions: id-token: write');
  });

  it('with both TESSERA_TOKEN and an ID token, the token wins and the CLI says so', async () => {
    const created = await admin.run(['token', 'create', '--kind', 'project', '--project', 'web', '--name', 'legacy', '--scopes', 'upload', '--json']);
    const secret = JSON.parse(created.stdout).secret as string;
    const before = actions.audiences.length;
    const r = await job.run(['upload', join(fixtures, 'coverage.lcov'), '--json'], { env: github({ TESSERA_TOKEN: secret }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('using the token from TESSERA_TOKEN; the OIDC ID token from GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL) is ignored');
    expect(actions.audiences.length).toBe(before);
    expect(JSON.parse(r.stdout).token_id).toBe(JSON.parse(created.stdout).id);
  });

  it('the wrong audience is explained with the audience to request', async () => {
    const r = await job.run(['upload', join(fixtures, 'coverage.lcov')], { env: github({ TESSERA_OIDC_AUDIENCE: undefined }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('oidc_wrong_audience');
    expect(r.stderr).toContain(`set TESSERA_OIDC_AUDIENCE=${AUDIENCE}`);
  });

  it('a branch the policy does not allow is refused with the condition, exit 3', async () => {
    const r = await job.run(['oidc', 'exchange'], { env: github({ TESSERA_ID_TOKEN: await issuer.github({ ref: 'refs/heads/experiment' }) }) });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('refuses the job on refs: ref is "refs/heads/experiment"');
  });
});

describe('tessera trust update', () => {
  it('lets the refused branch in by adding a ref, keeping the other conditions and the pinned ids', async () => {
    const [before] = JSON.parse((await admin.run(['trust', 'list', '--project', 'web', '--json'])).stdout);
    expect(before.pinned_at).not.toBeNull(); // pinned by the exchanges above
    const nothing = await admin.run(['trust', 'update', before.id]);
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toContain('nothing to change');
    const r = await admin.run(['trust', 'update', before.id, '--ref', 'refs/heads/main', '--ref', 'refs/heads/experiment', '--lifetime', '30m', '--name', 'web CI']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Updated trust policy trp_\w+ "web CI": github jobs matching .*refs=refs\/heads\/main\|refs\/heads\/experiment.* valid 30 min/);
    const after = JSON.parse((await admin.run(['trust', 'show', before.id, '--json'])).stdout);
    expect(after).toMatchObject({ name: 'web CI', lifetime_seconds: 1800, conditions: { repository: 'acme/web', repository_id: before.conditions.repository_id, refs: ['refs/heads/main', 'refs/heads/experiment'] } });
    expect(after.pinned_at).not.toBeNull();
    const exchanged = await job.run(['oidc', 'exchange'], { env: github({ TESSERA_ID_TOKEN: await issuer.github({ ref: 'refs/heads/experiment' }) }) });
    expect(exchanged.code, exchanged.stderr).toBe(0);
    // --clear drops a condition; an unknown one is refused before anything is sent.
    const cleared = await admin.run(['trust', 'update', before.id, '--clear', 'refs', '--json']);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout).conditions.refs).toBeUndefined();
    const wrong = await admin.run(['trust', 'update', before.id, '--clear', 'nope']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('--clear');
    // Put the branch restriction back for the tests below.
    expect((await admin.run(['trust', 'update', before.id, '--ref', 'refs/heads/main'])).code).toBe(0);
  });
});

describe('tokenless upload from GitLab CI', () => {
  it('reads TESSERA_ID_TOKEN (id_tokens:) and uploads', async () => {
    const policy = await instance.api('POST', `/v1/workspaces/${instance.workspace.slug}/projects/api/trust-policies`, {
      token: instance.session, body: { name: 'gitlab api', provider: 'gitlab', issuer: issuer.url, conditions: { project_path: 'acme/platform/web', ref_protected: true } },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const env = { GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_COMMIT_BRANCH: 'main', CI_PIPELINE_ID: '77', CI_PROJECT_PATH: 'acme/platform/web', TESSERA_ID_TOKEN: await issuer.gitlab() };
    const r = await job.run(['upload', join(fixtures, 'junit.xml'), '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('from TESSERA_ID_TOKEN');
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'test-results', project_id: expect.stringMatching(/^prj_/), ci_provider: 'gitlab-ci' });
    const missing = await job.run(['upload', join(fixtures, 'junit.xml')], { env: { ...env, TESSERA_ID_TOKEN: undefined } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('id_tokens');
  });

  it('tessera trust remove deletes the policy', async () => {
    const [p] = JSON.parse((await admin.run(['trust', 'list', '--project', 'web', '--json'])).stdout);
    const r = await admin.run(['trust', 'remove', p.id, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const after = await job.run(['oidc', 'exchange'], { env: github() });
    expect(after.code).toBe(3);
    expect(after.stderr).toContain('oidc_no_matching_policy');
  });
});
