import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { startReceiver } from '../test-support/webhook-receiver.js';
import { claimDue } from './webhook-repository.js';
import { createDenialRecorder } from '../audit/denial-recorder.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, retryAfterMs, retryDelayMs } from './delivery-worker.js';

const ENV = { TESSERA_WEBHOOK_WORKER: 'false', TESSERA_WEBHOOK_ALLOW_INSECURE: 'true', TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' };
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('webhook endpoints and signed deliveries', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  let n = 0;
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    t = await createTestApp(ENV);
    owner = await t.bootstrap();
  });
  afterEach(async () => {
    // Each test's endpoints go (their deliveries with them): the next test's worker passes see only its own.
    await t.ctx.db.deleteFrom('webhook_endpoints').execute();
    for (const r of receivers.splice(0)) await r.close();
  });
  afterAll(() => t?.close());

  /** A new workspace of the owner (its own endpoints and events), a receiver, and an endpoint pointing at it. */
  async function setup(body: Record<string, unknown> = {}) {
    const slug = `hooks-${++n}`;
    const ws = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: `Hooks ${n}`, slug } });
    expect(ws.status).toBe(201);
    const rx = await startReceiver();
    receivers.push(rx);
    const ep = await t.request('POST', `/v1/workspaces/${slug}/webhooks`, { token: owner.token, body: { url: rx.url, ...body } });
    expect(ep.status, JSON.stringify(ep.body)).toBe(201);
    rx.trust(ep.body.secret);
    return { slug, workspaceId: ws.body.id as string, rx, endpoint: ep.body as { id: string; secret: string } };
  }
  const run = () => t.ctx.webhookWorker.runOnce();
  const deliveries = async (id: string) => (await t.request('GET', `/v1/webhooks/${id}/deliveries`, { token: owner.token })).body.items;

  it('creates an endpoint whose secret is shown once, stored sealed, and audited', async () => {
    const { slug, endpoint } = await setup({ description: 'ci alerts', event_types: ['token.created', 'token.revoked'] });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(endpoint).toMatchObject({ status: 'enabled', description: 'ci alerts', event_types: ['token.created', 'token.revoked'], previous_secret_expires_at: null });
    const list = await t.request('GET', `/v1/workspaces/${slug}/webhooks`, { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).not.toHaveProperty('secret');
    expect(JSON.stringify(list.body)).not.toContain(endpoint.secret);
    const one = await t.request('GET', `/v1/webhooks/${endpoint.id}`, { token: owner.token });
    expect(one.body).not.toHaveProperty('secret');
    const row = await t.ctx.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpoint.id).executeTakeFirstOrThrow();
    const raw = Buffer.from(row.secret_sealed);
    expect(raw.toString('utf8')).not.toContain(endpoint.secret.slice(6));
    expect(raw.toString('base64')).not.toContain(endpoint.secret.slice(6));
    expect(t.ctx.keyring.open('webhook-secret', row.secret_pepper_id, raw)).toBe(endpoint.secret);
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('target_id', '=', endpoint.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.created']);
    expect(JSON.stringify(audit)).not.toContain(endpoint.secret);
  });

  it('who may manage endpoints: admins and owners; no credentials, other tenants, lower roles and narrower tokens are refused; bad input is 4xx', async () => {
    const { slug, workspaceId, endpoint, rx } = await setup();
    const admin = await t.addMember(workspaceId, 'admin');
    const member = await t.addMember(workspaceId, 'member');
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Stranger', slug: `stranger-${n}` } });
    const stranger = await t.addMember(other.body.id, 'owner');
    const path = `/v1/workspaces/${slug}/webhooks`;
    const body = { url: rx.url };

    expect((await t.request('POST', path, { body })).status).toBe(401);
    expect((await t.request('GET', path)).status).toBe(401);
    expect((await t.request('POST', path, { token: stranger.token, body })).status).toBe(404);
    expect((await t.request('GET', `/v1/webhooks/${endpoint.id}`, { token: stranger.token })).status).toBe(404);
    expect((await t.request('DELETE', `/v1/webhooks/${endpoint.id}`, { token: stranger.token })).status).toBe(404);
    expect((await t.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { token: stranger.token, body: {} })).status).toBe(404);
    expect((await t.request('POST', path, { token: member.token, body })).body.error.code).toBe('forbidden');
    expect((await t.request('GET', path, { token: member.token })).body.error.code).toBe('forbidden');
    expect((await t.request('GET', `/v1/webhooks/${endpoint.id}/deliveries`, { token: member.token })).body.error.code).toBe('forbidden');
    const readOnly = await t.request('POST', '/v1/me/tokens', { token: owner.token, body: { name: `ro ${n}`, scopes: ['read'] } });
    expect((await t.request('POST', path, { token: readOnly.body.secret, body })).body.error.code).toBe('insufficient_scope');
    expect((await t.request('PATCH', `/v1/webhooks/${endpoint.id}`, { token: readOnly.body.secret, body: { description: 'x' } })).body.error.code).toBe('insufficient_scope');
    // An admin may; a workspace token (acting as admin, with the admin scope) may too.
    const byAdmin = await t.request('POST', path, { token: admin.token, body });
    expect(byAdmin.status).toBe(201);
    const wsToken = await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read', 'admin'] });
    expect((await t.request('GET', path, { token: wsToken.secret })).status).toBe(200);
    expect((await t.request('DELETE', `/v1/webhooks/${byAdmin.body.id}`, { token: admin.token })).status).toBe(204);
    expect((await t.request('GET', `/v1/webhooks/${byAdmin.body.id}`, { token: admin.token })).status).toBe(404);

    const bad = async (b: unknown) => (await t.request('POST', path, { token: owner.token, body: b })).body.error.code;
    expect(await bad({ url: 'https://hooks.example.com/x', event_types: ['token.nope'] })).toBe('invalid_request');
    expect(await bad({ url: 'https://hooks.example.com/x', extra: 1 })).toBe('invalid_request');
    expect(await bad({ url: 'not a url' })).toBe('invalid_request');
    expect(await bad({})).toBe('invalid_request');
    expect(await bad({ url: 'http://hooks.example.com/x' })).toBe('webhook_url_not_allowed');
    expect(await bad({ url: 'https://user:pw@hooks.example.com/x' })).toBe('webhook_url_not_allowed');
    expect(await bad({ url: 'https://10.0.0.8/x' })).toBe('webhook_url_not_allowed');
    expect(await bad({ url: 'https://169.254.169.254/latest' })).toBe('webhook_url_not_allowed');
    expect((await t.request('PATCH', `/v1/webhooks/${endpoint.id}`, { token: owner.token, body: {} })).body.error.code).toBe('invalid_request');
    expect((await t.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { token: owner.token, body: { overlap_seconds: -1 } })).body.error.code).toBe('invalid_request');
    expect((await t.request('GET', '/v1/webhooks/not-an-id', { token: owner.token })).body.error.code).toBe('invalid_request');
    expect((await t.request('POST', `/v1/webhooks/${endpoint.id}/deliveries/msg_0000000000000000/redeliver`, { token: owner.token })).status).toBe(404);
  });

  it('delivers token.created, signed per Standard Webhooks (verified by the standardwebhooks package), with no secret in the payload', async () => {
    const { slug, workspaceId, rx, endpoint } = await setup();
    const tok = await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    // The event is in the outbox (committed with the token), not yet sent.
    const queued = await t.ctx.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpoint.id).execute();
    expect(queued).toHaveLength(1);
    expect(rx.received).toHaveLength(0);
    expect(await run()).toBe(1);
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0]!;
    expect(got.id).toMatch(/^msg_[0-9A-Za-z]{16}$/);
    expect(got.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(got.timestamp) - t.clock.nowMs() / 1000)).toBeLessThan(5);
    expect(got.signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(got.verified).toMatchObject({ type: 'token.created', data: { workspace_id: workspaceId, subject: { type: 'token', id: tok.id }, actor: { type: 'user', id: owner.userId }, details: { kind: 'workspace', scopes: ['read'] } } });
    expect(got.body).not.toContain(tok.secret);
    expect(got.body).not.toContain(tok.secret.slice(-20));
    // A receiver with another secret refuses it.
    expect(() => new Webhook('whsec_' + Buffer.alloc(24, 1).toString('base64')).verify(got.body, { 'webhook-id': got.id, 'webhook-timestamp': got.timestamp, 'webhook-signature': got.signature })).toThrow();
    const [d] = await deliveries(endpoint.id);
    expect(d).toMatchObject({ event_id: got.id, type: 'token.created', status: 'delivered', attempts: 1, last_status: 204, next_attempt_at: null });
    expect(d.attempt_log).toEqual([{ attempted_at: expect.any(String), status_code: 204, duration_ms: expect.any(Number), error: null, response_excerpt: '' }]);
    expect(await run()).toBe(0); // delivered once
  });

  it('writes the outbox row in the change\'s transaction: a change that fails leaves no event', async () => {
    const { slug, endpoint } = await setup();
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'], name: 'dup' });
    const dup = await t.request('POST', `/v1/workspaces/${slug}/tokens`, { token: owner.token, body: { kind: 'workspace', scopes: ['read'], name: 'dup' } });
    expect(dup.body.error.code).toBe('name_taken');
    const rows = await t.ctx.db.selectFrom('webhook_deliveries').innerJoin('webhook_events', 'webhook_events.id', 'webhook_deliveries.event_id').select('type').where('endpoint_id', '=', endpoint.id).execute();
    expect(rows.map((r) => r.type)).toEqual(['token.created']);
  });

  it('emits rotated, revoked, member and trust-policy events, filtered by the endpoint\'s event types', async () => {
    const { slug, workspaceId, rx, endpoint } = await setup();
    const only = await t.request('POST', `/v1/workspaces/${slug}/webhooks`, { token: owner.token, body: { url: rx.url, event_types: ['member.added'] } });
    const tok = await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    const rotated = await t.request('POST', `/v1/tokens/${tok.id}/rotate`, { token: owner.token, body: { grace_period_seconds: 0 } });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(201);
    expect((await t.request('DELETE', `/v1/tokens/${rotated.body.id}`, { token: owner.token })).status).toBe(204);
    const added = await t.request('POST', `/v1/workspaces/${slug}/service-accounts`, { token: owner.token, body: { name: 'bot', role: 'member' } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const botId = added.body.user_id ?? added.body.id;
    expect((await t.request('PATCH', `/v1/workspaces/${slug}/members/${botId}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);
    expect((await t.request('DELETE', `/v1/workspaces/${slug}/members/${botId}`, { token: owner.token })).status).toBe(204);
    const policy = await t.request('POST', `/v1/workspaces/${slug}/trust-policies`, { token: owner.token, body: { name: 'ci', provider: 'github', conditions: { repository: 'acme/web' } } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    while ((await run()) > 0);
    const types = (await deliveries(endpoint.id)).map((d: { type: string }) => d.type).reverse();
    expect(types).toEqual(['token.created', 'token.created', 'token.rotated', 'token.revoked', 'member.added', 'member.role_changed', 'member.removed', 'trust_policy.changed']);
    expect((await deliveries(only.body.id)).map((d: { type: string }) => d.type)).toEqual(['member.added']);
    const policyEvent = rx.received.map((r) => r.verified as any).find((p) => p?.type === 'trust_policy.changed');
    expect(policyEvent.data).toMatchObject({ workspace_id: workspaceId, change: 'created', subject: { type: 'trust_policy', id: policy.body.id } });
    for (const r of rx.received) expect(r.body).not.toContain(rotated.body.secret);
  });

  it('emits oidc.exchange_denied when refused exchanges of the workspace are written to the audit trail (aggregated)', async () => {
    const { workspaceId, rx, endpoint } = await setup({ event_types: ['oidc.exchange_denied'] });
    const denials = createDenialRecorder(t.ctx.db, { windowMs: 60_000, maxKeys: 10, action: 'oidc.exchange.denied', onError: (e) => { throw e; }, clock: t.clock });
    for (let i = 0; i < 3; i++) denials.record({ reason: 'no_matching_policy', ip: '203.0.113.9', workspaceId, details: { code: 'oidc_no_matching_policy', issuer: 'https://token.actions.githubusercontent.com' } });
    denials.record({ reason: 'unknown_issuer', ip: '203.0.113.9', workspaceId: null, details: { code: 'oidc_unknown_issuer' } });
    await denials.stop();
    expect(await run()).toBe(1);
    expect(rx.received[0]!.verified).toMatchObject({ type: 'oidc.exchange_denied', data: { workspace_id: workspaceId, details: { reason: 'no_matching_policy', code: 'oidc_no_matching_policy', count: 3 } } });
    expect((await deliveries(endpoint.id))).toHaveLength(1);
  });

  it('retries with backoff and honours Retry-After; the receiver gets the event once it succeeds, with the same webhook-id', async () => {
    const { slug, rx, endpoint } = await setup();
    rx.answer((_r, count) => (count === 1 ? { status: 500, body: 'boom '.repeat(400) } : count === 2 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    expect(await run()).toBe(1);
    let [d] = await deliveries(endpoint.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status: 500 });
    expect(d.attempt_log[0].response_excerpt).toHaveLength(1024);
    const wait = Date.parse(d.next_attempt_at) - t.clock.nowMs();
    expect(wait).toBeGreaterThan(5000 * 0.8 - 1000);
    expect(wait).toBeLessThanOrEqual(5000 * 1.2);
    expect(await run()).toBe(0); // not due yet
    t.clock.advance(6000);
    expect(await run()).toBe(1);
    [d] = await deliveries(endpoint.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, last_status: 429 });
    const afterRetryAfter = Date.parse(d.next_attempt_at) - t.clock.nowMs();
    expect(afterRetryAfter).toBeGreaterThan(1000);
    expect(afterRetryAfter).toBeLessThanOrEqual(2000);
    t.clock.advance(2000);
    expect(await run()).toBe(1);
    [d] = await deliveries(endpoint.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, last_status: 200 });
    expect(d.attempt_log.map((a: { status_code: number }) => a.status_code)).toEqual([500, 429, 200]);
    expect(new Set(rx.received.map((r) => r.id)).size).toBe(1);
    expect(rx.received.every((r) => r.verified !== null)).toBe(true);
  });

  it('the retry schedule: 5s, 5m, 30m, 2h, 5h, 10h, 10h with ±20% jitter, then failed; Retry-After in seconds or as a date', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(RETRY_DELAYS_SECONDS.map((_, i) => retryDelayMs(i + 1, 0.5))).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(retryDelayMs(1, 0)).toBe(4_000);
    expect(retryDelayMs(1, 0.999999)).toBe(6_000);
    expect(retryDelayMs(8, 0.5)).toBeNull();
    const now = new Date('2030-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 01 Jan 2030 00:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('9999999', now)).toBe(86_400_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it('gives up after the last attempt, and a failed delivery can be sent again by hand (same webhook-id)', async () => {
    const { slug, rx, endpoint } = await setup();
    rx.answer(() => ({ status: 503 }));
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    // Move the delivery's schedule along directly rather than walking the clock through 27 hours.
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await t.ctx.db.updateTable('webhook_deliveries').set({ next_attempt_at: t.clock.now() }).where('endpoint_id', '=', endpoint.id).where('status', '=', 'pending').execute();
      expect(await run()).toBe(1);
    }
    let [d] = await deliveries(endpoint.id);
    expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, next_attempt_at: null });
    expect(await run()).toBe(0);
    rx.answer(() => ({ status: 200 }));
    expect((await t.request('POST', `/v1/webhooks/${endpoint.id}/deliveries/${d.event_id}/redeliver`, { token: owner.token })).status).toBe(202);
    expect(await run()).toBe(1);
    [d] = await deliveries(endpoint.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(new Set(rx.received.map((r) => r.id))).toEqual(new Set([d.event_id]));
    const audited = await t.ctx.db.selectFrom('audit_events').select('action').where('target_id', '=', endpoint.id).where('action', '=', 'webhook.redelivered').execute();
    expect(audited).toHaveLength(1);
  });

  it('410 Gone disables the endpoint; nothing more is sent until it is enabled again', async () => {
    const { slug, rx, endpoint } = await setup();
    rx.answer(() => ({ status: 410 }));
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    expect(await run()).toBe(1);
    const ep = await t.request('GET', `/v1/webhooks/${endpoint.id}`, { token: owner.token });
    expect(ep.body).toMatchObject({ status: 'disabled', disabled_reason: expect.stringContaining('410') });
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'failed', attempts: 1, last_status: 410 });
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    expect(await run()).toBe(0);
    expect(rx.received).toHaveLength(1);
    rx.answer(() => ({ status: 204 }));
    expect((await t.request('PATCH', `/v1/webhooks/${endpoint.id}`, { token: owner.token, body: { enabled: true } })).body.status).toBe('enabled');
    // Events while it was disabled were not queued for it; new ones are.
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    expect(await run()).toBe(1);
    expect(rx.received).toHaveLength(2);
  });

  it('rotating the secret signs with both secrets during the overlap, then with the new one only', async () => {
    const { slug, rx, endpoint } = await setup();
    const rotated = await t.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { token: owner.token, body: { overlap_seconds: 60 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.previous_secret_expires_at) - t.clock.nowMs()).toBeGreaterThan(55_000);
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    expect(await run()).toBe(1);
    const during = rx.received[0]!;
    expect(during.signature.split(' ')).toHaveLength(2);
    const h = { 'webhook-id': during.id, 'webhook-timestamp': during.timestamp, 'webhook-signature': during.signature };
    expect(new Webhook(endpoint.secret).verify(during.body, h)).toMatchObject({ type: 'token.created' });
    expect(new Webhook(rotated.body.secret).verify(during.body, h)).toMatchObject({ type: 'token.created' });

    t.clock.advance(61_000);
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    expect(await run()).toBe(1);
    const after = rx.received[1]!;
    expect(after.signature.split(' ')).toHaveLength(1);
    const h2 = { 'webhook-id': after.id, 'webhook-timestamp': after.timestamp, 'webhook-signature': after.signature };
    expect(() => new Webhook(endpoint.secret).verify(after.body, h2)).toThrow();
    // The receiver's clock is the real one; the app's is 61 s ahead: within the package's 5-minute tolerance.
    expect(new Webhook(rotated.body.secret).verify(after.body, h2)).toMatchObject({ type: 'token.created' });
    expect((await t.request('GET', `/v1/webhooks/${endpoint.id}`, { token: owner.token })).body.previous_secret_expires_at).toBeNull();
  });

  it('a worker that dies holding a delivery loses nothing: the lease runs out and another worker sends it', async () => {
    const { slug, rx, endpoint } = await setup();
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    // A worker claims it (lease 60 s) and is never heard from again.
    const now = t.clock.now();
    const claimed = await claimDue(t.ctx.db, { now, leaseUntil: new Date(now.getTime() + 60_000), holder: 'w_dead', limit: 10 });
    expect(claimed.map((c) => c.endpoint_id)).toEqual([endpoint.id]);
    expect(await run()).toBe(0);
    t.clock.advance(61_000);
    expect(await run()).toBe(1);
    expect(rx.received).toHaveLength(1);
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('goes through the guarded client: a host that resolves to a private address is refused unless allow-listed', async () => {
    const { slug, rx, endpoint } = await setup();
    // localhost is a name (so creation accepts it) that resolves to loopback, which TESSERA_OUTBOUND_ALLOWED_HOSTS does not list.
    expect((await t.request('PATCH', `/v1/webhooks/${endpoint.id}`, { token: owner.token, body: { url: `http://localhost:${rx.port}/hook` } })).status).toBe(200);
    await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
    expect(await run()).toBe(1);
    expect(rx.received).toHaveLength(0);
    const [d] = await deliveries(endpoint.id);
    expect(d).toMatchObject({ status: 'pending', last_error: 'forbidden_address', last_status: null });
  });

  it('the worker running on its own delivers a new event within its poll interval (commit to receipt)', async () => {
    const { slug, rx } = await setup();
    const started = performance.now();
    t.ctx.webhookWorker.start();
    try {
      await t.createToken(owner.token, slug, { kind: 'workspace', scopes: ['read'] });
      const committed = performance.now();
      await expect.poll(() => rx.received.length, { timeout: 5000, interval: 10 }).toBe(1);
      const latency = performance.now() - committed;
      expect(latency).toBeLessThan(5000);
      console.info(`webhook delivery latency, commit to receipt: ${latency.toFixed(0)} ms (poll ${t.ctx.config.webhook_poll_ms} ms; test started ${(committed - started).toFixed(0)} ms after the worker)`);
    } finally {
      await t.ctx.webhookWorker.stop();
    }
  });
});

describe.skipIf(process.env.TESSERA_TEST_DB !== 'postgres')('two nodes on one PostgreSQL', () => {
  it('deliver each event exactly once when their workers race (FOR UPDATE SKIP LOCKED and leases)', async () => {
    const secret = 'a'.repeat(64);
    const a = await createTestApp({ ...ENV, TESSERA_SECRET: secret });
    const b = await createTestApp({ ...ENV, TESSERA_SECRET: secret }, { schema: a.schema! });
    const rx = await startReceiver();
    try {
      const owner = await a.bootstrap();
      const ep = await a.request('POST', `/v1/workspaces/${owner.slug}/webhooks`, { token: owner.token, body: { url: rx.url } });
      rx.trust(ep.body.secret);
      const count = 60;
      for (let i = 0; i < count; i++) await a.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
      // Both workers pass over the queue at the same time until neither finds anything.
      const drain = async (t: TestApp) => {
        let total = 0;
        for (let n = await t.ctx.webhookWorker.runOnce(); n > 0; n = await t.ctx.webhookWorker.runOnce()) total += n;
        return total;
      };
      const [byA, byB] = await Promise.all([drain(a), drain(b)]);
      expect(byA + byB).toBe(count);
      expect(rx.received).toHaveLength(count);
      expect(new Set(rx.received.map((r) => r.id)).size).toBe(count);
      expect(rx.received.every((r) => r.verified !== null)).toBe(true);
      const attempts = await a.ctx.db.selectFrom('webhook_attempts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(attempts.n)).toBe(count);
      console.info(`two racing workers: node A sent ${byA}, node B sent ${byB} of ${count}`);
    } finally {
      await rx.close();
      await b.close();
      await a.close();
    }
  });
});
