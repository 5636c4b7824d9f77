import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tessera/src/test-support/test-app.js';
import { createManagementClient, ManagementError } from './management.js';
import { createVerifier } from './index.js';

describe('the management client (create, list, rotate, revoke) against a listening Tessera app', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['bootstrap']>>;
  let url = '';
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => t?.close());

  it('creates, lists (never with secrets), rotates and revokes; the new secret validates and the revoked one does not', async () => {
    const m = createManagementClient({ url, token: owner.token });
    const created = await m.createToken(owner.slug, { kind: 'workspace', name: 'deploy-bot', scopes: ['read'], expires_in_days: 30 });
    expect(created.secret).toMatch(/^tsrw_/);
    const list = await m.listTokens(owner.slug, { limit: 10 });
    const listed = list.items.find((x) => x.id === created.id);
    expect(listed).toMatchObject({ name: 'deploy-bot', status: 'active' });
    expect(JSON.stringify(list)).not.toContain(created.secret);

    const rotated = await m.rotateToken(created.id, { grace_period_seconds: 0 });
    expect(rotated.secret).not.toBe(created.secret);
    const v = createVerifier({ url, credential: (await t.request('POST', '/v1/verifiers', { token: owner.token, body: { name: 'm' } })).body.secret, stream: false });
    expect((await v.verify(rotated.secret)).valid).toBe(true);
    await m.revokeToken(rotated.id);
    expect(await v.verify(rotated.secret)).toMatchObject({ valid: false, code: 'revoked' });
  });

  it("refusals are ManagementError with the server's code; misuse is TypeError", async () => {
    expect(() => createManagementClient({ url: 'nope', token: owner.token })).toThrow(TypeError);
    const viewer = await t.addMember(owner.workspaceId, 'viewer');
    const m = createManagementClient({ url, token: viewer.token });
    const err = await m.createToken(owner.slug, { kind: 'workspace', name: 'x', scopes: ['read'], expires_in_days: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManagementError);
    expect(err).toMatchObject({ status: 403, code: 'forbidden' });
    expect(String((err as Error).message)).not.toContain(viewer.token);
    const bad = await createManagementClient({ url, token: owner.token }).createToken(owner.slug, { kind: 'nope' } as never).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'invalid_request' });
  });
});
