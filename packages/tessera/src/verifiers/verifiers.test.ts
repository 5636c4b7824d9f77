import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { uploadFixture } from '../test-support/upload-requests.js';

const onPostgres = process.env.TESSERA_TEST_DB === 'postgres';
type Owner = Awaited<ReturnType<TestApp['bootstrap']>>;

describe('verifier credentials: lifecycle and who may manage them', () => {
  let t: TestApp;
  let owner: Owner;
  let admin: { token: string; userId: string };
  let viewer: { token: string; userId: string };
  let bob: { token: string; userId: string };
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_USAGE_FLUSH: '1s' });
    owner = await t.bootstrap();
    admin = await t.addMember(owner.workspaceId, 'admin');
    viewer = await t.addMember(owner.workspaceId, 'viewer');
    const b = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Bravo', slug: 'bravo' } });
    bob = await t.addMember(b.body.id, 'owner');
  });
  afterAll(() => t?.close());

  const introspect = (cred: string | undefined, token: string) =>
    t.request('POST', '/v1/oauth/introspect', { ...(cred ? { token: cred } : {}), body: { token } });

  it('is shown once, listed without its secret, audited, and revoked on the very next request', async () => {
    const created = await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'gateway' } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^tsrv_[0-9A-Za-z]{46}$/);
    expect(created.body).toMatchObject({ name: 'gateway', workspace_id: owner.workspaceId, status: 'active', created_by: owner.userId, created_by_label: 'owner@example.com', last_used_at: null });
    expect(created.body.display_prefix).toBe(created.body.secret.slice(0, 13));

    const list = await t.request('GET', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((v: { id: string }) => v.id === created.body.id);
    expect(listed).toMatchObject({ name: 'gateway', display_prefix: created.body.display_prefix });
    expect(listed).not.toHaveProperty('secret');
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret.slice(13));
    const stored = await t.ctx.db.selectFrom('verifier_credentials').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.secret_hash).toString('utf8')).not.toContain(created.body.secret);

    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    expect((await introspect(created.body.secret, tok.secret)).body.active).toBe(true);
    expect((await introspect(created.body.secret, tok.secret)).body.active).toBe(true);
    expect((await t.request('DELETE', `/v1/verifiers/${created.body.id}`, { token: owner.token })).status).toBe(204);
    const after = await introspect(created.body.secret, tok.secret);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_client');
    expect(after.headers['www-authenticate']).toContain('Basic realm="tessera"');

    const events = await t.ctx.db.selectFrom('audit_events').select(['action', 'workspace_id', 'target_id', 'details']).where('target_id', '=', created.body.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['verifier.created', 'verifier.revoked']);
    expect(JSON.stringify(events)).not.toContain(created.body.secret);
    const relisted = await t.request('GET', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token });
    expect(relisted.body.items.find((v: { id: string }) => v.id === created.body.id)).toMatchObject({ status: 'revoked' });
  });

  it('records when a verifier was last used (in batches, like tokens)', async () => {
    const v = await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'used' } });
    await introspect(v.body.secret, 'nonsense');
    await t.ctx.verifierAuth.authenticate(v.body.secret, null);
    // Usage is written in batches (every second here): poll the list.
    const list = async () => (await t.request('GET', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token })).body.items.find((x: { id: string }) => x.id === v.body.id);
    for (let i = 0; i < 100 && (await list()).last_used_at === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await list()).last_used_at).not.toBeNull();
  });

  it('workspace verifiers: owners create and revoke, admins only list, others and strangers are refused', async () => {
    const path = `/v1/workspaces/${owner.slug}/verifiers`;
    expect((await t.request('POST', path, { body: { name: 'x' } })).status).toBe(401);
    expect((await t.request('POST', path, { token: admin.token, body: { name: 'x' } })).body.error.code).toBe('forbidden');
    expect((await t.request('POST', path, { token: viewer.token, body: { name: 'x' } })).body.error.code).toBe('forbidden');
    expect((await t.request('POST', path, { token: bob.token, body: { name: 'x' } })).status).toBe(404);
    expect((await t.request('GET', path, { token: admin.token })).status).toBe(200);
    expect((await t.request('GET', path, { token: viewer.token })).body.error.code).toBe('forbidden');
    expect((await t.request('GET', path, { token: bob.token })).status).toBe(404);
    const v = await t.request('POST', path, { token: owner.token, body: { name: 'owned' } });
    expect((await t.request('DELETE', `/v1/verifiers/${v.body.id}`, { token: admin.token })).body.error.code).toBe('forbidden');
    expect((await t.request('DELETE', `/v1/verifiers/${v.body.id}`, { token: bob.token })).status).toBe(404);
    // A token narrower than the action: a workspace token (acts as admin) and a read-only personal token of the owner.
    const wsToken = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read', 'write', 'upload', 'admin'] });
    expect((await t.request('POST', path, { token: wsToken.secret, body: { name: 'y' } })).body.error.code).toBe('forbidden');
    const readOnly = await t.request('POST', '/v1/me/tokens', { token: owner.token, body: { name: 'ro', scopes: ['read'] } });
    expect((await t.request('POST', path, { token: readOnly.body.secret, body: { name: 'y' } })).body.error.code).toBe('insufficient_scope');
    // Bad input: 4xx JSON with a stable code.
    expect((await t.request('POST', path, { token: owner.token, body: { name: '' } })).body.error.code).toBe('invalid_request');
    expect((await t.request('POST', path, { token: owner.token, body: { name: 'z', extra: 1 } })).body.error.code).toBe('invalid_request');
    expect((await t.request('DELETE', '/v1/verifiers/not-an-id', { token: owner.token })).body.error.code).toBe('invalid_request');
    expect((await t.request('POST', path, { token: owner.token, body: { name: 'owned' } })).body.error.code).toBe('name_taken');
  });

  it('instance-wide verifiers: only instance administrators; the first owner names others, audited', async () => {
    expect((await t.request('POST', '/v1/verifiers', { body: { name: 'x' } })).status).toBe(401);
    const refused = await t.request('POST', '/v1/verifiers', { token: admin.token, body: { name: 'x' } });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect((await t.request('POST', '/v1/verifiers', { token: bob.token, body: { name: 'x' } })).status).toBe(403);
    expect((await t.request('GET', '/v1/verifiers', { token: bob.token })).status).toBe(403);
    const restricted = await t.request('POST', '/v1/me/tokens', { token: owner.token, body: { name: 'in A', workspace: owner.slug, scopes: ['read', 'write', 'upload', 'admin'] } });
    expect((await t.request('POST', '/v1/verifiers', { token: restricted.body.secret, body: { name: 'x' } })).body.error.code).toBe('token_restricted');

    const v = await t.request('POST', '/v1/verifiers', { token: owner.token, body: { name: 'edge' } });
    expect(v.status).toBe(201);
    expect(v.body.workspace_id).toBeNull();
    expect((await t.request('GET', '/v1/verifiers', { token: owner.token })).body.items.map((x: { id: string }) => x.id)).toContain(v.body.id);

    // Naming Bob an instance administrator lets him manage instance-wide verifiers; removing him stops it at once.
    expect((await t.request('PUT', `/v1/instance-admins/${bob.userId}`, { token: admin.token })).status).toBe(403);
    expect((await t.request('PUT', `/v1/instance-admins/${bob.userId}`, { token: owner.token })).status).toBe(200);
    expect((await t.request('GET', '/v1/instance-admins', { token: bob.token })).body.items.map((a: { user_id: string }) => a.user_id).sort()).toEqual([owner.userId, bob.userId].sort());
    expect((await t.request('DELETE', `/v1/verifiers/${v.body.id}`, { token: bob.token })).status).toBe(204);
    expect((await t.request('DELETE', `/v1/instance-admins/${bob.userId}`, { token: owner.token })).status).toBe(204);
    expect((await t.request('GET', '/v1/verifiers', { token: bob.token })).status).toBe(403);
    const last = await t.request('DELETE', `/v1/instance-admins/${owner.userId}`, { token: owner.token });
    expect([last.status, last.body.error.code]).toEqual([409, 'last_instance_admin']);
    const events = await t.ctx.db.selectFrom('audit_events').select(['action', 'target_id']).where('action', 'like', 'instance_admin.%').orderBy('seq').execute();
    expect(events).toEqual([
      { action: 'instance_admin.granted', target_id: owner.userId },
      { action: 'instance_admin.granted', target_id: bob.userId },
      { action: 'instance_admin.revoked', target_id: bob.userId },
    ]);
  });

  it('a verifier credential can verify tokens and nothing else', async () => {
    const v = await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'only-verify' } });
    const inst = await t.request('POST', '/v1/verifiers', { token: owner.token, body: { name: 'only-verify' } });
    const project = await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    for (const cred of [v.body.secret, inst.body.secret]) {
      const tries: [string, string, unknown?][] = [
        ['GET', '/v1/me'], ['GET', `/v1/workspaces/${owner.slug}/tokens`], ['GET', '/v1/workspaces'], ['GET', `/v1/workspaces/${owner.slug}`],
        ['POST', `/v1/workspaces/${owner.slug}/tokens`, { kind: 'workspace', name: 'sneaky', scopes: ['read'] }], ['GET', '/v1/verifiers'],
        ['POST', `/v1/workspaces/${owner.slug}/verifiers`, { name: 'child' }], ['DELETE', `/v1/verifiers/${v.body.id}`], ['GET', `/v1/workspaces/${owner.slug}/audit-events`],
        ['DELETE', '/v1/sessions/current'],
      ];
      for (const [method, url, body] of tries) {
        const r = await t.request(method, url, { token: cred, ...(body ? { body } : {}) });
        expect({ url, status: r.status, code: r.body.error?.code }).toEqual({ url, status: 403, code: 'verifier_not_allowed' });
      }
      const up = await t.app.inject({ method: 'POST', url: `/v1/projects/${project.body.id}/uploads?kind=coverage`, headers: { authorization: `Bearer ${cred}`, 'content-type': 'application/octet-stream' }, payload: uploadFixture('coverage.lcov') });
      expect([up.statusCode, JSON.parse(up.body).error.code]).toEqual([403, 'verifier_not_allowed']);
      // As a token to validate, it is no token.
      expect(await t.ctx.validation.validate(cred)).toMatchObject({ valid: false, code: 'invalid' });
    }
  });

  it('a session or an API token cannot use the verifier routes', async () => {
    const personal = await t.request('POST', '/v1/me/tokens', { token: owner.token, body: { name: 'mine', scopes: ['read', 'write', 'upload', 'admin'] } });
    for (const cred of [owner.token, personal.body.secret, undefined]) {
      const r = await introspect(cred, personal.body.secret);
      expect([r.status, r.body.error?.code, r.body]).toEqual([401, 'invalid_client', r.body]);
      expect(r.headers['www-authenticate']).toMatch(/^Basic realm="tessera", Bearer realm="tessera"/);
    }
  });
});

describe('RFC 7662 introspection', () => {
  let t: TestApp;
  let owner: Owner;
  let other: { id: string; slug: string };
  let wsVerifier: string;
  let instVerifier: string;
  let otherVerifier: string;
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_PUBLIC_URL: 'https://tessera.example.com' });
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    const o = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    other = { id: o.body.id, slug: 'other' };
    wsVerifier = (await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'gw' } })).body.secret;
    otherVerifier = (await t.request('POST', '/v1/workspaces/other/verifiers', { token: owner.token, body: { name: 'gw' } })).body.secret;
    instVerifier = (await t.request('POST', '/v1/verifiers', { token: owner.token, body: { name: 'edge' } })).body.secret;
  });
  afterAll(() => t?.close());

  const form = (cred: string, body: string, auth: 'bearer' | 'basic' = 'bearer', clientId = 'gateway') =>
    t.app.inject({
      method: 'POST', url: '/v1/oauth/introspect', payload: body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: auth === 'bearer' ? `Bearer ${cred}` : `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(cred)}`).toString('base64')}`,
      },
    }).then((r) => ({ status: r.statusCode, body: JSON.parse(r.body), headers: r.headers }));
  const json = (cred: string, token: string) => t.request('POST', '/v1/oauth/introspect', { token: cred, body: { token } });

  it('a valid token: active, effective scopes, times, issuer and Tessera fields (form body, Bearer)', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['read', 'upload'], expires_in_days: 30 });
    const r = await form(wsVerifier, `token=${tok.secret}&token_type_hint=access_token`);
    expect(r.status).toBe(200);
    const row = await t.ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', tok.id).executeTakeFirstOrThrow();
    expect(r.body).toEqual({
      active: true, scope: 'read upload', token_type: 'Bearer', exp: Math.floor(row.expires_at!.getTime() / 1000), iat: Math.floor(row.created_at.getTime() / 1000),
      sub: tok.id, iss: 'https://tessera.example.com', token_id: tok.id, kind: 'project', workspace_id: owner.workspaceId, project_id: row.project_id, user_id: null, role: 'member', status: 'active',
    });
    expect(r.body).not.toHaveProperty('secret');
  });

  it('Basic authentication (any client id, the credential as password) and JSON bodies give the same answer', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const viaBearer = await form(wsVerifier, `token=${encodeURIComponent(tok.secret)}`);
    const viaBasic = await form(wsVerifier, `token=${tok.secret}`, 'basic', 'my client:1');
    const viaJson = await json(wsVerifier, tok.secret);
    expect(viaBearer.body).toMatchObject({ active: true, scope: 'read', kind: 'workspace' });
    expect(viaBasic.body).toEqual(viaBearer.body);
    expect(viaJson.body).toEqual(viaBearer.body);
    const wrong = await form(`${wsVerifier.slice(0, -8)}AAAAAAAA`, `token=${tok.secret}`, 'basic');
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_client']);
    expect(wrong.headers['www-authenticate']).toContain('Basic realm="tessera"');
    const garbled = await t.app.inject({ method: 'POST', url: '/v1/oauth/introspect', payload: { token: tok.secret }, headers: { authorization: 'Basic !!!' } });
    expect(garbled.statusCode).toBe(401);
  });

  it('anything not valid, or out of the verifier\'s reach, is {"active":false} and nothing else', async () => {
    const mine = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const theirs = await t.createToken(owner.token, 'other', { kind: 'workspace', scopes: ['read'] });
    const revoked = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await t.request('DELETE', `/v1/tokens/${revoked.id}`, { token: owner.token });
    const expiring = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'], expires_in_days: 1 });
    const cases: [string, string, string][] = [
      ['other workspace', wsVerifier, theirs.secret],
      ['other workspace (reverse)', otherVerifier, mine.secret],
      ['revoked', wsVerifier, revoked.secret],
      ['malformed', wsVerifier, 'not-a-token'],
      ['bad checksum', wsVerifier, `${mine.secret.slice(0, -1)}${mine.secret.endsWith('A') ? 'B' : 'A'}`],
      ['a session', wsVerifier, owner.token],
      ['a verifier credential', instVerifier, wsVerifier],
    ];
    for (const [name, cred, token] of cases) {
      const r = await form(cred, `token=${encodeURIComponent(token)}`);
      expect({ name, status: r.status, body: r.body }).toEqual({ name, status: 200, body: { active: false } });
    }
    expect((await form(instVerifier, `token=${theirs.secret}`)).body).toMatchObject({ active: true, workspace_id: other.id });
    expect((await form(wsVerifier, `token=${expiring.secret}`)).body.active).toBe(true);
    t.clock.advance(2 * 86_400_000);
    expect((await form(wsVerifier, `token=${expiring.secret}`)).body).toEqual({ active: false });
  });

  it('a rotating token: active, status rotating, exp at the end of its grace period', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read', 'write'] });
    const rot = await t.request('POST', `/v1/tokens/${tok.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 3600 } });
    expect(rot.status).toBe(201);
    const r = await json(wsVerifier, tok.secret);
    expect(r.body).toMatchObject({ active: true, status: 'rotating', scope: 'read write' });
    const row = await t.ctx.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', tok.id).executeTakeFirstOrThrow();
    expect(r.body.exp).toBe(Math.floor(row.revoked_at!.getTime() / 1000));
    expect((await json(wsVerifier, rot.body.secret)).body).toMatchObject({ active: true, status: 'active' });
  });

  it("an unrestricted personal token: a workspace verifier sees that workspace's role and scopes; an instance verifier sees what it may do everywhere", async () => {
    const member = await t.addMember(owner.workspaceId, 'member');
    await t.ctx.db.insertInto('memberships').values({ workspace_id: other.id, user_id: member.userId, role: 'viewer' }).execute();
    const personal = await t.request('POST', '/v1/me/tokens', { token: member.token, body: { name: 'everywhere', scopes: ['read', 'write', 'upload'] } });
    expect(personal.status).toBe(201);
    expect((await json(wsVerifier, personal.body.secret)).body).toMatchObject({ active: true, scope: 'read write upload', role: 'member', workspace_id: owner.workspaceId, sub: member.userId, user_id: member.userId, kind: 'personal' });
    expect((await json(otherVerifier, personal.body.secret)).body).toMatchObject({ active: true, scope: 'read', role: 'viewer', workspace_id: other.id });
    expect((await json(instVerifier, personal.body.secret)).body).toMatchObject({ active: true, scope: 'read', role: null, workspace_id: null });
    // A workspace its user is not in: out of reach.
    const third = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Third', slug: 'third' } });
    const thirdVerifier = (await t.request('POST', '/v1/workspaces/third/verifiers', { token: owner.token, body: { name: 'gw' } })).body.secret;
    expect(third.status).toBe(201);
    expect((await json(thirdVerifier, personal.body.secret)).body).toEqual({ active: false });
  });

  it('bad input is a 4xx JSON error, never a 500', async () => {
    const bad: [string, string | undefined, number][] = [
      ['', 'application/x-www-form-urlencoded', 400],
      ['token_type_hint=x', 'application/x-www-form-urlencoded', 400],
      ['token=a&token=b', 'application/x-www-form-urlencoded', 400],
      [`token=${'x'.repeat(5000)}`, 'application/x-www-form-urlencoded', 400],
      [`token=${'x'.repeat(20_000)}`, 'application/x-www-form-urlencoded', 413],
      ['token=a&extra=1', 'application/x-www-form-urlencoded', 400],
      ['{"token":', 'application/json', 400],
      ['{"token":42}', 'application/json', 400],
      ['token=a', 'text/plain', 415],
      ['%%%', 'application/x-www-form-urlencoded', 400],
    ];
    for (const [payload, type, status] of bad) {
      const r = await t.app.inject({ method: 'POST', url: '/v1/oauth/introspect', payload, headers: { authorization: `Bearer ${wsVerifier}`, ...(type ? { 'content-type': type } : {}) } });
      expect({ payload: payload.slice(0, 30), status: r.statusCode, json: typeof JSON.parse(r.body).error?.code }).toEqual({ payload: payload.slice(0, 30), status, json: 'string' });
    }
    // The form parser is this route's only: the rest of the API still refuses form bodies.
    const elsewhere = await t.app.inject({ method: 'POST', url: '/v1/auth/validate', payload: 'token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(elsewhere.statusCode).toBe(415);
  });

  it('on a cache hit, neither the token nor the verifier costs a database query', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    for (let i = 0; i < 200 && !(t.ctx.cache.isTrusted && t.ctx.verifierCache.isTrusted); i++) await new Promise((r) => setTimeout(r, 10));
    // Warm until the token answers from the cache: its own creation's notification may evict it once after the first load (PostgreSQL delivers it asynchronously).
    for (let i = 0; i < 100; i++) {
      const hits = t.ctx.cache.stats.hits;
      await json(wsVerifier, tok.secret);
      if (t.ctx.cache.stats.hits === hits + 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await json(wsVerifier, tok.secret);
    const tokenHits = t.ctx.cache.stats.hits;
    const verifierHits = t.ctx.verifierCache.stats.hits;
    const misses = t.ctx.cache.stats.misses + t.ctx.verifierCache.stats.misses;
    expect((await json(wsVerifier, tok.secret)).body.active).toBe(true);
    expect(t.ctx.cache.stats.hits).toBe(tokenHits + 1);
    expect(t.ctx.verifierCache.stats.hits).toBe(verifierHits + 1);
    expect(t.ctx.cache.stats.misses + t.ctx.verifierCache.stats.misses).toBe(misses);
  });
});

/** Two nodes sharing one PostgreSQL schema (PGlite cannot be shared: postgres project only). */
describe.skipIf(!onPostgres)('revoking a verifier through node A refuses it on node B at once', () => {
  let a: TestApp;
  let b: TestApp;
  const secret = randomBytes(32).toString('hex');
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('B had the verifier cached; after the revoke through A it answers 401', async () => {
    a = await createTestApp({ TESSERA_SECRET: secret });
    const owner = await a.bootstrap();
    b = await createTestApp({ TESSERA_SECRET: secret }, { schema: a.schema! });
    const v = await a.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'gw' } });
    const tok = await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const onB = () => b.request('POST', '/v1/oauth/introspect', { token: v.body.secret, body: { token: tok.secret } });
    for (let i = 0; i < 200; i++) {
      const hits = b.ctx.verifierCache.stats.hits;
      expect((await onB()).body.active).toBe(true);
      if (b.ctx.verifierCache.stats.hits === hits + 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await a.request('DELETE', `/v1/verifiers/${v.body.id}`, { token: owner.token })).status).toBe(204);
    const started = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - started < 1000) {
      status = (await onB()).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 2));
    }
    expect(status).toBe(401);
  });
});
