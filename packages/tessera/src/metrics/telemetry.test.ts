import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { startOidcIssuer, type OidcIssuer } from '../test-support/oidc-issuer.js';
import { postUpload, uploadFixture } from '../test-support/upload-requests.js';

const AUDIENCE = 'https://tessera.example.test';

/** The value of one sample line, or 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('telemetry: HTTP metrics, business counters, request ids and trace context', () => {
  let t: TestApp;
  let gh: OidcIssuer;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  const scrape = async () => (await t.request('GET', '/metrics')).body as string;

  beforeAll(async () => {
    gh = await startOidcIssuer({ audience: AUDIENCE });
    t = await createTestApp({ TESSERA_PUBLIC_URL: AUDIENCE, TESSERA_OIDC_ALLOW_INSECURE_ISSUERS: 'true', TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
  });
  afterAll(async () => {
    await t?.close();
    await gh?.close();
  });

  it('counts requests by route pattern (never the raw URL), method and status class, and times them', async () => {
    const before = await scrape();
    const id = 'tok_0123456789abcdefghijklmn';
    await t.request('GET', `/v1/tokens/${id}`); // no credentials: 401
    await t.request('GET', `/v1/tokens/${id}`, { token: owner.token }); // 404
    await t.request('GET', '/v1/me', { token: owner.token }); // 200
    await t.request('GET', '/no/route/matches/this-secret-looking-path', { headers: { accept: 'application/json' } });
    await t.request('PROPFIND', '/v1/me');
    const text = await scrape();
    const series = (labels: string) => sample(text, `tessera_http_requests_total{${labels}}`) - sample(before, `tessera_http_requests_total{${labels}}`);
    expect(series('method="GET",route="/v1/tokens/:id",status_class="4xx"')).toBe(2);
    expect(series('method="GET",route="/v1/me",status_class="2xx"')).toBe(1);
    expect(text).not.toContain(id);
    expect(text).not.toContain('this-secret-looking-path');
    expect(text).toMatch(/^tessera_http_requests_total\{method="GET",route="(unmatched|\/\*)",status_class="\dxx"\} [1-9]/m);
    expect(text).toMatch(/^tessera_http_requests_total\{method="OTHER",route="unmatched",status_class="4xx"\} 1$/m);
    // The histogram: buckets are cumulative, +Inf equals the count.
    const h = 'tessera_http_request_duration_seconds';
    const labels = 'method="GET",route="/v1/me",status_class="2xx"';
    expect(sample(text, `${h}_bucket{${labels},le="+Inf"}`)).toBe(sample(text, `${h}_count{${labels}}`));
    expect(sample(text, `${h}_count{${labels}}`)).toBeGreaterThanOrEqual(1);
    expect(sample(text, `${h}_sum{${labels}}`)).toBeGreaterThan(0);
    expect(sample(text, `${h}_bucket{${labels},le="10"}`)).toBeGreaterThanOrEqual(sample(text, `${h}_bucket{${labels},le="0.0005"}`));
  });

  it('counts tokens created, rotated and revoked (one and in bulk) by kind, after their transaction commits', async () => {
    const before = await scrape();
    const delta = (text: string, s: string) => sample(text, s) - sample(before, s);
    const a = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const b = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    expect((await t.request('POST', `/v1/tokens/${a.id}/rotate`, { token: owner.token, body: {} })).status).toBe(201);
    expect((await t.request('DELETE', `/v1/tokens/${b.id}`, { token: owner.token })).status).toBe(204);
    expect((await t.request('DELETE', `/v1/tokens/${b.id}`, { token: owner.token })).status).toBe(204); // idempotent: not counted twice
    // Refused before commit: a name that is too long creates nothing and counts nothing.
    expect((await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'x'.repeat(500), scopes: ['read'] } })).status).toBe(400);
    const bulk = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens/revoke`, { token: owner.token, body: { project: 'web' } });
    expect(bulk.status, JSON.stringify(bulk.body)).toBeLessThan(300);
    const text = await scrape();
    expect(delta(text, 'tessera_tokens_created_total{kind="workspace"}')).toBe(1);
    expect(delta(text, 'tessera_tokens_created_total{kind="project"}')).toBe(2);
    expect(delta(text, 'tessera_tokens_rotated_total{kind="workspace"}')).toBe(1);
    expect(delta(text, 'tessera_tokens_revoked_total{kind="project"}')).toBe(2);
    expect(text).toMatch(/^tessera_tokens_revoked_total\{kind="ci"\} 0$/m); // every kind has a series from the start
  });

  it('counts OIDC exchanges by result (a success also counts a ci token created) and uploads by result', async () => {
    const created = await t.request('POST', `/v1/workspaces/${owner.slug}/projects/web/trust-policies`, { token: owner.token, body: { name: 'web CI', provider: 'github', issuer: gh.url, conditions: { repository: 'acme/web' } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const before = await scrape();
    const delta = (text: string, s: string) => sample(text, s) - sample(before, s);
    const idToken = await gh.github();
    const ok = await t.request('POST', '/v1/oidc/exchange', { body: { token: idToken } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await t.request('POST', '/v1/oidc/exchange', { body: { token: idToken } })).body.error.code).toBe('oidc_token_replayed');
    expect((await t.request('POST', '/v1/oidc/exchange', { body: { token: 'not.a.jwt' } })).status).toBeGreaterThanOrEqual(400);

    const project = `${owner.slug}/web`;
    expect((await postUpload(t, { project, token: ok.body.token, body: uploadFixture('coverage.lcov') })).status).toBe(201);
    expect((await postUpload(t, { project, token: ok.body.token, body: 'what is this?' })).status).toBe(400);
    expect((await postUpload(t, { project, token: ok.body.token, body: 'garbage', query: { kind: 'coverage', format: 'lcov' } })).status).toBe(201);
    // Tokenless: the ID token itself as the upload's credential.
    expect((await postUpload(t, { project, token: await gh.github(), body: uploadFixture('junit.xml') })).status).toBe(201);

    const text = await scrape();
    expect(delta(text, 'tessera_oidc_exchanges_total{result="success",via="exchange"}')).toBe(1);
    expect(delta(text, 'tessera_oidc_exchanges_total{result="success",via="upload"}')).toBe(1);
    expect(delta(text, 'tessera_oidc_exchanges_total{result="replayed",via="exchange"}')).toBe(1);
    expect(text).toMatch(/^tessera_oidc_exchanges_total\{result="malformed",via="exchange"\} 1$/m);
    expect(delta(text, 'tessera_tokens_created_total{kind="ci"}')).toBe(2);
    expect(delta(text, 'tessera_uploads_total{result="parsed"}')).toBe(2);
    expect(delta(text, 'tessera_uploads_total{result="unparsable"}')).toBe(1);
    expect(text).toMatch(/^tessera_uploads_total\{result="undetected"\} 1$/m);
  });

  it('returns a fresh request id in x-request-id, the one in the error body, and ignores an incoming one when the proxy is not trusted', async () => {
    const r = await t.request('GET', '/v1/me', { headers: { 'x-request-id': 'from-the-client-123' } });
    expect(r.status).toBe(401);
    expect(r.headers['x-request-id']).toMatch(/^req_[0-9a-f]{12}[0-9a-z]+$/);
    expect(r.body.error.request_id).toBe(r.headers['x-request-id']);
    const ok = await t.request('GET', '/healthz');
    expect(ok.headers['x-request-id']).toMatch(/^req_/);
    expect(ok.headers['x-request-id']).not.toBe(r.headers['x-request-id']);
  });

  it('behind a trusted proxy, keeps a well-formed incoming x-request-id and replaces a malformed one', async () => {
    const s = await createTestApp({ TESSERA_TRUST_PROXY: 'true' });
    try {
      const kept = await s.request('GET', '/v1/me', { headers: { 'x-request-id': 'nginx-7f3a9c.42:1' } });
      expect(kept.headers['x-request-id']).toBe('nginx-7f3a9c.42:1');
      expect(kept.body.error.request_id).toBe('nginx-7f3a9c.42:1');
      for (const bad of ['', 'has space', 'a"b', '-leading-dash', 'x'.repeat(129), 'line\\nbreak']) {
        const r = await s.request('GET', '/healthz', { headers: { 'x-request-id': bad } });
        expect(r.headers['x-request-id'], bad).toMatch(/^req_/);
      }
    } finally {
      await s.close();
    }
  });

  it('answers a well-formed traceparent with a traceresponse of the same trace id and flags, and ignores a malformed one', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const r = await t.request('GET', '/healthz', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(String(r.headers.traceresponse));
    expect(m?.[1]).toBe(traceId);
    expect(m?.[2]).not.toBe('00f067aa0ba902b7'); // this server's own span id
    expect(m?.[3]).toBe('01');
    expect((await t.request('GET', '/healthz')).headers.traceresponse).toBeUndefined();
    expect((await t.request('GET', '/healthz', { headers: { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` } })).headers.traceresponse).toBeUndefined();
  });
});
