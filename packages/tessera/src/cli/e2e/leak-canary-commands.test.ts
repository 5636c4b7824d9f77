import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, type BinaryHarness } from '../../test-support/built-binary.js';
import { cliFor, signInAndRun, startInstance, type ServedInstance } from '../../test-support/served-instance.js';

/** Issue 15 from the command line: canary tokens (`token create --canary`) and the workspace's leak response (`workspace update --leak-response`). */
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

const validate = async (token: string) => (await instance.api('POST', '/v1/auth/validate', { body: { token } })).body;

describe('tessera token create --canary', () => {
  it('creates a canary that grants nothing: validate answers it as an unknown token, and the token says it is a canary', async () => {
    const r = await cli.run(['token', 'create', '--name', 'trap in CI variables', '--kind', 'workspace', '--canary', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const secret = r.stdout.trim();
    expect(secret).toMatch(/^tsrw_[0-9A-Za-z]{46}$/);
    expect(await validate(secret)).toEqual({ valid: false, code: 'invalid' });
    const list = await instance.api('GET', `/v1/workspaces/${instance.workspace.slug}/tokens?q=trap`, { token: instance.session });
    expect(list.body.items).toEqual([expect.objectContaining({ name: 'trap in CI variables', canary: true })]);
    // An ordinary token made the same way works: the flag is what made the difference.
    const plain = await cli.run(['token', 'create', '--name', 'plain', '--kind', 'workspace', '--quiet']);
    expect((await validate(plain.stdout.trim())).valid).toBe(true);
  });

  it('refuses --canary for a personal token before asking the server', async () => {
    const r = await cli.run(['token', 'create', '--name', 'personal trap', '--canary']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('only a workspace or project token can be a canary');
  });
});

describe('tessera workspace update --leak-response', () => {
  it('switches between revoke and flag, shows it, and refuses anything else', async () => {
    const show = await cli.run(['workspace', 'show']);
    expect(show.stdout).toMatch(/Leaked tokens\s+revoked when reported/);
    const flag = await cli.run(['workspace', 'update', '--leak-response', 'flag']);
    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stdout).toMatch(/Leaked tokens\s+flagged when reported/);
    expect((await instance.api('GET', `/v1/workspaces/${instance.workspace.slug}`, { token: instance.session })).body.leak_response).toBe('flag');
    const back = await cli.run(['workspace', 'update', instance.workspace.slug, '--leak-response', 'revoke', '--json']);
    expect(JSON.parse(back.stdout).leak_response).toBe('revoke');
    const bad = await cli.run(['workspace', 'update', '--leak-response', 'ignore']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--leak-response');
    const nothing = await cli.run(['workspace', 'update']);
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toContain('nothing to change');
  });
});

describe('tessera token report-leak', () => {
  it('reports a found token read from standard input, with no sign-in: a live one is revoked, and the report audited with where it was found', async () => {
    const found = await instance.api('POST', `/v1/workspaces/${instance.workspace.slug}/tokens`, { token: instance.session, body: { kind: 'workspace', name: 'pasted in an issue', scopes: ['read'] } });
    expect((await validate(found.body.secret)).valid).toBe(true);
    // A stranger: no login in this config folder, no TESSERA_TOKEN.
    const stranger = cliFor(harness, instance);
    const r = await stranger.run(['token', 'report-leak', '-', '--found-at', 'https://github.com/acme/web/issues/7', '--source', 'issue'], { input: `${found.body.secret}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Reported.');
    expect(r.stdout).not.toContain(found.body.secret);
    expect(await validate(found.body.secret)).toMatchObject({ valid: false, code: 'revoked' });
    const audit = await instance.api('GET', `/v1/workspaces/${instance.workspace.slug}/audit-events?action=token.leak_reported`, { token: instance.session });
    expect(audit.body.items[0].details).toMatchObject({ url: 'https://github.com/acme/web/issues/7', source: 'issue' });
    // Anything else gets the same answer (nothing to learn by guessing).
    const junk = await stranger.run(['token', 'report-leak', 'not-a-token']);
    expect(junk.code, junk.stderr).toBe(0);
    expect(junk.stdout).toBe(r.stdout);
  });
});
