import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';
import { createPepperKeyring } from '../crypto/pepper-keyring.js';
import { createSessionService } from './session-service.js';
import { createInvitationService } from './invitation-service.js';
import { systemContext } from '../audit/audit-context.js';

describe('invitations: an unknown email is invited, accepts, and signs in', () => {
  let t: TestApp;
  let owner: { token: string; workspaceId: string; slug: string };
  const invite = async (email: string, role = 'member') => {
    const r = await t.request('POST', `/v1/workspaces/${owner.slug}/members`, { token: owner.token, body: { email, role } });
    expect(r.status).toBe(201);
    return r.body as { user_id: string; invitation: { code: string; expires_at: string } };
  };
  const accept = (body: object) => t.request('POST', '/v1/invitations/accept', { body });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());

  it('accepting sets the password and name and returns a session; the code then stops working', async () => {
    const inv = await invite('ada@example.com', 'admin');
    const r = await accept({ code: inv.invitation.code, password: TEST_PASSWORD, name: 'Ada Lovelace' });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      token: expect.stringMatching(/^tsrs_/), expires_at: expect.any(String),
      user: { id: inv.user_id, email: 'ada@example.com', name: 'Ada Lovelace', kind: 'human' },
      workspace: { id: owner.workspaceId, slug: owner.slug, name: 'Acme' },
    });
    const me = await t.request('GET', '/v1/me', { token: r.body.token });
    expect(me.body.workspaces).toEqual([expect.objectContaining({ slug: owner.slug, role: 'admin' })]);
    const login = await t.request('POST', '/v1/sessions', { body: { email: 'ada@example.com', password: TEST_PASSWORD } });
    expect(login.status).toBe(201);

    const members = (await t.request('GET', `/v1/workspaces/${owner.slug}/members`, { token: owner.token })).body.items;
    expect(members.find((m: any) => m.user_id === inv.user_id)).toMatchObject({ name: 'Ada Lovelace', pending: false });
    const events = (await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=invitation.accepted`, { token: owner.token })).body.items;
    expect(events[0]).toMatchObject({ actor: { type: 'user', id: inv.user_id }, details: { user_id: inv.user_id, role: 'admin' } });
    expect(JSON.stringify(events)).not.toContain(inv.invitation.code);

    const again = await accept({ code: inv.invitation.code, password: 'another long password' });
    expect([again.status, again.body.error.code]).toEqual([422, 'invalid_invitation']);
    expect((await t.request('POST', '/v1/sessions', { body: { email: 'ada@example.com', password: TEST_PASSWORD } })).status).toBe(201);
  });

  it('refuses a wrong or an expired code', async () => {
    const wrong = await accept({ code: 'x'.repeat(32), password: TEST_PASSWORD });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'invalid_invitation']);
    const inv = await invite('late@example.com');
    await t.ctx.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', inv.user_id).execute();
    const expired = await accept({ code: inv.invitation.code, password: TEST_PASSWORD });
    expect([expired.status, expired.body.error.code]).toEqual([422, 'invalid_invitation']);
    expect((await t.request('POST', '/v1/sessions', { body: { email: 'late@example.com', password: TEST_PASSWORD } })).status).toBe(401);
  });

  it('never lets a second invitation reset the password of a user who already accepted one', async () => {
    const first = await invite('bob@example.com');
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    const second = await t.request('POST', '/v1/workspaces/other/members', { token: owner.token, body: { email: 'bob@example.com', role: 'viewer' } });
    expect(other.status).toBe(201);
    expect(second.body.invitation.code).toMatch(/^[0-9A-Za-z]{32}$/); // not signed in yet: a fresh code for this workspace too
    expect((await accept({ code: first.invitation.code, password: TEST_PASSWORD })).status).toBe(201);
    const reset = await accept({ code: second.body.invitation.code, password: 'attacker chosen password' });
    expect([reset.status, reset.body.error.code]).toEqual([422, 'invalid_invitation']);
    expect((await t.request('POST', '/v1/sessions', { body: { email: 'bob@example.com', password: TEST_PASSWORD } })).status).toBe(201);
    const third = await t.request('POST', '/v1/workspaces/other/members', { token: owner.token, body: { email: 'carol@example.com', role: 'viewer' } });
    expect(third.body.invitation).toBeDefined();
  });

  it('answers 400 for bad input', async () => {
    const inv = await invite('dan@example.com');
    for (const body of [{ code: inv.invitation.code, password: 'short' }, { password: TEST_PASSWORD }, { code: inv.invitation.code, password: TEST_PASSWORD, role: 'owner' }, { code: inv.invitation.code, password: TEST_PASSWORD, name: '' }]) {
      const r = await accept(body);
      expect({ body, status: r.status, code: r.body.error.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    }
    expect((await accept({ code: inv.invitation.code, password: TEST_PASSWORD })).status).toBe(201);
  });

  it('needs no credentials, and ignores any sent', async () => {
    const inv = await invite('eve@example.com');
    const r = await t.request('POST', '/v1/invitations/accept', { token: 'tsrp_garbage', body: { code: inv.invitation.code, password: TEST_PASSWORD } });
    expect(r.status).toBe(201);
  });

  it('a code issued before a pepper rotation still works after it (regression: looked up under the current pepper only)', async () => {
    const inv = await invite('rotated@example.com');
    const keyring = createPepperKeyring('r'.repeat(48), [t.ctx.config.secret!]);
    const sessions = createSessionService({ db: t.ctx.db, keyring, brand: 'tsr', ttlSeconds: 3600, denials: t.ctx.denials });
    const rotated = createInvitationService({ db: t.ctx.db, keyring, sessions, denials: t.ctx.denials });
    const session = await rotated.accept({ code: inv.invitation.code, password: TEST_PASSWORD }, systemContext);
    expect(session.user.id).toBe(inv.user_id);
  });
});
