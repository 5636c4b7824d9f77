import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { gzip, multipartBody, postUpload, uploadFixture } from '../test-support/upload-requests.js';

const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('POST /v1/projects/{project}/uploads', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; workspaceId: string; slug: string };
  let projectId: string;
  let ci: { id: string; secret: string };
  let path: string;
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_PUBLIC_URL: 'https://tessera.example.com/' });
    owner = await t.bootstrap();
    projectId = (await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } })).body.id;
    ci = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
    path = `${owner.slug}/web`;
  });
  afterAll(() => t?.close());

  const upload = (body: Buffer | string, query: Record<string, string> = {}, headers: Record<string, string> = {}) => postUpload(t, { project: path, token: ci.secret, body, query, headers });

  it('stores an LCOV report with its metadata and answers with the summary and its URL', async () => {
    const file = uploadFixture('coverage.lcov');
    const r = await upload(file, { kind: 'coverage', format: 'lcov', commit: SHA.toUpperCase(), branch: 'feature/login', pull_request: '42', ci_provider: 'github-actions', build_id: '9001', filename: 'coverage/lcov.info' }, { 'content-type': 'text/plain' });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^upl_[0-9A-Za-z]{16}$/), workspace_id: owner.workspaceId, project_id: projectId, kind: 'coverage', format: 'lcov',
      filename: 'lcov.info', content_type: 'text/plain', size_bytes: file.length, sha256: sha256(file), parse_status: 'parsed', parse_error: null,
      summary: { lines_found: 10, lines_hit: 6, percent: 60, files: 2 },
      commit: SHA, branch: 'feature/login', pull_request: '42', ci_provider: 'github-actions', build_id: '9001',
      token_id: ci.id, user_id: null, created_at: expect.any(String),
      url: `https://tessera.example.com/v1/projects/${projectId}/uploads/${r.body.id}`,
      raw_url: `https://tessera.example.com/v1/projects/${projectId}/uploads/${r.body.id}/raw`,
    });
  });

  it('summarizes Cobertura, JUnit and SARIF reports, detecting the format and kind from the content', async () => {
    const cases: [string, string, string, object][] = [
      ['cobertura.xml', 'application/xml', 'coverage', { lines_found: 8, lines_hit: 6, percent: 75, files: 2 }],
      ['junit.xml', 'text/xml', 'test-results', { tests: 6, passed: 3, failed: 2, skipped: 1 }],
      ['results.sarif', 'application/json', 'analysis', { results: 5, by_level: { error: 2, warning: 1, note: 1, none: 1 } }],
    ];
    for (const [name, type, kind, summary] of cases) {
      const r = await upload(uploadFixture(name), {}, { 'content-type': type });
      expect({ name, status: r.status, kind: r.body.kind, parse_status: r.body.parse_status, summary: r.body.summary, content_type: r.body.content_type })
        .toEqual({ name, status: 201, kind, parse_status: 'parsed', summary, content_type: type });
    }
    const explicit = await upload(uploadFixture('junit.xml'), { format: 'junit', kind: 'test-results' });
    expect(explicit.body).toMatchObject({ format: 'junit', filename: 'junit.xml', content_type: 'application/xml', summary: { tests: 6 } });
    const lcov = await upload(uploadFixture('coverage.lcov'));
    expect(lcov.body).toMatchObject({ kind: 'coverage', format: 'lcov', filename: 'lcov.info', parse_status: 'parsed' });
  });

  it('decompresses a gzip body sent with Content-Encoding: gzip, and a gzip file recognized by its bytes', async () => {
    const file = uploadFixture('junit.xml');
    const encoded = await upload(gzip(file), {}, { 'content-encoding': 'gzip', 'content-type': 'application/xml' });
    expect(encoded.status).toBe(201);
    expect(encoded.body).toMatchObject({ format: 'junit', size_bytes: file.length, sha256: sha256(file), summary: { tests: 6 } });
    const gzFile = await upload(gzip(uploadFixture('coverage.lcov')), { filename: 'lcov.info.gz' });
    expect(gzFile.body).toMatchObject({ format: 'lcov', filename: 'lcov.info', content_type: 'text/plain', summary: { percent: 60 } });
  });

  it('takes a multipart form: metadata as fields, one file part (gzip too)', async () => {
    const form = multipartBody({ kind: 'analysis', commit: SHA, branch: 'main' }, [{ filename: 'eslint.sarif', type: 'application/sarif+json', data: uploadFixture('results.sarif') }]);
    const r = await postUpload(t, { project: path, token: ci.secret, body: form.payload, headers: { 'content-type': form.contentType }, query: { build_id: '77' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'analysis', format: 'sarif', filename: 'eslint.sarif', content_type: 'application/sarif+json', commit: SHA, branch: 'main', build_id: '77', summary: { results: 5 } });
    const gz = multipartBody({}, [{ filename: 'cobertura.xml.gz', type: 'application/gzip', data: gzip(uploadFixture('cobertura.xml')) }]);
    const z = await postUpload(t, { project: path, token: ci.secret, body: gz.payload, headers: { 'content-type': gz.contentType } });
    expect(z.status).toBe(201);
    expect(z.body).toMatchObject({ format: 'cobertura', filename: 'cobertura.xml', content_type: 'application/xml', size_bytes: uploadFixture('cobertura.xml').length, summary: { percent: 75 } });
  });

  it('refuses malformed multipart forms with 400', async () => {
    const send = (form: { payload: Buffer; contentType: string }, query: Record<string, string> = {}) => postUpload(t, { project: path, token: ci.secret, body: form.payload, headers: { 'content-type': form.contentType }, query });
    const file = { filename: 'lcov.info', data: uploadFixture('coverage.lcov') };
    const cases: [{ payload: Buffer; contentType: string }, string, Record<string, string>?][] = [
      [multipartBody({ kind: 'coverage' }, []), 'no file part'],
      [multipartBody({}, [file, file]), 'one file per upload'],
      [multipartBody({ kind: 'coverage' }, [file]), '"kind" is given both', { kind: 'coverage' }],
      [multipartBody({ kind: 'robot' }, [file]), 'body.kind'],
      [multipartBody({ colour: 'red' }, [file]), 'unknown field "colour"'],
      [multipartBody({ branch: 'x'.repeat(2000) }, [file]), 'longer than'],
      [{ payload: Buffer.from('--nope\r\ngarbage'), contentType: 'multipart/form-data; boundary=nope' }, 'multipart'],
    ];
    for (const [form, text, query] of cases) {
      const r = await send(form, query);
      expect({ text, status: r.status, code: r.body.error?.code }).toEqual({ text, status: 400, code: 'invalid_request' });
      expect(r.body.error.message).toContain(text);
    }
  });

  it('keeps a file it cannot read and flags it unparsable, never a 500', async () => {
    const cases: [string | Buffer, Record<string, string>, string, string][] = [
      ['<testsuites><testsuite>', { format: 'junit' }, 'junit', 'malformed XML'],
      ['this is not coverage', { kind: 'coverage' }, 'unknown', 'could not be detected'],
      ['{"runs": 3}', { format: 'sarif' }, 'sarif', 'no "runs" array'],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), { kind: 'analysis', format: 'sarif' }, 'sarif', 'not UTF-8'],
      [uploadFixture('junit.xml'), { kind: 'coverage' }, 'unknown', 'looks like a junit file (test-results), not coverage'],
    ];
    for (const [body, query, format, error] of cases) {
      const r = await upload(body, query);
      expect({ query, status: r.status, format: r.body.format, parse_status: r.body.parse_status, summary: r.body.summary }).toEqual({ query, status: 201, format, parse_status: 'unparsable', summary: null });
      expect(r.body.parse_error).toContain(error);
    }
  });

  it('flags a billion-laughs document at once instead of expanding it', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n');
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">\n${entities}]>\n<testsuites><testsuite name="&lol9;"><testcase name="&lol9;"/></testsuite></testsuites>`;
    const started = Date.now();
    const r = await upload(bomb, { format: 'junit' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ parse_status: 'unparsable', parse_error: expect.stringContaining('DOCTYPE is refused'), size_bytes: Buffer.byteLength(bomb) });
  });

  it('refuses bad metadata with 400 naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ kind: 'robot' }, 'query parameter "kind"'],
      [{ format: 'xlsx' }, 'query parameter "format"'],
      [{ commit: 'not-a-sha' }, 'query parameter "commit"'],
      [{ commit: 'abc12' }, 'query parameter "commit"'],
      [{ commit: 'a'.repeat(65) }, 'query parameter "commit"'],
      [{ branch: 'bad\nbranch' }, 'query parameter "branch"'],
      [{ colour: 'red' }, 'unknown field "colour"'],
      [{ kind: 'coverage', format: 'junit' }, 'format junit is test-results, not coverage'],
    ];
    for (const [query, text] of cases) {
      const r = await upload(uploadFixture('coverage.lcov'), query);
      expect({ query, status: r.status, code: r.body.error?.code }).toEqual({ query, status: 400, code: 'invalid_request' });
      expect(r.body.error.message).toContain(text);
    }
  });

  it('refuses an empty upload, an undetectable file without a kind, and corrupt gzip', async () => {
    const empty = await upload('');
    expect([empty.status, empty.body.error.code]).toEqual([400, 'invalid_request']);
    expect(empty.body.error.message).toContain('empty');
    const unknown = await upload('hello');
    expect([unknown.status, unknown.body.error.message]).toEqual([400, expect.stringContaining('kind=coverage, test-results or analysis')]);
    const notGzip = await upload('SF:a\nend_of_record\n', {}, { 'content-encoding': 'gzip' });
    expect([notGzip.status, notGzip.body.error.message]).toEqual([400, 'Content-Encoding is gzip but the body is not gzip data']);
    const truncated = await upload(gzip(uploadFixture('junit.xml')).subarray(0, 40));
    expect([truncated.status, truncated.body.error.message]).toEqual([400, expect.stringContaining('corrupt or truncated')]);
    const br = await upload('x', {}, { 'content-encoding': 'br' });
    expect([br.status, br.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('writes an upload.created audit event with the metadata, never the body', async () => {
    const r = await upload(uploadFixture('coverage.lcov'), { commit: SHA, branch: 'main' });
    const events = await t.request('GET', `/v1/workspaces/${owner.slug}/audit-events?action=upload.created&target=${r.body.id}`, { token: owner.token });
    expect(events.status).toBe(200);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({
      action: 'upload.created', actor: { type: 'token', id: ci.id }, target: { type: 'upload', id: r.body.id, label: 'lcov.info' },
      details: { project_id: projectId, kind: 'coverage', format: 'lcov', size_bytes: r.body.size_bytes, sha256: r.body.sha256, commit: SHA, branch: 'main', parse_status: 'parsed' },
    });
    expect(JSON.stringify(events.body)).not.toContain('end_of_record');
  });

  it('records the user for a session upload, and no token', async () => {
    const r = await postUpload(t, { project: projectId, token: owner.token, body: uploadFixture('coverage.lcov') });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ token_id: null, user_id: owner.userId, project_id: projectId });
  });
});

describe('the upload size limit', () => {
  let t: TestApp;
  let token: string;
  const LIMIT = 2048;
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_UPLOAD_LIMIT_BYTES: String(LIMIT) });
    const owner = await t.bootstrap();
    await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
    token = (await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['upload'] })).secret;
  });
  afterAll(() => t?.close());

  const lcovOf = (bytes: number) => Buffer.from(`SF:a.ts\n${'DA:1,1\n'.repeat(Math.ceil(bytes / 7))}end_of_record\n`);
  const expectTooLarge = (r: { status: number; body: any }) => {
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'payload_too_large', limit_bytes: LIMIT });
    expect(r.body.error.message).toContain(`${LIMIT} bytes`);
  };

  it('accepts a file just under the limit', async () => {
    const r = await postUpload(t, { project: 'acme-1/web', token, body: lcovOf(1500) });
    expect(r.status).toBe(201);
  });

  it('answers 413 with the upload limit (not the JSON one) for a raw body over it', async () => {
    expectTooLarge(await postUpload(t, { project: 'acme-1/web', token, body: lcovOf(4000) }));
    expectTooLarge(await postUpload(t, { project: 'acme-1/web', token, body: JSON.stringify({ runs: [], pad: 'x'.repeat(4000) }), headers: { 'content-type': 'application/json' } }));
  });

  it('answers 413 for a multipart file over it', async () => {
    const form = multipartBody({}, [{ filename: 'lcov.info', data: lcovOf(4000) }]);
    expectTooLarge(await postUpload(t, { project: 'acme-1/web', token, body: form.payload, headers: { 'content-type': form.contentType } }));
  });

  it('answers 413 for a gzip bomb, in the body or as a file part: decompression stops at the limit', async () => {
    const bomb = gzip(Buffer.alloc(1024 * 1024)); // 1 MiB of zeros in about 1 KiB
    expect(bomb.length).toBeLessThan(LIMIT);
    const viaHeader = await postUpload(t, { project: 'acme-1/web', token, body: bomb, headers: { 'content-encoding': 'gzip' } });
    expectTooLarge(viaHeader);
    expect(viaHeader.body.error.message).toContain('the decompressed upload is larger than the upload limit');
    const viaMagic = await postUpload(t, { project: 'acme-1/web', token, body: bomb, query: { kind: 'coverage' } });
    expectTooLarge(viaMagic);
    const form = multipartBody({ kind: 'coverage' }, [{ filename: 'lcov.info.gz', data: bomb }]);
    expectTooLarge(await postUpload(t, { project: 'acme-1/web', token, body: form.payload, headers: { 'content-type': form.contentType } }));
  });
});
