import { ALL } from '../validation-cache/cache-keys.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { startOidcIssuer, type OidcIssuer } from '../test-support/oidc-issuer.js';
import { postUpload, uploadFixture } from '../test-support/upload-requests.js';

const AUDIENCE = 'https://tessera.example.test';

/** What a minted ci token can and cannot do, and the tokenless upload (the ID token as the upload's Bearer). */
describe('ci tokens from OIDC', () => {
  let t: TestApp;
  let gh: OidcIssuer;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let ci: { token: string; token_id: string; project_id: string };
  const exchange = async () => {
    const r = await t.request('POST', '/v1/oidc/exchange', { body: { token: await gh.github() } });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body;
  };

  beforeAll(async () => {
    gh = await startOidcIssuer({ audience: AUDIENCE });
    t = await createTestApp({ TESSERA_PUBLIC_URL: AUDIENCE, TESSERA_OIDC_ALLOW_INSECURE_ISSUERS: 'true', TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', TESSERA_PROJECT_TOKEN_LIMIT: '1' });
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'API', slug: 'api' } });
    const p = await t.request('POST', `/v1/workspaces/${owner.slug}/projects/web/trust-policies`, { token: owner.token, body: { name: 'web', provider: 'github', issuer: gh.url, conditions: { repository: 'acme/web' } } });
    if (p.status !== 201) throw new Error(JSON.stringify(p.body));
    ci = await exchange();
  });
  afterAll(async () => {
    await t?.close();
    await gh?.close();
  });

  it('uploads to its own project, and to no other', async () => {
    const r = await postUpload(t, { project: `${owner.slug}/web`, token: ci.token, body: uploadFixture('coverage.lcov') });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.token_id).toBe(ci.token_id);
    const other = await postUpload(t, { project: `${owner.slug}/api`, token: ci.token, body: uploadFixture('coverage.lcov') });
    expect([other.status, other.body.error.code]).toEqual([403, 'wrong_token_kind']);
  });

  it('cannot mint other tokens', async () => {
    for (const body of [{ kind: 'project', project: 'web', name: 'x', scopes: ['upload'] }, { kind: 'workspace', name: 'x', scopes: ['upload'] }, { kind: 'personal', name: 'x', scopes: ['upload'] }]) {
      const r = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: ci.token, body });
      expect({ kind: body.kind, status: r.status }).toEqual({ kind: body.kind, status: 403 });
    }
    expect((await t.request('POST', '/v1/me/tokens', { token: ci.token, body: { name: 'x', scopes: ['upload'] } })).status).toBe(403);
    // Nor exchange an ID token with it: the exchange reads only the body's JWT, and a tsrc_ token is not one.
    const ex = await t.request('POST', '/v1/oidc/exchange', { token: ci.token, body: { token: ci.token } });
    expect([ex.status, ex.body.error.code]).toEqual([401, 'oidc_invalid_token']);
  });

  it('cannot be rotated, by itself or by an owner', async () => {
    const self = await t.request('POST', `/v1/tokens/${ci.token_id}/rotate`, { token: ci.token, body: {} });
    expect(self.status).toBe(403);
    const byOwner = await t.request('POST', `/v1/tokens/${ci.token_id}/rotate`, { token: owner.token, body: {} });
    expect([byOwner.status, byOwner.body.error.code]).toEqual([403, 'wrong_token_kind']);
    expect(byOwner.body.error.message).toContain('ci tokens cannot be rotated');
  });

  it('dies at expiry', async () => {
    const fresh = await exchange();
    expect((await t.request('GET', '/v1/me', { token: fresh.token })).status).toBe(200);
    // Time passing, simulated in SQL: publish it like a change so the (now warm) cache hears of it.
    await t.ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', fresh.token_id).execute();
      await t.ctx.invalidation.publish(tx, [ALL]);
    });
    const r = await t.request('GET', '/v1/me', { token: fresh.token });
    expect([r.status, r.body.error.code, r.body.error.reason]).toEqual([401, 'invalid_token', 'expired']);
  });

  it('tokenless upload: the ID token itself as the Bearer, single use, the upload attributed to a ci token nobody holds', async () => {
    const jwt = await gh.github();
    const r = await postUpload(t, { project: `${owner.slug}/web`, token: jwt, body: uploadFixture('junit.xml') });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const minted = await t.request('GET', `/v1/tokens/${r.body.token_id}`, { token: owner.token });
    expect(minted.body).toMatchObject({ kind: 'ci', project_id: ci.project_id, status: 'active' });
    const again = await postUpload(t, { project: `${owner.slug}/web`, token: jwt, body: uploadFixture('junit.xml') });
    expect([again.status, again.body.error.code]).toEqual([401, 'oidc_token_replayed']);
  });

  it('tokenless upload to a project no policy reaches is refused like the exchange', async () => {
    const r = await postUpload(t, { project: `${owner.slug}/api`, token: await gh.github(), body: uploadFixture('junit.xml') });
    expect([r.status, r.body.error.code]).toEqual([403, 'oidc_no_matching_policy']);
    const bad = await postUpload(t, { project: 'not a project', token: await gh.github(), body: uploadFixture('junit.xml') });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
  });

  it("does not take the project's token limit (1 here), however many jobs exchanged", async () => {
    await exchange();
    await exchange();
    const first = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'project', project: 'web', name: 'human-made', scopes: ['upload'] } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'project', project: 'web', name: 'one too many', scopes: ['upload'] } });
    expect([second.status, second.body.error.code, second.body.error.count]).toEqual([422, 'token_limit_reached', 1]);
  });

  it('the upload route still wants credentials, and other routes never take an ID token', async () => {
    const none = await postUpload(t, { project: `${owner.slug}/web`, body: uploadFixture('junit.xml') });
    expect([none.status, none.body.error.code]).toEqual([401, 'unauthenticated']);
    const jwt = await gh.github();
    const list = await t.request('GET', `/v1/projects/${owner.slug}%2Fweb/uploads`, { token: jwt });
    expect([list.status, list.body.error.code]).toEqual([401, 'invalid_token']);
    const me = await t.request('GET', '/v1/me', { token: jwt });
    expect(me.status).toBe(401);
  });
});
