import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { generateToken } from '../tokens/token-format.js';

/**
 * Issue 16: denials of unknown or malformed tokens and failed sign-ins were stored with no
 * workspace and shown nowhere. Instance administrators read them at /v1/instance/audit-events.
 */
describe('the instance security log', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());

  it('shows an instance administrator the denials that belong to no workspace, and only those', async () => {
    // An unknown (well-formed) token, and a failed sign-in.
    const unknown = generateToken('tsr', 'workspace').token;
    expect((await t.request('GET', '/v1/me', { token: unknown })).status).toBe(401);
    expect((await t.request('GET', '/v1/me', { token: `${unknown.slice(0, -1)}x` })).status).toBe(401); // a typo: malformed
    expect((await t.request('POST', '/v1/sessions', { body: { email: 'owner@example.com', password: 'wrong password here' } })).status).toBe(401);
    await t.ctx.denials.flush();

    const r = await t.request('GET', '/v1/instance/audit-events?limit=100', { token: owner.token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const actions = r.body.items.map((e: { action: string }) => e.action);
    expect(actions).toContain('auth.denied');
    expect(actions).toContain('setup.completed');
    expect(r.body.items.every((e: { workspace_id: string | null }) => e.workspace_id === null)).toBe(true);
    const denied = r.body.items.find((e: { action: string; details: { reason?: string } }) => e.action === 'auth.denied' && e.details.reason === 'unknown_token');
    expect(r.body.items.some((e: { details: { reason?: string } }) => e.details.reason === 'malformed:checksum_mismatch')).toBe(true);
    expect(r.body.items.some((e: { details: { reason?: string } }) => e.details.reason === 'bad_password')).toBe(true);
    expect(denied, JSON.stringify(r.body.items.map((e: { action: string; details: unknown }) => [e.action, e.details]))).toBeDefined();
    expect(JSON.stringify(r.body)).not.toContain(unknown.slice(13)); // the secret part is never stored
    // A workspace's own trail holds none of them.
    const ws = await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?limit=100`, { token: owner.token });
    expect(ws.body.items.some((e: { action: string; details: { reason?: string } }) => e.details.reason === 'unknown_token')).toBe(false);
    // Filters and paging work as on a workspace's trail.
    const onlyDenials = await t.request('GET', '/v1/instance/audit-events?action=auth.*&limit=1', { token: owner.token });
    expect(onlyDenials.body.items).toHaveLength(1);
    expect(onlyDenials.body.next_cursor).toEqual(expect.any(String));
  });

  it('refuses a workspace owner who is not an instance administrator, tokens, and no credentials', async () => {
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other-sec' } });
    const stranger = await t.addMember(other.body.id, 'owner');
    expect((await t.request('GET', '/v1/instance/audit-events', { token: stranger.token })).status).toBe(403);
    const wsToken = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['admin', 'read'] });
    expect((await t.request('GET', '/v1/instance/audit-events', { token: wsToken.secret })).status).toBe(403);
    expect((await t.request('GET', '/v1/instance/audit-events')).status).toBe(401);
    expect((await t.request('GET', '/v1/instance/audit-events?since=yesterday', { token: owner.token })).status).toBe(400);
  });
});
