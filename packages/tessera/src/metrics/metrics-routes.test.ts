import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const METRICS_TOKEN = 'scrape-me-0123456789abcdef';

/** The value of one sample line, e.g. `tessera_validations_total{result="valid"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no ${series} in:\n${text}`);
  return Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let t: TestApp;
  let secret: string;

  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    secret = (await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] })).secret;
  });
  afterAll(() => t?.close());

  it('without TESSERA_METRICS_TOKEN, answers a direct loopback request in Prometheus text format', async () => {
    await expect.poll(() => t.ctx.cache.pendingCount).toBe(0); // PostgreSQL: the token's creation has come back from the listener
    await t.request('POST', '/v1/auth/validate', { body: { token: secret } });
    await t.request('POST', '/v1/auth/validate', { body: { token: secret } });
    await t.request('POST', '/v1/auth/validate', { body: { token: 'tsrw_nope' } });
    const r = await t.request('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = r.body as string;
    expect(sample(text, 'tessera_validations_total{result="valid"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'tessera_validations_total{result="malformed"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tessera_token_cache_lookups_total{result="hit"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tessera_token_cache_lookups_total{result="miss"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tessera_token_cache_entries{type="token"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tessera_validation_duration_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'tessera_validation_duration_seconds_bucket{le="+Inf"}')).toBe(sample(text, 'tessera_validation_duration_seconds_count'));
    expect(sample(text, 'tessera_invalidation_listener_state{state="connected"}')).toBe(1);
    expect(sample(text, 'tessera_token_cache_trusted')).toBe(1);
    expect(text).toMatch(new RegExp(`tessera_db_pool_connections\\{state="total",engine="${t.ctx.engine}"\\} \\d+`));
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).not.toContain(secret);
  });

  it('without TESSERA_METRICS_TOKEN, refuses a proxied request (403), even from loopback', async () => {
    const r = await t.request('GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(r.body.error.message).toMatch(/TESSERA_METRICS_TOKEN/);
  });

  it('without TESSERA_METRICS_TOKEN, refuses a request from another machine (403)', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.7' });
    expect(r.statusCode).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('forbidden');
  });

  describe('with TESSERA_METRICS_TOKEN', () => {
    let s: TestApp;
    beforeAll(async () => {
      s = await createTestApp({ TESSERA_METRICS_TOKEN: METRICS_TOKEN });
    });
    afterAll(() => s?.close());

    it('answers 401 without the token, even from loopback', async () => {
      const r = await s.request('GET', '/metrics');
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('unauthenticated');
      expect(r.headers['www-authenticate']).toMatch(/^Bearer realm="tessera"/);
    });

    it('answers 401 to a wrong token, and to an API token', async () => {
      expect((await s.request('GET', '/metrics', { token: `${METRICS_TOKEN}x` })).status).toBe(401);
      expect((await s.request('GET', '/metrics', { token: secret })).status).toBe(401);
    });

    it('answers the right token from anywhere, proxied or not', async () => {
      const r = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.7', headers: { authorization: `Bearer ${METRICS_TOKEN}`, 'x-forwarded-for': '203.0.113.9' } });
      expect(r.statusCode).toBe(200);
      expect(r.body).toMatch(/^tessera_validations_total\{result="valid"\} 0$/m);
    });
  });
});
