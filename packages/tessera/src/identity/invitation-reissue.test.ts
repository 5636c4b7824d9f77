import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';

/** POST /v1/workspaces/{ws}/members/{user_id}/invitation: a lost or expired invitation is replaced, and the old code stops working. */
describe('re-issuing an invitation', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  const invite = async (email: string, role = 'member') => {
    const r = await t.request('POST', `/v1/workspaces/${owner.slug}/members`, { token: owner.token, body: { email, role } });
    expect(r.status).toBe(201);
    return r.body as { user_id: string; invitation: { code: string; expires_at: string } };
  };
  const reissue = (userId: string, token?: string, slug = owner.slug) => t.request('POST', `/v1/workspaces/${slug}/members/${userId}/invitation`, { token });
  const accept = (code: string) => t.request('POST', '/v1/invitations/accept', { body: { code, password: TEST_PASSWORD } });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());

  it('gives a new code that works, the old one no longer does, and audits it without the code', async () => {
    const first = await invite('lost@example.com');
    const r = await reissue(first.user_id, owner.token);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ user_id: first.user_id, email: 'lost@example.com', role: 'member', pending: true, invitation: { code: expect.any(String), expires_at: expect.any(String) } });
    expect(r.body.invitation.code).not.toBe(first.invitation.code);
    expect((await accept(first.invitation.code)).body.error.code).toBe('invalid_invitation');
    const events = (await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=invitation.created`, { token: owner.token })).body.items;
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(r.body.invitation.code);
    expect((await accept(r.body.invitation.code)).status).toBe(201);
    // Accepted: nothing left to re-issue.
    const again = await reissue(first.user_id, owner.token);
    expect([again.status, again.body.error.code]).toEqual([409, 'not_pending']);
  });

  it('needs credentials, an admin of this workspace, an owner for an owner, and a token with the admin scope', async () => {
    const pending = await invite('pending@example.com');
    expect((await reissue(pending.user_id)).status).toBe(401);
    const member = await t.addMember(owner.workspaceId, 'member');
    expect((await reissue(pending.user_id, member.token)).status).toBe(403);
    const admin = await t.addMember(owner.workspaceId, 'admin');
    const futureOwner = await invite('owner2@example.com', 'owner');
    expect((await reissue(futureOwner.user_id, admin.token)).status).toBe(403);
    expect((await reissue(pending.user_id, admin.token)).status).toBe(201);
    const reader = await t.createToken(owner.token, owner.slug, { kind: 'workspace', name: 'reader', scopes: ['read'], expires_in_days: 7 });
    expect((await reissue(pending.user_id, reader.secret)).status).toBe(403);
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    const stranger = await t.addMember(other.body.id, 'owner');
    const foreign = await reissue(pending.user_id, stranger.token);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'not_found']);
    // A member of another workspace is not found here either.
    expect((await reissue(stranger.userId, owner.token)).status).toBe(404);
  });

  it('refuses a bad id and a service account', async () => {
    const bad = await reissue('not-an-id', owner.token);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
    const sa = await t.request('POST', `/v1/workspaces/${owner.slug}/service-accounts`, { token: owner.token, body: { name: 'ci-bot', role: 'member' } });
    expect(sa.status).toBe(201);
    const r = await reissue(sa.body.user_id, owner.token);
    expect([r.status, r.body.error.code]).toEqual([409, 'not_pending']);
  });
});
