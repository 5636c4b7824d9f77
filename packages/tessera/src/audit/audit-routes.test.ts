import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('GET /v1/workspaces/{workspace}/audit-events', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let tokenId: string;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    const tok = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'project', project: 'web', name: 'audited', scopes: ['read'] } });
    tokenId = tok.body.id;
    await t.request('POST', `/v1/tokens/${tokenId}/rotate`, { token: owner.token, body: { grace_period_seconds: 60 } });
    await t.request('DELETE', `/v1/tokens/${tok.body.rotated_to ?? tokenId}`, { token: owner.token });
  }, 60_000);
  afterAll(() => t?.close());
  const get = (query = '', token = owner.token) => t.request('GET', `/v1/workspaces/${owner.slug}/audit-events${query}`, { token });

  it('lists what happened, newest first, with actor, target, ip and user agent', async () => {
    const r = await get();
    expect(r.status).toBe(200);
    const actions = r.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['workspace.created', 'member.added', 'project.created', 'token.created', 'token.rotated', 'token.revoked']));
    expect(actions.indexOf('token.revoked')).toBeLessThan(actions.indexOf('token.created'));
    const created = r.body.items.find((e: { action: string }) => e.action === 'token.created');
    expect(created).toMatchObject({ actor: { type: 'user', id: owner.userId, label: 'owner@example.com' }, target: { type: 'token' }, ip: '127.0.0.1', user_agent: 'lightMyRequest' });
  });

  it('filters by action (exact or prefix), actor, target and time', async () => {
    expect((await get('?action=token.rotated')).body.items.map((e: { action: string }) => e.action)).toEqual(['token.rotated']);
    const tokenEvents = (await get('?action=token.*')).body.items;
    expect(tokenEvents.length).toBeGreaterThanOrEqual(3);
    expect(tokenEvents.every((e: { action: string }) => e.action.startsWith('token.'))).toBe(true);
    expect((await get(`?target=${tokenId}`)).body.items.every((e: { target: { id: string } }) => e.target.id === tokenId)).toBe(true);
    expect((await get(`?actor=${owner.userId}`)).body.items.length).toBeGreaterThan(0);
    expect((await get(`?since=${new Date(Date.now() + 60_000).toISOString()}`)).body.items).toEqual([]);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const all = (await get('?limit=200')).body.items.map((e: { id: string }) => e.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      paged.push(...r.body.items.map((e: { id: string }) => e.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('exports NDJSON, one event per line', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/v1/workspaces/${owner.slug}/audit-events/export?action=token.*`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/x-ndjson');
    const lines = r.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.every((e) => e.action.startsWith('token.'))).toBe(true);
  });

  it('exports CSV with a header row, quoting and neutralising formula cells', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/v1/workspaces/${owner.slug}/audit-events/export?format=csv&action=token.*`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toContain(`audit-${owner.slug}.csv`);
    const rows = r.body.trimEnd().split('\r\n');
    expect(rows[0]).toBe('id,occurred_at,workspace_id,actor_type,actor_id,actor_label,action,target_type,target_id,target_label,ip,user_agent,details');
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.slice(1).every((row) => /,token\.[a-z_]+,/.test(row))).toBe(true);
    expect(rows.slice(1).some((row) => row.includes(tokenId))).toBe(true);
    const { csvCell } = await import('./audit-csv.js');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect((await get('/export?format=xml')).status).toBe(400);
  });

  it('refuses bad filters with 400', async () => {
    expect((await get('?since=yesterday')).status).toBe(400);
    expect((await get('?limit=0')).status).toBe(400);
    expect((await get('?action=DROP TABLE')).status).toBe(400);
    expect((await get('?cursor=nope')).status).toBe(400);
    expect((await get('?colour=red')).status).toBe(400);
  });

  it('needs credentials, the admin role, the admin scope, and the right tenant', async () => {
    expect((await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events`)).status).toBe(401);
    const member = await t.addMember(owner.workspaceId, 'member');
    expect((await get('', member.token)).status).toBe(403);
    const readTok = await t.request('POST', `/v1/workspaces/${owner.slug}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'reader', scopes: ['read'] } });
    const denied = await get('', readTok.body.secret);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('insufficient_scope');
    const exportDenied = await t.app.inject({ method: 'GET', url: `/v1/workspaces/${owner.slug}/audit-events/export`, headers: { authorization: `Bearer ${member.token}` } });
    expect(exportDenied.statusCode).toBe(403);
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    const stranger = await t.addMember(other.body.id, 'owner');
    expect((await get('', stranger.token)).status).toBe(404);
  });
});
