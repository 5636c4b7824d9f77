import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { postUpload, uploadFixture } from '../test-support/upload-requests.js';

/**
 * Who may upload to a project and read its uploads: project tokens only their own project,
 * workspace tokens any project of their workspace, sessions and personal tokens by their user's
 * role; a token needs `upload` or `write` to upload and `read` to read. Other tenants get 404.
 */
describe('upload routes refuse callers who may not use them', () => {
  let t: TestApp;
  let ws: string;
  let web: string;
  let api: string;
  const who: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    ws = owner.slug;
    who.owner = owner.token;
    web = (await t.request('POST', `/v1/workspaces/${ws}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } })).body.id;
    api = (await t.request('POST', `/v1/workspaces/${ws}/projects`, { token: owner.token, body: { name: 'API', slug: 'api' } })).body.id;
    const member = await t.addMember(owner.workspaceId, 'member');
    who.member = member.token;
    who.viewer = (await t.addMember(owner.workspaceId, 'viewer')).token;
    who.webUpload = (await t.createToken(owner.token, ws, { kind: 'project', project: 'web', scopes: ['upload'] })).secret;
    who.webRead = (await t.createToken(owner.token, ws, { kind: 'project', project: 'web', scopes: ['read'] })).secret;
    who.apiUpload = (await t.createToken(owner.token, ws, { kind: 'project', project: 'api', scopes: ['upload', 'read'] })).secret;
    who.wsUpload = (await t.createToken(owner.token, ws, { kind: 'workspace', scopes: ['upload'] })).secret;
    who.memberWrite = (await t.createToken(member.token, ws, { kind: 'personal', scopes: ['write'] })).secret;
    const other = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Other', slug: 'other' } });
    await t.request('POST', '/v1/workspaces/other/projects', { token: owner.token, body: { name: 'Web', slug: 'web' } });
    who.otherWsUpload = (await t.createToken(owner.token, 'other', { kind: 'workspace', scopes: ['upload', 'read'] })).secret;
    who.restrictedElsewhere = (await t.request('POST', '/v1/me/tokens', { token: owner.token, body: { name: 'other only', workspace: other.body.id, scopes: ['upload'] } })).body.secret;
    who.stranger = (await t.addMember(other.body.id, 'owner')).token;
  });
  afterAll(() => t?.close());

  const up = (token: string | undefined, project = `${ws}/web`, body: Buffer | string = uploadFixture('coverage.lcov')) => postUpload(t, { project, token, body });
  const outcome = (r: { status: number; body: any }) => [r.status, r.body?.error?.code ?? 'ok'];
  const count = async () => Number((await t.ctx.db.selectFrom('uploads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('accepts the path as a project id or as workspace%2Fproject, and answers 404 for either when there is no such project', async () => {
    expect(outcome(await up(who.owner, web))).toEqual([201, 'ok']);
    expect(outcome(await up(who.owner, `${ws}/web`))).toEqual([201, 'ok']);
    const lower = await t.app.inject({ method: 'POST', url: `/v1/projects/${ws}%2fweb/uploads`, headers: { authorization: `Bearer ${who.owner}`, 'content-type': 'text/plain' }, payload: 'SF:a\nend_of_record\n' });
    expect(lower.statusCode).toBe(201);
    expect(outcome(await up(who.owner, `${ws}/nope`))).toEqual([404, 'not_found']);
    expect(outcome(await up(who.owner, 'nowhere/web'))).toEqual([404, 'not_found']);
    expect(outcome(await up(who.owner, 'prj_AAAAAAAAAAAAAAAA'))).toEqual([404, 'not_found']);
    expect((await up(who.owner, `${ws}/nope`)).body.error.message).toBe('project not found');
  });

  it('answers 400 for a path that is neither, and 404 for an unencoded slash', async () => {
    expect(outcome(await up(who.owner, 'web'))).toEqual([400, 'invalid_request']);
    expect((await up(who.owner, 'web')).body.error.message).toContain('%2F');
    const unencoded = await t.app.inject({ method: 'POST', url: `/v1/projects/${ws}/web/uploads`, headers: { authorization: `Bearer ${who.owner}` }, payload: 'x' });
    expect(unencoded.statusCode).toBe(404);
  });

  it('answers 401 without credentials, or with a bad token', async () => {
    const r = await up(undefined);
    expect(outcome(r)).toEqual([401, 'unauthenticated']);
    expect(r.headers['www-authenticate']).toBe('Bearer realm="tessera"');
    expect(outcome(await up('tsrp_garbage'))).toEqual([401, 'invalid_token']);
    for (const url of [`/v1/projects/${web}/uploads`, `/v1/projects/${web}/uploads/upl_AAAAAAAAAAAAAAAA`, `/v1/projects/${web}/uploads/upl_AAAAAAAAAAAAAAAA/raw`]) {
      expect(outcome(await t.request('GET', url))).toEqual([401, 'unauthenticated']);
    }
  });

  it('lets a project token upload to its own project and answers 403 on another project', async () => {
    expect(outcome(await up(who.webUpload, `${ws}/web`))).toEqual([201, 'ok']);
    const r = await up(who.apiUpload, `${ws}/web`);
    expect(outcome(r)).toEqual([403, 'wrong_token_kind']);
    expect(r.body.error.message).toContain('can act only on its own project');
    expect(outcome(await t.request('GET', `/v1/projects/${web}/uploads`, { token: who.apiUpload }))).toEqual([403, 'wrong_token_kind']);
    expect(outcome(await up(who.apiUpload, api))).toEqual([201, 'ok']);
  });

  it('lets a workspace token upload to any project of its workspace, and hides other workspaces (404)', async () => {
    expect(outcome(await up(who.wsUpload, `${ws}/web`))).toEqual([201, 'ok']);
    expect(outcome(await up(who.wsUpload, api))).toEqual([201, 'ok']);
    const r = await up(who.otherWsUpload, `${ws}/web`);
    expect(outcome(r)).toEqual([404, 'not_found']);
    expect(r.body.error.message).toBe('project not found');
    expect(outcome(await up(who.otherWsUpload, web))).toEqual([404, 'not_found']);
    expect(outcome(await up(who.otherWsUpload, 'other/web'))).toEqual([201, 'ok']);
    expect(outcome(await t.request('GET', `/v1/projects/${web}/uploads`, { token: who.otherWsUpload }))).toEqual([404, 'not_found']);
    expect(outcome(await up(who.stranger, web))).toEqual([404, 'not_found']);
  });

  it('needs the upload or write scope: read alone is 403 insufficient_scope, with the challenge', async () => {
    const r = await up(who.webRead);
    expect(outcome(r)).toEqual([403, 'insufficient_scope']);
    expect(r.body.error).toMatchObject({ required_scope: 'upload', accepted_scopes: ['upload', 'write'], message: 'this token lacks the "upload" or "write" scope (it has: read)' });
    expect(r.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(r.headers['www-authenticate']).toContain('scope="upload"');
    expect(outcome(await up(who.memberWrite))).toEqual([201, 'ok']);
  });

  it('needs the read scope to list and download', async () => {
    expect(outcome(await t.request('GET', `/v1/projects/${web}/uploads`, { token: who.webUpload }))).toEqual([403, 'insufficient_scope']);
    expect(outcome(await t.request('GET', `/v1/projects/${web}/uploads`, { token: who.webRead }))).toEqual([200, 'ok']);
    expect(outcome(await t.request('GET', `/v1/projects/${web}/uploads`, { token: who.viewer }))).toEqual([200, 'ok']);
  });

  it('lets members upload but not viewers; personal tokens follow their user, and their workspace restriction', async () => {
    expect(outcome(await up(who.member))).toEqual([201, 'ok']);
    const viewer = await up(who.viewer);
    expect(outcome(viewer)).toEqual([403, 'forbidden']);
    expect(viewer.body.error.message).toContain('needs the member role or higher');
    expect(outcome(await up(who.restrictedElsewhere))).toEqual([403, 'token_restricted']);
  });

  it('checks access before reading the body: a refused caller gets 403, not 413, for an oversized upload', async () => {
    const huge = Buffer.alloc(60 * 1024 * 1024, 'A');
    expect(outcome(await up(who.webRead, `${ws}/web`, huge))).toEqual([403, 'insufficient_scope']);
    expect(outcome(await up(undefined, `${ws}/web`, huge))).toEqual([401, 'unauthenticated']);
    expect(outcome(await up(who.owner, `${ws}/web`, huge))).toEqual([413, 'payload_too_large']);
  });

  it('stores nothing when refusing', async () => {
    const before = await count();
    for (const token of [undefined, who.webRead, who.apiUpload, who.otherWsUpload, who.viewer, who.stranger]) await up(token);
    expect(await count()).toBe(before);
  });
});
