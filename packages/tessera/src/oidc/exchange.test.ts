import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { GITHUB_IDS, GITLAB_IDS, startOidcIssuer, type OidcIssuer } from '../test-support/oidc-issuer.js';

const AUDIENCE = 'https://tessera.example.test';

/**
 * The exchange against a real issuer on loopback (discovery + JWKS over HTTP): every check the
 * issue names, each failing with its own code and a message that says which check failed.
 */
describe('POST /v1/oidc/exchange', () => {
  let t: TestApp;
  let gh: OidcIssuer;
  let gl: OidcIssuer;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let web: { id: string };
  let policyId: string;
  const exchange = (token: string, project?: string) => t.request('POST', '/v1/oidc/exchange', { body: { token, ...(project ? { project } : {}) } });
  const createPolicy = async (project: string | null, body: Record<string, unknown>) => {
    const url = project ? `/v1/workspaces/${owner.slug}/projects/${project}/trust-policies` : `/v1/workspaces/${owner.slug}/trust-policies`;
    const r = await t.request('POST', url, { token: owner.token, body: { name: 'policy', ...body } });
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const events = async (action: string) => (await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=${action}`, { token: owner.token })).body.items;

  beforeAll(async () => {
    gh = await startOidcIssuer({ audience: AUDIENCE });
    gl = await startOidcIssuer({ audience: AUDIENCE, alg: 'ES256' });
    t = await createTestApp({ TESSERA_PUBLIC_URL: AUDIENCE, TESSERA_OIDC_ALLOW_INSECURE_ISSUERS: 'true', TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', TESSERA_OIDC_JWKS_COOLDOWN: '3s' });
    owner = await t.bootstrap();
    web = (await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } })).body;
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'API', slug: 'api' } });
    // A name-only policy: the repository ids are pinned on the first exchange.
    policyId = (await createPolicy('web', { name: 'web CI', provider: 'github', issuer: gh.url, conditions: { repository: 'acme/web', refs: ['refs/heads/main', 'refs/tags/v*'] } })).id;
    await createPolicy('api', { name: 'gitlab api', provider: 'gitlab', issuer: gl.url, lifetime_seconds: 600, scopes: ['upload', 'read'], conditions: { project_path: 'acme/platform/web', ...GITLAB_IDS, ref_protected: true } });
  });
  afterAll(async () => {
    await t?.close();
    await gh?.close();
    await gl?.close();
  });

  it('mints a ci token for a matching GitHub job, pins the repository ids and audits both', async () => {
    const r = await exchange(await gh.github());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({
      token: expect.stringMatching(/^tsrc_[0-9A-Za-z]{46}$/), token_id: expect.stringMatching(/^tok_/), display_prefix: expect.stringMatching(/^tsrc_/),
      expires_at: expect.any(String), scopes: ['upload'], project_id: web.id, workspace_id: owner.workspaceId, policy_id: policyId,
    });
    const lifetime = (Date.parse(r.body.expires_at) - t.clock.nowMs()) / 1000;
    expect(lifetime).toBeGreaterThan(880);
    expect(lifetime).toBeLessThanOrEqual(900);
    const me = await t.request('GET', '/v1/me', { token: r.body.token });
    expect(me.status).toBe(200);
    expect(me.body.token).toMatchObject({ kind: 'ci', project_id: web.id, scopes: ['upload'] });

    const policy = await t.request('GET', `/v1/trust-policies/${policyId}`, { token: owner.token });
    expect(policy.body.conditions).toMatchObject({ repository: 'acme/web', ...GITHUB_IDS });
    expect(policy.body.pinned_at).not.toBeNull();
    const [pinned] = await events('trust_policy.pinned');
    expect(pinned).toMatchObject({ target: { id: policyId }, details: { ...GITHUB_IDS, repository: 'acme/web' } });
    const [created] = await events('token.created');
    expect(created).toMatchObject({ actor: { type: 'anonymous' }, target: { id: r.body.token_id }, details: { kind: 'ci', via: 'oidc', policy_id: policyId, issuer: gh.url, claim_repository: 'acme/web' } });
  });

  it('refuses a renamed or re-created repository: right name, another repository_id', async () => {
    const r = await exchange(await gh.github({ repository_id: '999999' }));
    expect([r.status, r.body.error.code]).toEqual([403, 'oidc_no_matching_policy']);
    expect(r.body.error).toMatchObject({ reason: 'no_matching_policy', policy_id: policyId, condition: 'repository_id' });
    expect(r.body.error.message).toContain(`repository_id is "999999", but the policy is bound to ${GITHUB_IDS.repository_id}`);
    const owner2 = await exchange(await gh.github({ repository_owner_id: '5' }));
    expect(owner2.body.error).toMatchObject({ code: 'oidc_no_matching_policy', condition: 'repository_owner_id' });
  });

  it('refuses pull request runs by default: pull_request_target from a fork, and pull_request', async () => {
    const fork = await exchange(await gh.github({ event_name: 'pull_request_target', ref: 'refs/heads/main', head_ref: 'mallory:patch-1', base_ref: 'main' }));
    expect([fork.status, fork.body.error.code, fork.body.error.condition]).toEqual([403, 'oidc_no_matching_policy', 'allow_pull_requests']);
    expect(fork.body.error.message).toContain('pull_request_target');
    const pr = await exchange(await gh.github({ event_name: 'pull_request', ref: 'refs/pull/7/merge', head_ref: 'feature/x', base_ref: 'main' }));
    expect([pr.status, pr.body.error.condition]).toEqual([403, 'allow_pull_requests']);
  });

  it('refuses a disallowed branch, naming the ref and the allowed globs', async () => {
    const r = await exchange(await gh.github({ ref: 'refs/heads/feature/x' }));
    expect([r.status, r.body.error.condition]).toEqual([403, 'refs']);
    expect(r.body.error.message).toContain('ref is "refs/heads/feature/x", the policy allows "refs/heads/main", "refs/tags/v*"');
    expect((await exchange(await gh.github({ ref: 'refs/tags/v1.2.0', ref_type: 'tag' }))).status).toBe(201);
  });

  it('tells a stranger repository nothing about other policies', async () => {
    const r = await exchange(await gh.github({ repository: 'mallory/web', repository_id: '1', repository_owner_id: '2' }));
    expect([r.status, r.body.error.code]).toEqual([403, 'oidc_no_matching_policy']);
    expect(r.body.error.message).toBe(`no trust policy of ${gh.url} trusts repository mallory/web (repository_id 1)`);
    expect(r.body.error).not.toHaveProperty('policy_id');
  });

  it('refuses the wrong audience, saying which audience to request', async () => {
    const r = await exchange(await gh.github({}, { audience: 'https://github.com/acme' }));
    expect([r.status, r.body.error.code]).toEqual([401, 'oidc_wrong_audience']);
    expect(r.body.error.expected_audience).toBe(AUDIENCE);
    expect(r.body.error.message).toContain(`request the ID token with audience "${AUDIENCE}"`);
  });

  it('refuses expired, not-yet-valid and too old tokens (30 s leeway)', async () => {
    const expired = await exchange(await gh.github({}, { iatOffset: -600, expOffset: -60 }));
    expect([expired.status, expired.body.error.code]).toEqual([401, 'oidc_token_expired']);
    expect((await exchange(await gh.github({}, { iatOffset: -600, expOffset: -10 }))).status).toBe(201); // within the leeway
    const early = await exchange(await gh.github({}, { nbfOffset: 120 }));
    expect([early.status, early.body.error.code]).toEqual([401, 'oidc_token_not_yet_valid']);
    const future = await exchange(await gh.github({}, { iatOffset: 300, nbfOffset: 0 }));
    expect([future.status, future.body.error.code, future.body.error.reason]).toEqual([401, 'oidc_token_not_yet_valid', 'issued_in_future']);
    const old = await exchange(await gh.github({}, { iatOffset: -7200, expOffset: 600 }));
    expect([old.status, old.body.error.code]).toEqual([401, 'oidc_token_too_old']);
    expect(old.body.error.max_age_seconds).toBe(3600);
  });

  it('refuses alg none and HS256 signed with the public key, before fetching anything', async () => {
    const before = { ...gh.fetches };
    const none = await exchange(gh.unsigned());
    expect([none.status, none.body.error.code, none.body.error.reason]).toEqual([401, 'oidc_invalid_token', 'alg_not_allowed']);
    expect(none.body.error.message).toContain('"none" is not allowed (allowed: RS256, ES256)');
    const hs = await exchange(await gh.hs256WithPublicKey());
    expect([hs.status, hs.body.error.code, hs.body.error.reason]).toEqual([401, 'oidc_invalid_token', 'alg_not_allowed']);
    expect(gh.fetches).toEqual(before);
  });

  it('refuses a forged signature', async () => {
    const good = await gh.github();
    const [h, p] = good.split('.');
    const other = (await gh.github()).split('.')[2];
    const r = await exchange(`${h}.${p}.${other}`);
    expect([r.status, r.body.error.code, r.body.error.reason]).toEqual([401, 'oidc_invalid_token', 'bad_signature']);
  });

  it('refuses a replayed jti: each ID token is exchanged once', async () => {
    const token = await gh.github();
    expect((await exchange(token)).status).toBe(201);
    const again = await exchange(token);
    expect([again.status, again.body.error.code]).toEqual([401, 'oidc_token_replayed']);
    const twice = await Promise.all([gh.github({}, { jti: 'same-jti-1' }), gh.github({}, { jti: 'same-jti-1' })]);
    const results = await Promise.all(twice.map((tok) => exchange(tok)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 401]);
  });

  it('refuses an issuer no policy names, without ever fetching from it', async () => {
    const stranger = await startOidcIssuer({ audience: AUDIENCE });
    try {
      const r = await exchange(await stranger.github());
      expect([r.status, r.body.error.code]).toEqual([401, 'oidc_unknown_issuer']);
      expect(r.body.error.message).toContain(`issuer ${stranger.url} is not trusted here`);
      expect(stranger.fetches).toEqual({ discovery: 0, jwks: 0 });
    } finally {
      await stranger.close();
    }
  });

  it('handles key rotation: an unknown kid refetches the JWKS once per cooldown', async () => {
    expect((await exchange(await gh.github())).status).toBe(201); // keys cached
    const fetched = gh.fetches.jwks;
    const next = await gh.rotate({ publish: false, keepOld: true });
    const early = await exchange(await gh.github({}, { kid: next }));
    expect([early.status, early.body.error.reason]).toEqual([401, 'unknown_key']);
    gh.publish(next);
    t.clock.advance(3100); // past the 3 s cooldown of this test server, on the app's clock
    const before = gh.fetches.jwks;
    expect((await exchange(await gh.github({}, { kid: next }))).status).toBe(201);
    expect(gh.fetches.jwks).toBe(before + 1);
    // Within the cooldown, a burst of unknown kids costs no fetch at all.
    const bogus = await gh.rotate({ publish: false, keepOld: true });
    gh.useKey(next);
    for (let i = 0; i < 3; i++) expect((await exchange(await gh.github({}, { kid: bogus }))).body.error.reason).toBe('unknown_key');
    expect(gh.fetches.jwks).toBe(before + 1);
    expect(gh.fetches.jwks).toBeGreaterThanOrEqual(fetched);
  });

  it('matches a GitLab job (ES256) on project_path, pinned ids and protected ref', async () => {
    const r = await exchange(await gl.gitlab());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ scopes: ['read', 'upload'] });
    expect((Date.parse(r.body.expires_at) - t.clock.nowMs()) / 1000).toBeLessThanOrEqual(600);
    const unprotected = await exchange(await gl.gitlab({ ref: 'feature', ref_protected: 'false' }));
    expect([unprotected.status, unprotected.body.error.condition]).toEqual([403, 'ref_protected']);
    const recreated = await exchange(await gl.gitlab({ project_id: '1' }));
    expect(recreated.body.error.condition).toBe('project_id');
  });

  it('matches any issuer by URL with a generic policy on its subject', async () => {
    const g = await createPolicy('api', { name: 'deploy jobs', provider: 'generic', issuer: gl.url, conditions: { subject: 'job:deploy:*', environments: ['prod*'] } });
    const ok = await exchange(await gl.sign({ sub: 'job:deploy:42', environment: 'production' }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.policy_id).toBe(g.id);
    const other = await exchange(await gl.sign({ sub: 'job:test:42', environment: 'production' }));
    expect(other.body.error.message).toBe(`no trust policy of ${gl.url} trusts subject job:test:42`);
    const env = await exchange(await gl.sign({ sub: 'job:deploy:43', environment: 'staging' }));
    expect([env.status, env.body.error.policy_id, env.body.error.condition]).toEqual([403, g.id, 'environments']);
  });

  it('issue 11 defect 6: a subject glob built to backtrack (*a*a*a*a*a*a*a*a*b) is matched against a 1,000-character subject at once', async () => {
    const g = await createPolicy('api', { name: 'redos', provider: 'generic', issuer: gl.url, conditions: { subject: '*a*a*a*a*a*a*a*a*b' } });
    const token = await gl.sign({ sub: 'a'.repeat(1000) });
    const start = performance.now();
    const r = await exchange(token);
    const ms = performance.now() - start;
    expect([r.status, r.body.error.code]).toEqual([403, 'oidc_no_matching_policy']);
    expect(ms).toBeLessThan(2000); // the regex it replaced took about a minute for 60 characters
    const ok = await exchange(await gl.sign({ sub: `${'a'.repeat(999)}b` }));
    expect([ok.status, ok.body.policy_id]).toEqual([201, g.id]);
  });

  it('workspace-wide policies need the project named, and reach only their workspace', async () => {
    const ws = await createPolicy(null, { name: 'monorepo', provider: 'github', issuer: gh.url, conditions: { repository: 'acme/mono', ...GITHUB_IDS, event_names: ['push'] } });
    const token = () => gh.github({ repository: 'acme/mono' });
    const unnamed = await exchange(await token());
    expect([unnamed.status, unnamed.body.error.code]).toEqual([400, 'invalid_request']);
    expect(unnamed.body.error.message).toContain(ws.id);
    const named = await exchange(await token(), `${owner.slug}/api`);
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect(named.body.policy_id).toBe(ws.id);
    const nowhere = await exchange(await token(), 'other-ws/api');
    expect([nowhere.status, nowhere.body.error.code]).toEqual([403, 'oidc_no_matching_policy']);
    const wrongEvent = await exchange(await gh.github({ repository: 'acme/mono', event_name: 'workflow_dispatch' }), `${owner.slug}/api`);
    expect(wrongEvent.body.error.condition).toBe('event_names');
  });

  it('answers 400 for bad input and audits refusals, aggregated', async () => {
    for (const body of [{}, { token: '' }, { token: 'x', extra: 1 }, { token: 5 }]) {
      const r = await t.request('POST', '/v1/oidc/exchange', { body });
      expect({ body, status: r.status, code: r.body.error.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    }
    const junk = await exchange('not-a-jwt');
    expect([junk.status, junk.body.error.code, junk.body.error.reason]).toEqual([401, 'oidc_invalid_token', 'malformed']);
  });

  it("audits refusals in the closest policy's workspace, one event per kind of refusal and window", async () => {
    await t.ctx.oidc.flushDenials(); // earlier tests' refusals
    const before = (await events('oidc.exchange.denied')).length;
    for (let i = 0; i < 3; i++) expect((await exchange(await gh.github({ ref: 'refs/heads/wip' }))).status).toBe(403);
    await t.ctx.oidc.flushDenials();
    const all = await events('oidc.exchange.denied');
    expect(all).toHaveLength(before + 1);
    expect(all[0]).toMatchObject({ actor: { type: 'anonymous' }, details: { reason: 'no_matching_policy', code: 'oidc_no_matching_policy', issuer: gh.url, policy_id: policyId, condition: 'refs', count: 3 } });
  });
});
