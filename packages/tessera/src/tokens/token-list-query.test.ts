import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { TOKEN_SORTS } from './token-kinds.js';

interface Item { id: string; name: string; display_prefix: string; created_at: string; expires_at: string | null; last_used_at: string | null; created_by: string | null; kind: string; project_id: string | null }

/** Search, filters and sorting of GET /v1/workspaces/{ws}/tokens, paged with keyset cursors that carry the sort. */
describe('token list: search, filters, sorting', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; slug: string; workspaceId: string };
  let admin: { token: string; userId: string };
  const url = (q: string) => `/v1/workspaces/${owner.slug}/tokens?${q}`;
  const all = async (query: string, limit: number, token = owner.token): Promise<Item[]> => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: { items: Item[]; next_cursor: string | null } } = await t.request('GET', url(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), { token });
      expect(r.status).toBe(200);
      items.push(...r.body.items);
      cursor = r.body.next_cursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    admin = await t.addMember(owner.workspaceId, 'admin');
    expect((await t.request('PATCH', `/v1/workspaces/${owner.slug}`, { token: owner.token, body: { allow_non_expiring_tokens: true } })).status).toBe(200);
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    for (let i = 0; i < 7; i++) {
      await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', name: `bulk-${String(i).padStart(3, '0')}`, scopes: ['upload'], ...(i % 3 === 0 ? { expires_at: null } : { expires_in_days: 10 + i }) });
    }
    await t.createToken(owner.token, owner.slug, { kind: 'workspace', name: 'Deploy 100%_done', scopes: ['read'], expires_in_days: 5 });
    await t.createToken(admin.token, owner.slug, { kind: 'project', project: 'web', name: 'admin-made', scopes: ['read'], expires_in_days: 90 });
    await t.createToken(admin.token, owner.slug, { kind: 'project', project: 'web', name: 'Zeta', scopes: ['read'], expires_at: null });
    // Two tokens used, at different times, so last_used_at sorts.
    const used = await t.createToken(owner.token, owner.slug, { kind: 'workspace', name: 'used-early', scopes: ['read'] });
    await t.request('GET', '/v1/me', { token: used.secret });
    t.clock.advance(60_000);
    const later = await t.createToken(owner.token, owner.slug, { kind: 'workspace', name: 'used-late', scopes: ['read'] });
    await t.request('GET', '/v1/me', { token: later.secret });
    await t.ctx.usage.flush();
  });
  afterAll(() => t?.close());

  it('searches every token, not just a loaded page: name in any case, or display prefix', async () => {
    const found = await all('q=BULK-00', 2);
    expect(found.map((i) => i.name).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `bulk-00${i}`));
    const one = (await all('q=bulk-006', 50))[0]!;
    expect(one.name).toBe('bulk-006');
    const byPrefix = await all(`q=${encodeURIComponent(one.display_prefix.slice(-8))}`, 50);
    expect(byPrefix.map((i) => i.id)).toEqual([one.id]);
  });

  it('takes LIKE wildcards in the search literally', async () => {
    expect((await all('q=100%25_', 50)).map((i) => i.name)).toEqual(['Deploy 100%_done']);
    expect(await all('q=%25', 50)).toHaveLength(1);
    // As a wildcard, _ would match the dash of bulk-000.
    expect(await all('q=bulk_000', 50)).toEqual([]);
  });

  it('filters by creator, kind, project and expiry, combined with search', async () => {
    expect((await all(`created_by=${admin.userId}`, 50)).map((i) => i.name).sort()).toEqual(['Zeta', 'admin-made']);
    expect((await all(`created_by=${admin.userId}&q=zeta`, 50)).map((i) => i.name)).toEqual(['Zeta']);
    expect(await all('kind=project&project=web&q=bulk', 50)).toHaveLength(7);
    const soon = new Date(Date.now() + 12 * 86_400_000).toISOString();
    expect((await all(`expiring_before=${encodeURIComponent(soon)}`, 50)).map((i) => i.name).sort()).toEqual(['Deploy 100%_done', 'bulk-001', 'bulk-002']);
  });

  it('sorts by every key in both directions, and pages through each sort with nothing skipped or repeated', async () => {
    const everything = await all('', 200);
    expect(everything.length).toBe(12);
    for (const sort of TOKEN_SORTS) {
      const paged = await all(`sort=${sort}`, 3);
      const whole = await all(`sort=${sort}`, 200);
      expect(paged.map((i) => i.id), sort).toEqual(whole.map((i) => i.id));
      expect(new Set(paged.map((i) => i.id)).size, sort).toBe(12);
    }
    const byName = (await all('sort=name', 4)).map((i) => i.name);
    // The database's collation decides the order of names (PGlite's differs from a server's); both directions agree with it.
    expect((await all('sort=-name', 5)).map((i) => i.name)).toEqual([...byName].reverse());
    const expiring = await all('sort=expires_at', 2);
    const firstNever = expiring.findIndex((i) => i.expires_at === null);
    expect(expiring.slice(firstNever).every((i) => i.expires_at === null)).toBe(true);
    const dated = expiring.slice(0, firstNever).map((i) => i.expires_at!);
    expect(dated).toEqual([...dated].sort());
    const recent = await all('sort=-last_used_at', 2);
    expect(recent.slice(0, 2).map((i) => i.name)).toEqual(['used-late', 'used-early']);
    expect(recent.slice(2).every((i) => i.last_used_at === null)).toBe(true);
  });

  it('refuses a cursor issued for another sort, and bad input, with 400 invalid_request', async () => {
    const first = await t.request('GET', url('sort=name&limit=2'), { token: owner.token });
    const cursor = encodeURIComponent(first.body.next_cursor);
    const other = await t.request('GET', url(`sort=-created_at&limit=2&cursor=${cursor}`), { token: owner.token });
    expect([other.status, other.body.error.code]).toEqual([400, 'invalid_request']);
    for (const q of ['sort=size', 'sort=', 'q=', `q=${'x'.repeat(101)}`, 'created_by=alice', 'created_by=usr_short', 'expiring_before=tomorrow']) {
      const r = await t.request('GET', url(q), { token: owner.token });
      expect({ q, status: r.status, code: r.body.error?.code }).toEqual({ q, status: 400, code: 'invalid_request' });
    }
  });

  it('needs credentials, stays in its tenant, and shows a member or a narrower token no more than before', async () => {
    const anonymous = await t.request('GET', url('q=bulk'));
    expect(anonymous.status).toBe(401);
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    const stranger = await t.addMember(other.body.id, 'owner');
    const foreign = await t.request('GET', url('q=bulk&sort=name'), { token: stranger.token });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'not_found']);
    const member = await t.addMember(owner.workspaceId, 'member');
    await t.createToken(member.token, owner.slug, { kind: 'personal', name: 'bulk-mine', scopes: ['read'] });
    expect((await all('q=bulk&sort=name', 2, member.token)).map((i) => i.name)).toEqual(['bulk-mine']);
    expect(await all(`created_by=${owner.userId}`, 50, member.token)).toEqual([]);
    const mine = await t.request('GET', '/v1/me/tokens?q=BULK&sort=name', { token: member.token });
    expect(mine.body.items.map((i: Item) => i.name)).toEqual(['bulk-mine']);
    expect((await t.request('GET', '/v1/me/tokens?q=nothing-like-it', { token: member.token })).body.items).toEqual([]);
    const narrow = await t.createToken(owner.token, owner.slug, { kind: 'workspace', name: 'reader', scopes: ['read'] });
    const r = await t.request('GET', url('q=bulk'), { token: narrow.secret });
    expect(r.status).toBe(403);
  });
});
