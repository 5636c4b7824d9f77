import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { gzip, postUpload, uploadFixture } from '../test-support/upload-requests.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const COMMIT_A = 'aaaaaaa1111111111111111111111111111111111'.slice(0, 40);
const COMMIT_B = 'bbbbbbb2222222222222222222222222222222222'.slice(0, 40);

describe('reading uploads: list, one, raw', () => {
  let t: TestApp;
  let owner: { token: string; slug: string };
  let web: string;
  let api: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    web = (await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } })).body.id;
    api = (await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'API', slug: 'api' } })).body.id;
    const send = async (name: string, file: string, query: Record<string, string>, project = web, headers: Record<string, string> = {}, body?: Buffer) => {
      const r = await postUpload(t, { project, token: owner.token, body: body ?? uploadFixture(file), query, headers });
      if (r.status !== 201) throw new Error(`upload failed: ${r.status} ${JSON.stringify(r.body)}`);
      ids[name] = r.body.id;
    };
    await send('mainLcov', 'coverage.lcov', { branch: 'main', commit: COMMIT_A });
    await send('mainJunit', 'junit.xml', { branch: 'main', commit: COMMIT_A });
    await send('featureLcov', 'coverage.lcov', { branch: 'feature/x', commit: COMMIT_B, filename: 'my lcov ü.info' });
    await send('featureSarif', 'results.sarif', { branch: 'feature/x', commit: COMMIT_B }, web, { 'content-type': 'application/json' });
    await send('gzipped', 'cobertura.xml', { branch: 'main' }, web, { 'content-encoding': 'gzip' }, gzip(uploadFixture('cobertura.xml')));
    await send('otherProject', 'coverage.lcov', { branch: 'main' }, api);
  });
  afterAll(() => t?.close());

  const list = (query = '', project = web) => t.request('GET', `/v1/projects/${encodeURIComponent(project)}/uploads${query}`, { token: owner.token });
  const idsOf = (r: { body: any }) => r.body.items.map((u: any) => u.id);

  it("lists a project's uploads newest first, without their bodies", async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(idsOf(r)).toEqual([ids.gzipped, ids.featureSarif, ids.featureLcov, ids.mainJunit, ids.mainLcov]);
    expect(r.body.next_cursor).toBeNull();
    expect(r.body.items[0]).toMatchObject({ format: 'cobertura', summary: { percent: 75 }, url: expect.stringContaining(`/v1/projects/${web}/uploads/${ids.gzipped}`) });
    expect(r.body.items[0]).not.toHaveProperty('body');
    expect(JSON.stringify(r.body)).not.toContain('end_of_record');
    expect(idsOf(await list('', `${owner.slug}/web`))).toHaveLength(5);
  });

  it('filters by branch, commit (full or a prefix) and kind', async () => {
    expect(idsOf(await list('?branch=main'))).toEqual([ids.gzipped, ids.mainJunit, ids.mainLcov]);
    expect(idsOf(await list(`?branch=${encodeURIComponent('feature/x')}`))).toEqual([ids.featureSarif, ids.featureLcov]);
    expect(idsOf(await list(`?commit=${COMMIT_A}`))).toEqual([ids.mainJunit, ids.mainLcov]);
    expect(idsOf(await list(`?commit=${COMMIT_B.slice(0, 7).toUpperCase()}`))).toEqual([ids.featureSarif, ids.featureLcov]);
    expect(idsOf(await list('?kind=coverage'))).toEqual([ids.gzipped, ids.featureLcov, ids.mainLcov]);
    expect(idsOf(await list('?kind=coverage&branch=main'))).toEqual([ids.gzipped, ids.mainLcov]);
    expect(idsOf(await list('?branch=nope'))).toEqual([]);
  });

  it('pages with opaque cursors, every upload exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const r = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(r));
      cursor = r.body.next_cursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([ids.gzipped, ids.featureSarif, ids.featureLcov, ids.mainJunit, ids.mainLcov]);
  });

  it('refuses bad filters and cursors with 400', async () => {
    for (const q of ['?kind=robot', '?commit=xyz', '?limit=0', '?limit=abc', '?cursor=bm9wZQ', '?colour=red']) {
      const r = await list(q);
      expect({ q, status: r.status, code: r.body.error?.code }).toEqual({ q, status: 400, code: 'invalid_request' });
    }
  });

  it('shows one upload, only under its own project', async () => {
    const r = await t.request('GET', `/v1/projects/${web}/uploads/${ids.featureSarif}`, { token: owner.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ids.featureSarif, kind: 'analysis', format: 'sarif', summary: { results: 5 }, commit: COMMIT_B, branch: 'feature/x' });
    expect(Object.keys(r.body).sort()).toEqual([
      'branch', 'build_id', 'ci_provider', 'commit', 'content_type', 'created_at', 'filename', 'format', 'id', 'kind', 'parse_error', 'parse_status',
      'project_id', 'pull_request', 'raw_url', 'sha256', 'size_bytes', 'summary', 'token_id', 'url', 'user_id', 'workspace_id',
    ]);
    const elsewhere = await t.request('GET', `/v1/projects/${api}/uploads/${ids.featureSarif}`, { token: owner.token });
    expect([elsewhere.status, elsewhere.body.error.message]).toEqual([404, 'upload not found']);
    expect((await t.request('GET', `/v1/projects/${web}/uploads/upl_AAAAAAAAAAAAAAAA`, { token: owner.token })).status).toBe(404);
    expect((await t.request('GET', `/v1/projects/${web}/uploads/tok_AAAAAAAAAAAAAAAA`, { token: owner.token })).status).toBe(400);
  });

  it('downloads the file byte for byte as an attachment; its SHA-256 is the upload\'s', async () => {
    const file = uploadFixture('coverage.lcov');
    const meta = await t.request('GET', `/v1/projects/${web}/uploads/${ids.featureLcov}`, { token: owner.token });
    const raw = await t.app.inject({ method: 'GET', url: `/v1/projects/${web}/uploads/${ids.featureLcov}/raw`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(raw.statusCode).toBe(200);
    expect(raw.rawPayload.equals(file)).toBe(true);
    expect(sha256(raw.rawPayload)).toBe(meta.body.sha256);
    expect(raw.headers['content-type']).toBe('text/plain');
    expect(raw.headers['content-disposition']).toBe(`attachment; filename="my_lcov__.info"; filename*=UTF-8''my%20lcov%20%C3%BC.info`);
    expect(raw.headers.etag).toBe(`"${meta.body.sha256}"`);
    expect(raw.headers['x-content-type-options']).toBe('nosniff');
    expect(raw.headers['content-length']).toBe(String(file.length));
  });

  it('downloads a gzip upload decompressed, as stored', async () => {
    const file = uploadFixture('cobertura.xml');
    const raw = await t.app.inject({ method: 'GET', url: `/v1/projects/${web}/uploads/${ids.gzipped}/raw`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(raw.rawPayload.equals(file)).toBe(true);
    expect(raw.headers['content-type']).toBe('application/xml');
    expect(raw.headers['content-disposition']).toContain('filename="cobertura.xml"');
    expect((await t.request('GET', `/v1/projects/${web}/uploads/upl_AAAAAAAAAAAAAAAA/raw`, { token: owner.token })).status).toBe(404);
  });
});
