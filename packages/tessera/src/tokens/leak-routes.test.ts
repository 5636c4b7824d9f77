import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** GitHub's side: a key pair we generate, its public key served on loopback like api.github.com/meta/public_keys/secret_scanning. */
function githubKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
const github = githubKeyPair();
const forger = githubKeyPair();
const signed = (body: string, key = github.privateKey) => sign('sha256', Buffer.from(body), { key, dsaEncoding: 'der' }).toString('base64');

describe('leaked-token response: GitHub secret scanning and report-leak', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  let keyFetches = 0;
  let keysServer: ReturnType<typeof createServer>;
  beforeAll(async () => {
    keysServer = createServer((_req, res) => {
      keyFetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ public_keys: [{ key_identifier: 'key-1', key: github.pem, is_current: true }] }));
    });
    await new Promise<void>((r) => keysServer.listen(0, '127.0.0.1', r));
    const port = (keysServer.address() as AddressInfo).port;
    t = await createTestApp({
      TESSERA_GITHUB_SCANNING_KEYS_URL: `http://127.0.0.1:${port}/meta/public_keys/secret_scanning`, TESSERA_GITHUB_SCANNING_ALLOW_INSECURE: 'true',
      TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', TESSERA_WEBHOOK_WORKER: 'false',
    });
    owner = await t.bootstrap();
    // An endpoint, so the outbox records the events (never delivered here: no worker runs).
    expect((await t.request('POST', `/v1/workspaces/${owner.slug}/webhooks`, { token: owner.token, body: { url: 'https://hooks.example.com/x' } })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => keysServer.close(r));
  });

  const post = (body: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/v1/secret-scanning/github', payload: body, headers: { 'content-type': 'application/json', ...headers } });
  const scan = (body: string, keyId = 'key-1', key = github.privateKey) => post(body, { 'github-public-key-identifier': keyId, 'github-public-key-signature': signed(body, key) });
  const valid = async (secret: string) => (await t.request('POST', '/v1/auth/validate', { body: { token: secret } })).body.valid as boolean;
  const outbox = async (type: string) => (await t.ctx.db.selectFrom('webhook_events').select('payload').where('type', '=', type).execute()).map((e) => JSON.parse(e.payload));

  it('revokes a reported live token, audits the url and source, emits token.leaked, and answers the feedback list', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    expect(await valid(tok.secret)).toBe(true);
    const notOurs = 'tsrw_' + 'A'.repeat(46);
    const body = JSON.stringify([
      { token: tok.secret, type: 'tessera_workspace_token', url: 'https://github.com/acme/web/blob/abc/.env', source: 'content' },
      { token: notOurs, type: 'tessera_workspace_token', url: 'https://github.com/x/y', source: 'commit' },
    ]);
    const r = await scan(body);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual([
      { token_hash: createHash('sha256').update(tok.secret).digest('hex'), token_type: 'tessera_workspace_token', label: 'true_positive' },
      { token_hash: createHash('sha256').update(notOurs).digest('hex'), token_type: 'tessera_workspace_token', label: 'false_positive' },
    ]);
    expect(await valid(tok.secret)).toBe(false);
    const events = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_label', 'details']).where('target_id', '=', tok.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['token.created', 'token.revoked', 'token.leak_reported']);
    expect(events[2]).toMatchObject({ actor_label: 'github_secret_scanning', details: { url: 'https://github.com/acme/web/blob/abc/.env', source: 'content', response: 'revoked' } });
    const leaked = (await outbox('token.leaked')).find((p) => p.data.subject.id === tok.id);
    expect(leaked.data).toMatchObject({ workspace_id: owner.workspaceId, url: 'https://github.com/acme/web/blob/abc/.env', source: 'content', response: 'revoked' });
    expect(JSON.stringify(leaked)).not.toContain(tok.secret);
    expect((await outbox('token.revoked')).some((p) => p.data.subject.id === tok.id && p.data.details.reason === 'leaked')).toBe(true);
  });

  it('only flags where the workspace says so: the token keeps working, the report is audited and emitted', async () => {
    expect((await t.request('PATCH', `/v1/workspaces/${owner.slug}`, { token: owner.token, body: { leak_response: 'flag' } })).body.leak_response).toBe('flag');
    try {
      const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
      const r = await scan(JSON.stringify([{ token: tok.secret, type: 't', url: 'https://gist.github.com/1', source: 'gist' }]));
      expect(r.json()[0].label).toBe('true_positive');
      expect(await valid(tok.secret)).toBe(true);
      const row = await t.ctx.db.selectFrom('api_tokens').select(['leaked_at', 'revoked_at']).where('id', '=', tok.id).executeTakeFirstOrThrow();
      expect(row.leaked_at).not.toBeNull();
      expect(row.revoked_at).toBeNull();
      expect((await outbox('token.leaked')).find((p) => p.data.subject.id === tok.id).data.response).toBe('flagged');
    } finally {
      await t.request('PATCH', `/v1/workspaces/${owner.slug}`, { token: owner.token, body: { leak_response: 'revoke' } });
    }
  });

  it('a forged or missing signature is 401 invalid_signature and revokes nothing', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const body = JSON.stringify([{ token: tok.secret, type: 't', url: 'u', source: 's' }]);
    for (const r of [
      await scan(body, 'key-1', forger.privateKey),
      await post(body, { 'github-public-key-identifier': 'key-1' }),
      await post(body, { 'github-public-key-signature': signed(body) }),
      await post(body, { 'github-public-key-identifier': 'key-1', 'github-public-key-signature': 'not base64 at all!' }),
      // Signed over another body.
      await post(body, { 'github-public-key-identifier': 'key-1', 'github-public-key-signature': signed(body + ' ') }),
    ]) {
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('invalid_signature');
    }
    expect(await valid(tok.secret)).toBe(true);
    const audited = await t.ctx.db.selectFrom('audit_events').select('action').where('target_id', '=', tok.id).execute();
    expect(audited.map((a) => a.action)).toEqual(['token.created']);
  });

  it('fetches the keys once and caches them; unknown key ids refetch at most once per cooldown', async () => {
    const before = keyFetches;
    const body = JSON.stringify([{ token: 'nothing', type: 't' }]);
    for (let i = 0; i < 5; i++) expect((await scan(body)).statusCode).toBe(200);
    expect(keyFetches).toBe(before); // known key: no fetch
    const unknown = await Promise.all(Array.from({ length: 20 }, (_, i) => scan(body, `unknown-${i}`)));
    expect(unknown.every((r) => r.statusCode === 401)).toBe(true);
    expect(keyFetches - before).toBeLessThanOrEqual(1);
    t.clock.advance(61_000);
    await scan(body, 'unknown-again');
    expect(keyFetches - before).toBeLessThanOrEqual(2);
  });

  it('refuses what would cost much before looking at it: a large body, too many matches, not JSON', async () => {
    const big = JSON.stringify([{ token: 'x'.repeat(100), type: 't', url: 'u'.repeat(70_000) }]);
    expect((await scan(big)).statusCode).toBe(413);
    const many = JSON.stringify(Array.from({ length: 101 }, () => ({ token: 'x', type: 't' })));
    const r = await scan(many);
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'invalid_request']);
    expect((await scan('{"not":"an array"}')).json().error.code).toBe('invalid_request');
    expect((await scan('not json')).json().error.code).toBe('malformed_json');
    const text = await t.app.inject({ method: 'POST', url: '/v1/secret-scanning/github', payload: '[]', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
  });

  it('report-leak: the token is the proof; the answer is the same for anything', async () => {
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const r = await t.request('POST', '/v1/tokens/report-leak', { body: { token: tok.secret, url: 'https://pastebin.example/1', source: 'paste' } });
    expect([r.status, r.body]).toEqual([202, { received: true }]);
    expect(await valid(tok.secret)).toBe(false);
    const e = await t.ctx.db.selectFrom('audit_events').select(['details', 'actor_label']).where('target_id', '=', tok.id).where('action', '=', 'token.leak_reported').executeTakeFirstOrThrow();
    expect(e).toMatchObject({ actor_label: 'report_leak', details: { url: 'https://pastebin.example/1', source: 'paste', response: 'revoked' } });
    const nothing = await t.request('POST', '/v1/tokens/report-leak', { body: { token: 'tsrw_' + 'B'.repeat(46) } });
    expect([nothing.status, nothing.body]).toEqual([202, { received: true }]);
    expect((await t.request('POST', '/v1/tokens/report-leak', { body: {} })).body.error.code).toBe('invalid_request');
    expect((await t.request('POST', '/v1/tokens/report-leak', { body: { token: 'x', extra: 1 } })).body.error.code).toBe('invalid_request');
  });
});
