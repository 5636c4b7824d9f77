import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, type BinaryHarness } from '../../test-support/built-binary.js';
import { cliFor, signInAndRun, startInstance, type ServedInstance } from '../../test-support/served-instance.js';

/**
 * Platform-defined scopes through the real binary: a server started with TESSERA_SCOPES, the CLI
 * listing them, creating a token that holds one, and whoami / token check reporting what the token
 * may do now (role, status, effective scopes), before and after its rotation.
 */
let harness: BinaryHarness;
let instance: ServedInstance;
let cli: ReturnType<typeof cliFor>;

beforeAll(async () => {
  harness = await buildBinary();
  instance = await startInstance(harness, {
    // A first start creates and migrates an embedded database: slow on a loaded machine.
    startTimeoutMs: 150_000,
    env: { TESSERA_SCOPES: JSON.stringify([{ name: 'deploy', description: 'Deploy releases to production', kinds: ['workspace', 'personal', 'ci'], min_role: 'admin' }]) },
  });
  cli = cliFor(harness, instance);
  await signInAndRun(cli);
}, 400_000);
afterAll(async () => {
  await instance?.stop();
  await harness?.cleanup();
});

describe('platform scopes in the CLI', () => {
  it('tessera scopes lists the built-in and the declared scopes; --kind filters them', async () => {
    const r = await cli.run(['scopes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SCOPE +KINDS +MIN ROLE +SOURCE +DESCRIPTION$/m);
    expect(r.stdout).toMatch(/^read +workspace,project,personal,ci +viewer +built-in +Read resources/m);
    expect(r.stdout).toMatch(/^deploy +workspace,personal,ci +admin +platform +Deploy releases to production$/m);
    const project = await cli.run(['scopes', '--kind', 'project']);
    expect(project.stdout).not.toContain('deploy');
    const json = JSON.parse((await cli.run(['scopes', '--json'])).stdout);
    expect(json.map((s: { name: string }) => s.name)).toEqual(['read', 'write', 'upload', 'admin', 'deploy']);
  });

  it('token create --scopes read,deploy creates a token holding it; whoami and token check report role, status and effective scopes', async () => {
    const created = await cli.run(['token', 'create', '--kind', 'workspace', '--name', 'deployer', '--scopes', 'read,deploy', '--quiet']);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^tsrw_/);

    const who = await cli.run(['whoami'], { env: { TESSERA_TOKEN: secret } });
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toMatch(/^Role +admin$/m);
    expect(who.stdout).toMatch(/^Status +active$/m);
    expect(who.stdout).toMatch(/^Scopes +read, deploy$/m);

    const check = await cli.run(['token', 'check', secret]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('valid workspace token');
    expect(check.stdout).toMatch(/^ +role: admin$/m);
    expect(check.stdout).toMatch(/^ +status: active$/m);
    expect(check.stdout).toMatch(/^ +scopes: read, deploy$/m);

    // Rotated with a grace period: the old token says it is rotating, and until when.
    const id = (await instance.api('POST', '/v1/auth/validate', { body: { token: secret } })).body.token_id as string;
    const rotated = await instance.api('POST', `/v1/tokens/${id}/rotate`, { token: instance.session, body: { grace_period_seconds: 3600 } });
    expect(rotated.status).toBeLessThan(300);
    const after = await cli.run(['token', 'check', secret]);
    expect(after.stdout).toMatch(/^ +status: rotating: replaced, stops working \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in (1 hour|59 minutes|60 minutes)\)$/m);
  });

  it('token create refuses a platform scope above your role or not for that kind, with the server\'s reason (exit 1-class error)', async () => {
    const r = await cli.run(['token', 'create', '--kind', 'project', '--project', 'nope', '--name', 'x', '--scopes', 'deploy']);
    expect(r.code).not.toBe(0);
    const project = await instance.api('POST', '/v1/workspaces/acme/projects', { token: instance.session, body: { name: 'Web', slug: 'web' } });
    expect(project.status).toBe(201);
    const kind = await cli.run(['token', 'create', '--kind', 'project', '--project', 'web', '--name', 'x', '--scopes', 'read,deploy']);
    expect(kind.code).not.toBe(0);
    expect(kind.stderr).toContain('a project token cannot have the "deploy" scope');
  });

  it('token create --help names platform scopes and tessera scopes', async () => {
    const r = await cli.run(['token', 'create', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('scopes your platform defines (`tessera scopes` lists them), e.g. read,deploy');
  });
});
