import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { startOidcIssuer, type OidcIssuer } from '../test-support/oidc-issuer.js';

const AUDIENCE = 'https://tessera.example.test';
const SECRET = 'SECRET-UPSTREAM-DETAIL';

/**
 * Issue 11, defects 7 and 9, through the public exchange: an anonymous caller must not be able to
 * point the server at internal hosts, read what they answer, or fill the log. The app allows plain
 * http on loopback and allow-lists 127.0.0.1 (as the other OIDC tests do); `localhost` is not listed.
 */
describe('OIDC exchange: outbound fetches are guarded', () => {
  let t: TestApp;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let owner: { token: string; slug: string };
  const issuers: OidcIssuer[] = [];
  const ctxLog: Array<Record<string, unknown>> = [];
  const appLog: Array<Record<string, unknown>> = [];

  const exchange = async (token: string) => {
    const r = await app.inject({ method: 'POST', url: '/v1/oidc/exchange', payload: { token } });
    return { status: r.statusCode, body: JSON.parse(r.body) as { error: { code: string; message: string; reason?: string } & Record<string, unknown> } };
  };
  const issuerWithPolicy = async (host?: string) => {
    const issuer = await startOidcIssuer({ audience: AUDIENCE, ...(host ? { host } : {}) });
    issuers.push(issuer);
    const r = await t.request('POST', `/v1/workspaces/${owner.slug}/projects/web/trust-policies`, { token: owner.token, body: { name: `p${issuers.length}`, provider: 'generic', issuer: issuer.url, conditions: { subject: 'repo:*' } } });
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return issuer;
  };

  beforeAll(async () => {
    const push = (to: typeof ctxLog, level: string) => (obj: unknown, msg?: string) => to.push({ level, ...(obj as object), msg });
    t = await createTestApp({ TESSERA_PUBLIC_URL: AUDIENCE, TESSERA_OIDC_ALLOW_INSECURE_ISSUERS: 'true', TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' }, { logger: { error: push(ctxLog, 'error'), warn: push(ctxLog, 'warn') } as never });
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) appLog.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await buildApp(t.ctx, { logger: { level: 'info', stream } });
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    for (const i of issuers) await i.close();
  });

  it('defect 9: a failing issuer costs one fetch per retry window, answers 502 with a stable reason, and logs one warn line without a stack', async () => {
    const issuer = await issuerWithPolicy();
    issuer.misbehave((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`${SECRET}\n    at handler (/srv/issuer.js:1:1)`);
      return true;
    });
    ctxLog.length = 0;
    appLog.length = 0;
    const answers = await Promise.all(Array.from({ length: 10 }, async () => exchange(await issuer.github())));
    for (let i = 0; i < 10; i++) answers.push(await exchange(await issuer.github()));
    expect(answers.map((a) => `${a.status} ${a.body.error.code}`)).toEqual(Array(20).fill('502 oidc_issuer_unavailable'));
    expect(issuer.fetches.discovery).toBe(1);
    const all = JSON.stringify([...ctxLog, ...appLog]);
    expect(all).not.toContain('stack');
    expect(all).not.toContain('    at ');
    expect(all).not.toContain('SECRET');
    expect(appLog.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(ctxLog).toEqual([{ level: 'warn', issuer_host: new URL(issuer.url).host, document: 'discovery', reason: 'bad_status', status: 500, msg: 'OIDC issuer fetch failed' }]);
    for (const a of answers) expect(a.body.error).toMatchObject({ reason: 'issuer_unavailable', issuer: issuer.url, document: 'discovery', failure: 'bad_status', status: 500 });
    expect(JSON.stringify(answers)).not.toContain('SECRET');
  });

  it('defect 7: an issuer that resolves to loopback is not fetched unless allow-listed', async () => {
    const issuer = await issuerWithPolicy('localhost'); // a name: accepted by the policy, checked when fetched
    const r = await exchange(await issuer.github());
    expect([r.status, r.body.error.code, r.body.error.failure]).toEqual([502, 'oidc_issuer_unavailable', 'forbidden_address']);
    expect(r.body.error.message).toContain('TESSERA_OUTBOUND_ALLOWED_HOSTS');
    expect(issuer.fetches).toEqual({ discovery: 0, jwks: 0 });
  });

  it("defect 7: a discovery document's jwks_uri cannot send the server to a second host", async () => {
    const internal = await startOidcIssuer({ audience: AUDIENCE, host: 'localhost' });
    issuers.push(internal);
    const issuer = await issuerWithPolicy();
    issuer.misbehave((req, res, normal) => {
      if (req.url !== '/.well-known/openid-configuration') return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...normal.discovery, jwks_uri: `${internal.url}/.well-known/jwks` }));
      return true;
    });
    const r = await exchange(await issuer.github());
    expect([r.status, r.body.error.code, r.body.error.failure]).toEqual([502, 'oidc_issuer_unavailable', 'jwks_uri_not_allowed']);
    expect(internal.fetches).toEqual({ discovery: 0, jwks: 0 });
  });

  it('defect 7: error messages never carry what the issuer sent', async () => {
    const cases: Array<[string, (normal: Record<string, unknown>) => [number, string]]> = [
      ['not JSON', () => [200, `${SECRET} <html>`]],
      ['another issuer', (normal) => [200, JSON.stringify({ ...normal, issuer: `https://${SECRET}.example.com` })]],
      ['a JWKS that is not one', (normal) => [200, JSON.stringify({ ...normal, jwks_uri: `${String(normal.issuer)}/keys` })]],
    ];
    for (const [what, answer] of cases) {
      const issuer = await issuerWithPolicy();
      issuer.misbehave((req, res, normal) => {
        if (req.url === '/keys') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: SECRET }));
          return true;
        }
        if (req.url !== '/.well-known/openid-configuration') return false;
        const [status, body] = answer(normal.discovery);
        res.writeHead(status, { 'content-type': 'application/json' }).end(body);
        return true;
      });
      const r = await exchange(await issuer.github());
      expect({ what, status: r.status, code: r.body.error.code }).toEqual({ what, status: 502, code: 'oidc_issuer_unavailable' });
      expect({ what, body: JSON.stringify(r.body) }).not.toEqual({ what, body: expect.stringContaining('SECRET') });
    }
  });
});
