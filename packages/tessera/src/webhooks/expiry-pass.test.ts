import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createExpiryPass } from './expiry-pass.js';

const DAY = 86_400_000;

describe('the expiry pass', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_WEBHOOK_WORKER: 'false' });
    owner = await t.bootstrap();
    expect((await t.request('POST', `/v1/workspaces/${owner.slug}/webhooks`, { token: owner.token, body: { url: 'https://hooks.example.com/x', event_types: ['token.expiring', 'token.expired'] } })).status).toBe(201);
  });
  afterAll(() => t?.close());

  const events = async () => (await t.ctx.db.selectFrom('webhook_events').select(['type', 'payload']).orderBy('seq').execute()).map((e) => ({ type: e.type, ...JSON.parse(e.payload).data }));

  it('emits token.expiring at 7 days and 1 day (once each) and token.expired, with an injected clock', async () => {
    const at = (days: number) => new Date(t.clock.nowMs() + days * DAY).toISOString();
    const tenDays = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'], expires_at: at(10) });
    const halfDay = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'], expires_at: at(0.5) });
    const revoked = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'], expires_at: at(3) });
    await t.request('DELETE', `/v1/tokens/${revoked.id}`, { token: owner.token });
    const pass = t.ctx.expiryPass;
    const seen = async () => (await events()).map((e) => [e.type, e.subject.id, e.threshold ?? null]);

    expect(await pass.runOnce()).toBe(1);
    expect(await seen()).toEqual([['token.expiring', halfDay.id, '1d']]);
    expect(await pass.runOnce()).toBe(0); // once per threshold

    t.clock.advance(3.5 * DAY); // tenDays: 6.5 days left; halfDay expired
    expect(await pass.runOnce()).toBe(2);
    expect((await seen()).slice(1)).toEqual(expect.arrayContaining([['token.expiring', tenDays.id, '7d'], ['token.expired', halfDay.id, null]]));
    expect(await pass.runOnce()).toBe(0);

    t.clock.advance(5.75 * DAY); // 0.75 days left
    expect(await pass.runOnce()).toBe(1);
    t.clock.advance(1 * DAY);
    expect(await pass.runOnce()).toBe(1);
    const mine = (await seen()).filter(([, id]) => id === tenDays.id);
    expect(mine).toEqual([['token.expiring', tenDays.id, '7d'], ['token.expiring', tenDays.id, '1d'], ['token.expired', tenDays.id, null]]);
    expect((await seen()).some(([, id]) => id === revoked.id)).toBe(false);
    const expiring = (await events()).find((e) => e.type === 'token.expiring' && e.subject.id === tenDays.id);
    expect(expiring).toMatchObject({ workspace_id: owner.workspaceId, token: { kind: 'workspace', expires_at: expect.any(String) }, threshold: '7d' });
  });

  it('runs on one node at a time: a second pass is refused while the first holds the lease', async () => {
    const other = createExpiryPass({ db: t.ctx.db, clock: t.clock });
    // The app's pass took the lease in the test above; it runs for a minute from its last pass.
    await t.ctx.expiryPass.runOnce();
    expect(await other.runOnce()).toBeNull();
    expect(await t.ctx.expiryPass.runOnce()).not.toBeNull(); // the holder renews it
    t.clock.advance(61_000);
    expect(await other.runOnce()).not.toBeNull();
    expect(await t.ctx.expiryPass.runOnce()).toBeNull();
  });

  it('the token list filter: GET tokens?expiring_before (the CLI\'s --expiring 7d)', async () => {
    const soon = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'], expires_at: new Date(t.clock.nowMs() + 2 * DAY).toISOString() });
    const before = new Date(t.clock.nowMs() + 7 * DAY).toISOString();
    const r = await t.request('GET', `/v1/workspaces/${owner.slug}/tokens?status=active&expiring_before=${encodeURIComponent(before)}`, { token: owner.token });
    expect(r.status).toBe(200);
    expect(r.body.items.map((x: { id: string }) => x.id)).toContain(soon.id);
  });
});
