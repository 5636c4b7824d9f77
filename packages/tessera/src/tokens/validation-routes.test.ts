import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { generateToken } from './token-format.js';

describe('POST /v1/auth/validate', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let tok: { id: string; secret: string; project_id: string };
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    tok = (await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'project', project: 'web', name: 'v', scopes: ['upload'] } })).body;
  });
  afterAll(() => t?.close());
  const validate = (token: unknown) => t.request('POST', '/v1/auth/validate', { body: { token } });

  it('answers valid with who the token is (nolapse shape plus more), with no credentials needed', async () => {
    const r = await validate(tok.secret);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      valid: true, token_id: tok.id, kind: 'project', display_prefix: tok.secret.slice(0, 13), workspace_id: owner.workspaceId, org_id: owner.workspaceId,
      project_id: tok.project_id, user_id: null, scopes: ['upload'], granted_scopes: ['upload'], role: 'member', status: 'active', grace_ends_at: null,
      expires_at: expect.any(String),
    });
  });

  it('says malformed, and why, for whitespace, newlines, quotes and truncation', async () => {
    for (const [raw, reason] of [[`${tok.secret}\n`, 'trailing_newline'], [` ${tok.secret}`, 'surrounding_whitespace'], [`"${tok.secret}"`, 'quoted'], [tok.secret.slice(0, 30), 'truncated']] as const) {
      const r = await validate(raw);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ valid: false, code: 'malformed', reason });
      expect(r.body.message).toBeTruthy();
    }
  });

  it('says only "invalid" for a well-formed token with a guessed public id or a wrong secret', async () => {
    expect((await validate(generateToken('tsr', 'project').token)).body).toEqual({ valid: false, code: 'invalid' });
    const forged = generateToken('tsr', 'project').token;
    // same public id as the real token, different secret, valid checksum: must not learn the token's state
    const payload = tok.secret.slice(0, 13) + forged.slice(13, 45);
    const { checksum } = await import('./token-format.js');
    expect((await validate(payload + checksum(payload))).body).toEqual({ valid: false, code: 'invalid' });
  });

  it('tells revoked and expired only to the holder of the full secret', async () => {
    const r = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'gone', scopes: ['read'] } });
    await t.request('DELETE', `/v1/tokens/${r.body.id}`, { token: owner.token });
    expect((await validate(r.body.secret)).body).toEqual({ valid: false, code: 'revoked' });
  });

  it('treats a session token as not an API token', async () => {
    expect((await validate(owner.token)).body).toEqual({ valid: false, code: 'invalid' });
  });

  it('answers a warm token without a promise, and sends the same serialized answer each time', async () => {
    const first = await validate(tok.secret);
    // On PostgreSQL the cache is trusted only while the listener's heartbeat answers; a loaded
    // machine can let it lapse for a moment (then every validation reads the database, by design).
    let sync = t.ctx.validation.validate(tok.secret);
    await expect.poll(async () => {
      await validate(tok.secret);
      sync = t.ctx.validation.validate(tok.secret);
      return sync instanceof Promise;
    }, { timeout: 10_000 }).toBe(false);
    expect(sync).toMatchObject({ valid: true, token: { tokenId: tok.id } });
    const second = await validate(tok.secret);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.raw.body).toBe(first.raw.body);
    expect(Object.keys(second.body).sort()).toEqual(['display_prefix', 'expires_at', 'grace_ends_at', 'granted_scopes', 'kind', 'org_id', 'project_id', 'role', 'scopes', 'status', 'token_id', 'user_id', 'valid', 'workspace_id']);
  });

  it('checks everything again for a string that only looks like a warm token (wrong checksum, kind or secret)', async () => {
    expect((await validate(tok.secret)).body.valid).toBe(true); // cached and verified: its digest is known
    const { checksum } = await import('./token-format.js');
    const last = tok.secret.at(-1) === 'A' ? 'B' : 'A';
    expect((await validate(tok.secret.slice(0, -1) + last)).body).toMatchObject({ valid: false, code: 'malformed', reason: 'checksum_mismatch' });
    const otherKind = `tsrw${tok.secret.slice(4, 45)}`;
    expect((await validate(otherKind + checksum(otherKind))).body).toEqual({ valid: false, code: 'invalid' });
    const flipped = tok.secret.slice(0, 20) + (tok.secret[20] === 'x' ? 'y' : 'x') + tok.secret.slice(21, 45);
    expect((await validate(flipped + checksum(flipped))).body).toEqual({ valid: false, code: 'invalid' });
    expect((await validate(tok.secret)).body.valid).toBe(true);
  });

  it('refuses a missing or non-string token with 400', async () => {
    expect((await t.request('POST', '/v1/auth/validate', { body: {} })).status).toBe(400);
    expect((await validate(42)).status).toBe(400);
  });

  it('records last-used time and IP in batches, not per validation', async () => {
    await validate(tok.secret);
    const before = await t.ctx.db.selectFrom('api_tokens').select(['last_used_at', 'last_used_ip']).where('id', '=', tok.id).executeTakeFirstOrThrow();
    expect(before.last_used_at).toBeNull();
    expect(t.ctx.usage.pending()).toBeGreaterThan(0);
    await t.ctx.usage.flush();
    const after = await t.ctx.db.selectFrom('api_tokens').select(['last_used_at', 'last_used_ip']).where('id', '=', tok.id).executeTakeFirstOrThrow();
    expect(after.last_used_at).toBeInstanceOf(Date);
    expect(after.last_used_ip).toBe('127.0.0.1');
    expect((await t.request('GET', `/v1/tokens/${tok.id}`, { token: owner.token })).body.last_used_at).toBe(after.last_used_at!.toISOString());
  });

  it('records denied attempts aggregated, so a flood cannot fill the disk', async () => {
    await t.ctx.denials.flush();
    const count = async () => Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).where('action', 'like', 'auth.denied%').executeTakeFirstOrThrow()).n);
    const before = await count();
    for (let i = 0; i < 300; i++) await validate(generateToken('tsr', 'project').token);
    await t.ctx.denials.flush();
    const events = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.denied').orderBy('seq', 'desc').limit(1).execute();
    expect((await count()) - before).toBeLessThanOrEqual(2);
    expect(events[0]!.details).toMatchObject({ reason: 'unknown_token', count: 300 });
  });

  it('records a wrong secret for a real token in that workspace’s audit trail', async () => {
    const forged = generateToken('tsr', 'project').token;
    const payload = tok.secret.slice(0, 13) + forged.slice(13, 45);
    const { checksum } = await import('./token-format.js');
    await validate(payload + checksum(payload));
    await t.ctx.denials.flush();
    const r = await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=auth.denied&target=${tok.id}`, { token: owner.token });
    expect(r.body.items[0]).toMatchObject({ action: 'auth.denied', target: { id: tok.id }, details: { reason: 'secret_mismatch', count: 1 } });
  });
});
