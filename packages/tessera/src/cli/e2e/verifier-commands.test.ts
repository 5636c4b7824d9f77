import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, type BinaryHarness } from '../../test-support/built-binary.js';
import { cliFor, signInAndRun, startInstance, type ServedInstance } from '../../test-support/served-instance.js';

/** `tessera verifier create|list|revoke` with the real binary against a real server process. */
let harness: BinaryHarness;
let instance: ServedInstance;
let cli: ReturnType<typeof cliFor>;

beforeAll(async () => {
  harness = await buildBinary();
  instance = await startInstance(harness);
  cli = cliFor(harness, instance);
  await signInAndRun(cli);
}, 240_000);
afterAll(async () => {
  await instance?.stop();
  await harness?.cleanup();
});

describe('tessera verifier', () => {
  it('creates a workspace verifier (shown once), lists it without the secret, introspects with it, and revokes it', async () => {
    const created = await cli.run(['verifier', 'create', '--name', 'api gateway']);
    expect(created.code, created.stderr).toBe(0);
    const secret = /\btsrv_[0-9A-Za-z]{46}\b/.exec(created.stdout)?.[0];
    expect(secret).toBeDefined();
    expect(created.stdout).toContain('will not be shown again');
    const list = await cli.run(['verifier', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const [v] = JSON.parse(list.stdout);
    expect(v).toMatchObject({ name: 'api gateway', workspace_id: instance.workspace.id, status: 'active', display_prefix: secret!.slice(0, 13) });
    expect(list.stdout).not.toContain(secret);
    const table = await cli.run(['verifier', 'list']);
    expect(table.stdout).toMatch(/api gateway\s+tsrv_\w{8}\s+active/);

    const tok = await instance.api('POST', `/v1/workspaces/${instance.workspace.slug}/tokens`, { token: instance.session, body: { kind: 'workspace', name: 'w', scopes: ['read'] } });
    const introspect = () => fetch(`${instance.url}/v1/oauth/introspect`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`gw:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${tok.body.secret}` });
    expect(await (await introspect()).json()).toMatchObject({ active: true, kind: 'workspace', scope: 'read' });

    const revoked = await cli.run(['verifier', 'revoke', v.id, '--yes']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await introspect()).status).toBe(401);
    expect(JSON.parse((await cli.run(['verifier', 'list', '--json'])).stdout)[0].status).toBe('revoked');
  });

  it('creates an instance-wide verifier with --instance, with --quiet printing the credential alone', async () => {
    const created = await cli.run(['verifier', 'create', '--instance', '--name', 'edge', '--quiet']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toMatch(/^tsrv_[0-9A-Za-z]{46}$/);
    const list = JSON.parse((await cli.run(['verifier', 'list', '--instance', '--json'])).stdout);
    expect(list.map((x: { name: string; workspace_id: string | null }) => [x.name, x.workspace_id])).toEqual([['edge', null]]);
    const both = await cli.run(['verifier', 'list', '--instance', '--workspace', 'acme']);
    expect(both.code).not.toBe(0);
  });
});
