import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { multipartBody, postUpload, uploadFixture } from '../test-support/upload-requests.js';

/**
 * Regression tests for issue 11's "500 on bad input": each shape that reached PostgreSQL and came
 * back as a 500 now stops at the validator as `400 invalid_request`, naming the field.
 */
describe('bad input the database cannot store answers 400, never 500', () => {
  let t: TestApp;
  let owner: { token: string; slug: string; workspaceId: string };
  let ws: string;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    ws = owner.slug;
    await t.request('POST', `/v1/workspaces/${ws}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
  });
  afterAll(() => t?.close());

  const get = (url: string) => t.request('GET', url, { token: owner.token });
  const expectInvalid = (r: { status: number; body: any }, field: RegExp) => {
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(field), request_id: expect.any(String) });
  };

  describe('dates outside what PostgreSQL stores', () => {
    const unstorable = ['2016-12-31T23:59:60Z', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00', '2020-01-01T00:00:00+01'];

    it.each(unstorable)('regression: ?since=%s on audit events answered 500', async (date) => {
      expectInvalid(await get(`/v1/workspaces/${ws}/audit-events?since=${encodeURIComponent(date)}`), /^query parameter "since" must be a date-time like/);
      expectInvalid(await get(`/v1/workspaces/${ws}/audit-events?until=${encodeURIComponent(date)}`), /^query parameter "until" /);
      expectInvalid(await get(`/v1/workspaces/${ws}/audit-events/export?since=${encodeURIComponent(date)}`), /^query parameter "since" /);
    });

    it.each(unstorable)('regression: ?expiring_before=%s on token lists answered 500', async (date) => {
      expectInvalid(await get(`/v1/workspaces/${ws}/tokens?expiring_before=${encodeURIComponent(date)}`), /^query parameter "expiring_before" /);
    });

    it.each(unstorable)('refuses expires_at=%s in a body', async (date) => {
      const r = await t.request('POST', `/v1/workspaces/${ws}/tokens`, { token: owner.token, body: { kind: 'workspace', name: `t ${date}`, scopes: ['read'], expires_at: date } });
      expectInvalid(r, /^body\.expires_at /);
    });

    it('keeps refusing dates that are not on the calendar (February 30, month 13)', async () => {
      for (const date of ['2023-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2020-13-01T00:00:00Z']) {
        expectInvalid(await get(`/v1/workspaces/${ws}/audit-events?since=${encodeURIComponent(date)}`), /^query parameter "since" /);
      }
    });

    it('still takes the first and last storable instants, any offset, and a fraction', async () => {
      for (const date of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2024-02-29T12:00:00+02:00', '2026-01-01T00:00:00.123456789Z']) {
        expect((await get(`/v1/workspaces/${ws}/audit-events?since=${encodeURIComponent(date)}`)).status, date).toBe(200);
      }
    });
  });

  describe('forged cursors', () => {
    it('regression: ?cursor=eyJzIjoiYWJjIn0 ({"s":"abc"}) on audit events answered 500', async () => {
      expectInvalid(await get(`/v1/workspaces/${ws}/audit-events?cursor=eyJzIjoiYWJjIn0`), /^query parameter "cursor" is not a cursor this server issued/);
    });

    it('regression: ?cursor=eyJjIjoieCIsImkiOiJ5In0 ({"c":"x","i":"y"}) on token lists answered 500', async () => {
      expectInvalid(await get(`/v1/workspaces/${ws}/tokens?cursor=eyJjIjoieCIsImkiOiJ5In0`), /^query parameter "cursor" /);
      expectInvalid(await get('/v1/me/tokens?cursor=eyJjIjoieCIsImkiOiJ5In0'), /^query parameter "cursor" /);
      expectInvalid(await get(`/v1/projects/${ws}%2Fweb/uploads?cursor=eyJjIjoieCIsImkiOiJ5In0`), /^query parameter "cursor" /);
    });

    it('refuses a cursor with the right keys but values the server never issues', async () => {
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      for (const s of ['99999999999999999999', '-1', '0', '1e3', '01']) expectInvalid(await get(`/v1/workspaces/${ws}/audit-events?cursor=${b64({ s })}`), /cursor/);
      for (const c of [{ c: '0000-01-01T00:00:00.000Z', i: 'tok_AAAAAAAAAAAAAAAA' }, { c: '2020-01-01T00:00:00Z', i: 'tok_AAAAAAAAAAAAAAAA' }, { c: '2020-01-01T00:00:00.000Z', i: 'upl_AAAAAAAAAAAAAAAA' }, { c: '2020-01-01T00:00:00.000Z', i: 'tok_AAAAAAAAAAAAAAAA', x: '1' }]) {
        expectInvalid(await get(`/v1/workspaces/${ws}/tokens?cursor=${b64(c)}`), /cursor/);
      }
    });

    it('still pages with the cursors it issues', async () => {
      for (let i = 0; i < 3; i++) await t.createToken(owner.token, ws, { kind: 'workspace', name: `page ${i}`, scopes: ['read'] });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: { status: number; body: any } = await get(`/v1/workspaces/${ws}/tokens?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status).toBe(200);
        seen.push(...r.body.items.map((x: { id: string }) => x.id));
        cursor = r.body.next_cursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      const audit = await get(`/v1/workspaces/${ws}/audit-events?limit=1`);
      expect((await get(`/v1/workspaces/${ws}/audit-events?limit=1&cursor=${audit.body.next_cursor}`)).status).toBe(200);
    });
  });

  describe('NUL and lone surrogates in text', () => {
    it('regression: {"name":"a\\u0000b"} answered 500', async () => {
      expectInvalid(await t.request('POST', `/v1/workspaces/${ws}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'a\u0000b', scopes: ['read'] } }), /^body\.name must not contain NUL/);
      expectInvalid(await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'a\u0000b', slug: 'nul' } }), /^body\.name must not contain NUL/);
    });

    it('regression: {"name":"\\ud800"} answered 500', async () => {
      expectInvalid(await t.request('POST', `/v1/workspaces/${ws}/tokens`, { token: owner.token, body: { kind: 'workspace', name: '\ud800', scopes: ['read'] } }), /^body\.name must not contain .*unpaired surrogate/);
      expectInvalid(await t.request('POST', `/v1/workspaces/${ws}/service-accounts`, { token: owner.token, body: { name: 'x\udc00', role: 'member' } }), /^body\.name /);
    });

    it('regression: ?target=%00 answered 500', async () => {
      expectInvalid(await get(`/v1/workspaces/${ws}/audit-events?target=%00`), /^query parameter "target" must not contain NUL/);
      // A surrogate cannot travel in a URL: its UTF-8-like bytes decode to U+FFFD, which is storable text.
      expect((await get(`/v1/workspaces/${ws}/audit-events?actor=a%ED%A0%80`)).status).toBe(200);
    });

    it('refuses them in nested fields, array items and object keys, naming the place', async () => {
      const create = (body: Record<string, unknown>) => t.request('POST', `/v1/workspaces/${ws}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'nested', scopes: ['read'], ...body } });
      expectInvalid(await create({ labels: { team: 'a\u0000' } }), /^body\.labels\.team must not contain/);
      expectInvalid(await create({ labels: { 'k\u0000': 'v' } }), /^body\.labels\.k\\u0000 must not contain/);
      expectInvalid(await create({ labels: { '\ud800': 'v' } }), /^body\.labels\.\\ud800 must not contain/);
      expectInvalid(await t.request('POST', `/v1/workspaces/${ws}/trust-policies`, { token: owner.token, body: { name: 'p', provider: 'github', conditions: { repository: 'acme/web', refs: ['refs/heads/\u0000'] } } }), /^body\.conditions\.refs\[0\] must not contain/);
    });

    it('refuses them in upload metadata given as multipart form fields', async () => {
      const ci = await t.createToken(owner.token, ws, { kind: 'project', project: 'web', name: 'ci nul', scopes: ['upload'] });
      const form = multipartBody({ build_id: '77\u0000' }, [{ filename: 'coverage.lcov', data: uploadFixture('coverage.lcov') }]);
      const r = await postUpload(t, { project: `${ws}/web`, token: ci.secret, body: form.payload, headers: { 'content-type': form.contentType } });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    });

    it('keeps a NUL in the User-Agent out of the audit log instead of failing the request', async () => {
      const r = await t.app.inject({ method: 'POST', url: `/v1/workspaces/${ws}/projects`, headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json', 'user-agent': 'curl\u0000/8' }, payload: JSON.stringify({ name: 'UA', slug: 'ua' }) });
      expect(r.statusCode).toBe(201);
      const events = await get(`/v1/workspaces/${ws}/audit-events?action=project.created`);
      expect(events.body.items[0].user_agent).toBe('curl\ufffd/8');
    });

    it('takes text with paired surrogates (emoji) and other Unicode unchanged', async () => {
      const r = await t.request('POST', `/v1/workspaces/${ws}/tokens`, { token: owner.token, body: { kind: 'workspace', name: 'deploy 🚀 ünïcode', scopes: ['read'], labels: { '🔑': 'é' } } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ name: 'deploy 🚀 ünïcode', labels: { '🔑': 'é' } });
    });
  });
});
